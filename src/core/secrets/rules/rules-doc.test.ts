import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SECRET_RULES } from './catalog.js';
import { RULES_DOC_PATH, renderRulesDoc } from './rules-doc.js';

describe('docs/secrets/rules.md', () => {
  it('is what the catalogue generates (run scripts/generate-rules-doc.ts after changing a rule)', () => {
    const committed = readFileSync(new URL(`../../../../${RULES_DOC_PATH}`, import.meta.url), 'utf8');
    expect(committed).toBe(renderRulesDoc());
  });

  it('lists every rule once', () => {
    const page = renderRulesDoc();
    for (const rule of SECRET_RULES) {
      expect(page.split(`| \`${rule.id}\` |`)).toHaveLength(2);
    }
  });
});
