/**
 * Is an IAM user a person or a machine? IAM has no such field, so Vigil decides
 * with a small, documented heuristic (docs/importers/aws.md) shared by the IAM
 * export and credential report importers, so that both sources agree.
 */

/** The kinds an IAM user can get. */
export type AwsUserKind = 'human' | 'service-account';

/** A user's kind and why Vigil chose it (kept in `attributes.kindReason`). */
export interface UserClassification {
  kind: AwsUserKind;
  reason: string;
}

/** Tag keys that state the kind outright, in order of preference (matched case-insensitively). */
const KIND_TAG_KEYS = ['vigil:kind', 'kind'] as const;

const TAG_VALUES: ReadonlyMap<string, AwsUserKind> = new Map([
  ['human', 'human'],
  ['person', 'human'],
  ['user', 'human'],
  ['service-account', 'service-account'],
  ['service', 'service-account'],
  ['machine', 'service-account'],
  ['nhi', 'service-account'],
  ['non-human', 'service-account'],
  ['bot', 'service-account'],
  ['automation', 'service-account'],
]);

/** Whole words (between `-`, `_`, `.`, `@`, `+`, `=`, `,` or `/`) that mark a machine. */
const MACHINE_WORDS = new Set(['svc', 'service', 'services', 'bot', 'bots', 'ci', 'cicd', 'system']);
/** Words that mark a machine only as the first word of the name (`app-invoicing`, `api-gateway`). */
const MACHINE_PREFIXES = new Set(['app', 'api']);
/** Longer words that mark a machine wherever they appear (`reportingservice`, `deployer`). */
const MACHINE_FRAGMENTS = [
  'service',
  'deploy',
  'automation',
  'terraform',
  'jenkins',
  'github',
  'gitlab',
  'pipeline',
  'bitbucket',
  'circleci',
];

function words(text: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const ch of text.toLowerCase()) {
    if ('-_.@+=,/ '.includes(ch)) {
      if (current !== '') out.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (current !== '') out.push(current);
  return out;
}

function machineMarker(text: string, allowPrefix: boolean): string | null {
  const parts = words(text);
  const first = parts[0];
  if (allowPrefix && first !== undefined && MACHINE_PREFIXES.has(first) && parts.length > 1) return `${first}-`;
  for (const part of parts) {
    if (MACHINE_WORDS.has(part)) return part;
  }
  const lower = text.toLowerCase();
  for (const fragment of MACHINE_FRAGMENTS) {
    if (lower.includes(fragment)) return fragment;
  }
  return null;
}

/**
 * Classifies an IAM user as a person or a machine.
 *
 * 1. A tag `vigil:kind` (or `kind`) whose value is `human`/`person`/`user` or
 *    `service-account`/`service`/`machine`/`nhi`/`bot`/`automation` wins.
 * 2. Otherwise a name or path that reads like automation makes a service account:
 *    a word `svc`, `service`, `bot`, `ci`, `cicd`, `system`; a first word `app` or `api`;
 *    or anywhere `service`, `deploy`, `automation`, `terraform`, `jenkins`, `github`,
 *    `gitlab`, `pipeline`, `bitbucket`, `circleci`.
 * 3. Otherwise the user is a person.
 *
 * @example classifyUser({ name: 'svc-reporting', path: '/', tags: {} }) // { kind: 'service-account', reason: 'name has "svc"' }
 * @example classifyUser({ name: 'bob.martin', path: '/', tags: {} })    // { kind: 'human', reason: 'no machine marker in name or path' }
 */
export function classifyUser(user: {
  name: string;
  path: string;
  tags: Readonly<Record<string, string>>;
}): UserClassification {
  for (const wanted of KIND_TAG_KEYS) {
    for (const [key, value] of Object.entries(user.tags)) {
      if (key.toLowerCase() !== wanted) continue;
      const kind = TAG_VALUES.get(value.trim().toLowerCase());
      if (kind !== undefined) return { kind, reason: `tag ${key}=${value.trim()}` };
    }
  }
  const inName = machineMarker(user.name, true);
  if (inName !== null) return { kind: 'service-account', reason: `name has "${inName}"` };
  const inPath = machineMarker(user.path, false);
  if (inPath !== null) return { kind: 'service-account', reason: `path has "${inPath}"` };
  return { kind: 'human', reason: 'no machine marker in name or path' };
}
