/**
 * The secret-detection catalogue: every rule Vigil ships, grouped by family, and the checks a
 * match must pass after its pattern. The scanner compiles {@link SECRET_RULES} once; the order
 * is the tie-break between two specific rules that match the same text (earlier wins), so
 * families with the most specific formats come first and the generic assignments last.
 */
import { shannonEntropy } from '../entropy.js';
import type { SecretRule } from '../secret-rule.js';
import { AI_RULES } from './ai.js';
import { CHAT_RULES } from './chat.js';
import { CLOUD_RULES } from './cloud.js';
import { CODE_HOST_RULES } from './code-hosts.js';
import { GENERIC_RULES } from './generic.js';
import { INFRA_RULES } from './infra.js';
import { MAIL_RULES } from './mail.js';
import { OBSERVABILITY_RULES } from './observability.js';
import { PAYMENT_RULES } from './payments.js';
import { PRIVATE_KEY_RULES } from './private-keys.js';
import { REGISTRY_RULES } from './registries.js';
import { TOKEN_RULES } from './tokens.js';

/** A family of rules: what the documentation groups them under. */
export interface SecretRuleFamily {
  /** Kebab-case name, also the rules' file: `cloud`, `code-hosts`, `private-keys`… */
  id: string;
  title: string;
  rules: readonly SecretRule[];
}

/** The rule families in catalogue order. */
export const SECRET_RULE_FAMILIES: readonly SecretRuleFamily[] = [
  { id: 'cloud', title: 'Cloud providers', rules: CLOUD_RULES },
  { id: 'code-hosts', title: 'Code hosts', rules: CODE_HOST_RULES },
  { id: 'chat', title: 'Chat and messaging', rules: CHAT_RULES },
  { id: 'payments', title: 'Payments', rules: PAYMENT_RULES },
  { id: 'mail', title: 'E-mail delivery', rules: MAIL_RULES },
  { id: 'ai', title: 'AI platforms', rules: AI_RULES },
  { id: 'registries', title: 'Package and image registries', rules: REGISTRY_RULES },
  { id: 'observability', title: 'Observability', rules: OBSERVABILITY_RULES },
  { id: 'infra', title: 'Infrastructure and platforms', rules: INFRA_RULES },
  { id: 'private-keys', title: 'Private keys', rules: PRIVATE_KEY_RULES },
  { id: 'tokens', title: 'JSON Web Tokens and connection URIs', rules: TOKEN_RULES },
  { id: 'generic', title: 'Generic assignments', rules: GENERIC_RULES },
];

/** Every rule, in the order the scanner should try them. */
export const SECRET_RULES: readonly SecretRule[] = SECRET_RULE_FAMILIES.flatMap((family) => family.rules);

const BY_ID: ReadonlyMap<string, SecretRule> = new Map(SECRET_RULES.map((rule) => [rule.id, rule]));

/**
 * The rule with this id, or `undefined`.
 *
 * @example ruleById('github-pat')?.name // 'GitHub personal access token (classic)'
 */
export function ruleById(id: string): SecretRule | undefined {
  return BY_ID.get(id);
}

/**
 * The checks a secret captured by `rule`'s pattern must pass to be reported: at least
 * `rule.minEntropy` bits of entropy per character, and `rule.verify` (check digits, structure,
 * placeholders). The scanner applies this to every match, after the pattern and before
 * allowlists.
 *
 * @example passesRuleChecks(ruleById('github-pat'), token) // false when the CRC-32 suffix is wrong
 */
export function passesRuleChecks(rule: SecretRule, secret: string): boolean {
  if (rule.minEntropy !== undefined && shannonEntropy(secret) < rule.minEntropy) return false;
  return rule.verify === undefined || rule.verify(secret);
}
