/** Writes docs/secrets/rules.md from the secret-detection rule catalogue (see src/core/secrets/rules/rules-doc.ts). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { RULES_DOC_PATH, renderRulesDoc } from '../src/core/secrets/rules/rules-doc.js';

const target = new URL(`../${RULES_DOC_PATH}`, import.meta.url);
mkdirSync(new URL('.', target), { recursive: true });
writeFileSync(target, renderRulesDoc());
