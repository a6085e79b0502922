/**
 * Vigil stores no secret values. A hand-written file is where one slips in most
 * easily (`password: …` under a credential, a live key pasted as its id), so the
 * importer refuses the whole file, names the place, and never repeats the value.
 */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { ImportInputError } from '../../../core/errors.js';
import { locate, type YamlSource } from './yaml-source.js';

/** Field names that can only mean "the secret itself" (compared without case, `-` or `_`). */
const SECRET_FIELDS: ReadonlySet<string> = new Set([
  'secret',
  'secretvalue',
  'secretkey',
  'secretaccesskey',
  'password',
  'passwd',
  'passphrase',
  'pwd',
  'value',
  'token',
  'tokenvalue',
  'accesstoken',
  'refreshtoken',
  'bearertoken',
  'apikey',
  'apitoken',
  'clientsecret',
  'privatekey',
  'key',
  'keymaterial',
  'pem',
]);

/**
 * Shapes of well-known secret values. Each is anchored or has a literal prefix and
 * bounded repetition over one character class, so matching is linear in the input.
 */
const SECRET_VALUE_PATTERNS: ReadonlyArray<{ pattern: RegExp; what: string }> = [
  { pattern: /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----/, what: 'a private key' },
  { pattern: /^[sr]k_(?:live|test)_[0-9A-Za-z]{10,}/, what: 'a Stripe secret or restricted key' },
  { pattern: /^sk-(?:proj-|svcacct-|admin-)?[0-9A-Za-z_-]{20,}/, what: 'an OpenAI API key' },
  { pattern: /^sk-ant-[0-9A-Za-z_-]{20,}/, what: 'an Anthropic API key' },
  { pattern: /^xox[abeposr]-[0-9A-Za-z-]{10,}/, what: 'a Slack token' },
  { pattern: /^gh[pousr]_[0-9A-Za-z]{30,}/, what: 'a GitHub token' },
  { pattern: /^github_pat_[0-9A-Za-z_]{30,}/, what: 'a GitHub token' },
  { pattern: /^glpat-[0-9A-Za-z_-]{20,}/, what: 'a GitLab token' },
  { pattern: /^hv[sb]\.[0-9A-Za-z_-]{20,}/, what: 'a Vault token' },
  { pattern: /^AIza[0-9A-Za-z_-]{35}/, what: 'a Google API key' },
  { pattern: /^eyJ[0-9A-Za-z_-]{8,}\.eyJ[0-9A-Za-z_-]{8,}\./, what: 'a JSON Web Token' },
];

const ADVICE =
  'Vigil stores no secret values, only metadata: remove it, and identify the credential by its id or a `fingerprint` (a key id, the last four characters, or a hash)';

/** Throws if any field name or value in the document looks like a secret value. */
export function rejectSecretValues(source: YamlSource): void {
  const contents = source.document.contents;
  if (contents !== null) walk(source, contents, []);
}

function walk(source: YamlSource, node: Node, path: PropertyKey[]): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      if (SECRET_FIELDS.has(key.toLowerCase().replace(/[-_\s]/g, ''))) {
        throw new ImportInputError(
          source.input.name,
          locate(source, path, key),
          `the field "${key}" would hold a secret value. ${ADVICE}`,
        );
      }
      if (pair.value !== null && isNodeLike(pair.value)) walk(source, pair.value, [...path, key]);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      if (isNodeLike(item)) walk(source, item, [...path, index]);
    });
  } else if (isScalar(node)) {
    const value = node.value;
    if (typeof value !== 'string') return;
    const match = SECRET_VALUE_PATTERNS.find(({ pattern }) => pattern.test(value));
    if (match !== undefined) {
      throw new ImportInputError(
        source.input.name,
        locate(source, path),
        `this value looks like ${match.what}, a secret. ${ADVICE}`,
      );
    }
  }
  // Aliases point at nodes walked where their anchor is.
}

function isNodeLike(value: unknown): value is Node {
  return isMap(value) || isSeq(value) || isScalar(value);
}
