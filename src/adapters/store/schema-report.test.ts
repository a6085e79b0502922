import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { schemaReport } from './schema-report.js';

describe('schema report', () => {
  it('docs/schema.sql matches the migrations (run `npm run schema:report` after changing one)', async () => {
    const committed = readFileSync(new URL('../../../docs/schema.sql', import.meta.url), 'utf8');
    expect(committed).toBe(await schemaReport());
  });
});
