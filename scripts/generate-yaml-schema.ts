/**
 * Writes docs/schemas/vigil-identities.schema.json from the zod schema of the
 * vigil-yaml importer, so that editors validate identities files as Vigil does.
 *
 *   node --import tsx scripts/generate-yaml-schema.ts
 *
 * A test (vigil-yaml-schema-file.test.ts) fails when the committed file and the
 * schema drift apart; run this script to bring them back together.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSON_SCHEMA_PATH, vigilYamlJsonSchema } from '../src/adapters/importers/vigil-yaml/schema.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, JSON_SCHEMA_PATH);
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, `${JSON.stringify(vigilYamlJsonSchema(), null, 2)}\n`);
// Format as the repository's formatter would, so that `biome check` stays clean.
execFileSync(join(root, 'node_modules', '.bin', 'biome'), ['format', '--write', target], { stdio: 'inherit' });
console.log(`wrote ${JSON_SCHEMA_PATH}`);
