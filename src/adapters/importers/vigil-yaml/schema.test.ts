import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { JSON_SCHEMA_PATH, nearest, vigilYamlJsonSchema } from './schema.js';

const root = new URL('../../../../', import.meta.url);
const committed = (): unknown => JSON.parse(readFileSync(new URL(JSON_SCHEMA_PATH, root), 'utf8'));

describe('the published JSON Schema', () => {
  it('is the one generated from the zod schema (run scripts/generate-yaml-schema.ts if not)', () => {
    expect(committed()).toEqual(vigilYamlJsonSchema());
  });

  it('accepts the example file, as an editor would', () => {
    // Formats are checked by the schema's own patterns; ajv-formats is not needed.
    const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(committed() as object);
    const example = parse(readFileSync(new URL('examples/identities.yaml', root), 'utf8'));
    const valid = validate(example);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('flags a misspelt field, as an editor would', () => {
    const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(committed() as object);
    expect(
      validate({ version: 1, scope: 's', identities: [{ provider: 'x', id: 'a', kind: 'bot', lastused: 'x' }] }),
    ).toBe(false);
  });
});

describe('nearest', () => {
  it('suggests a field within two edits, ignoring case', () => {
    expect(nearest('lastused', ['lastUsed', 'lastRotated'])).toBe('lastUsed');
    expect(nearest('expiry', ['expires', 'created'])).toBe('expires');
  });

  it('suggests nothing for an unrelated word (control)', () => {
    expect(nearest('password', ['id', 'type', 'status'])).toBeUndefined();
  });
});
