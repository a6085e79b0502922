/**
 * The rule catalogue as a Markdown page (docs/secrets/rules.md), so that people can see what
 * Vigil detects without reading the rules' source. `scripts/generate-rules-doc.ts` writes it;
 * a test keeps the committed page equal to what the catalogue says.
 */
import type { SecretRule } from '../secret-rule.js';
import { SECRET_RULE_FAMILIES, SECRET_RULES, type SecretRuleFamily } from './catalog.js';

/** Where the page lives, relative to the repository root. */
export const RULES_DOC_PATH = 'docs/secrets/rules.md';

/** A table cell: pipes escaped, line breaks flattened. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function row(rule: SecretRule): string {
  const checks = [
    rule.minEntropy === undefined ? null : `entropy ≥ ${rule.minEntropy}`,
    rule.verify === undefined ? null : 'verified',
    rule.identify === undefined ? null : 'names identity',
  ].filter((check): check is string => check !== null);
  return `| \`${rule.id}\` | ${cell(rule.name)} | ${rule.provider} | ${rule.identityKind} / ${rule.credentialType} | ${rule.severity} | ${checks.join(', ') || '—'} | ${cell(rule.description)} |`;
}

function family(section: SecretRuleFamily): string[] {
  return [
    `## ${section.title}`,
    '',
    `${section.rules.length} rules, in \`src/core/secrets/rules/${section.id}.ts\`.`,
    '',
    '| Rule | Name | Provider | Identity / credential | Severity | Checks | What it is |',
    '|---|---|---|---|---|---|---|',
    ...section.rules.map(row),
    '',
  ];
}

/**
 * The whole page, ending with a newline.
 *
 * @example writeFileSync('docs/secrets/rules.md', renderRulesDoc())
 */
export function renderRulesDoc(): string {
  const lines = [
    '# Secret-detection rules',
    '',
    '<!-- Generated from src/core/secrets/rules by `node --import tsx scripts/generate-rules-doc.ts`. Do not edit by hand. -->',
    '',
    `Vigil ships ${SECRET_RULES.length} rules in ${SECRET_RULE_FAMILIES.length} families. Each rule is a linear-time (RE2) pattern`,
    'plus checks on what it captures:',
    '',
    '- **entropy ≥ n**: the secret must carry at least n bits of Shannon entropy per character;',
    '- **verified**: a structure check — a check digit (GitHub and npm CRC-32, age Bech32), a JWT header that',
    '  decodes, a PEM body, a base64 `user:password` — and, where the format allows them, a rejection of',
    '  placeholders, templates, references, hashes and ids;',
    '- **names identity**: the match says which identity the secret unlocks (an AWS access key id, a GCP',
    '  service account, a Kubernetes service account, a JWT subject, a database user, an account).',
    '',
    'Rules are tried in this order; when two match the same text, a specific rule wins over a generic one, and',
    'an earlier rule over a later one. Identity kinds and credential types are those of the inventory',
    '(docs/inventory-model.md).',
    '',
    '| Family | Rules |',
    '|---|---|',
    ...SECRET_RULE_FAMILIES.map((section) => `| ${section.title} | ${section.rules.length} |`),
    '',
    ...SECRET_RULE_FAMILIES.flatMap(family),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
