/**
 * Building blocks shared by the rule families: the pieces of pattern every "key = value" rule
 * repeats, token boundaries, and the checks most rules run on what they match.
 *
 * Patterns are written with `String.raw` so that a backslash in the source is a backslash in
 * the regular expression. They use only syntax that RE2 and JavaScript read the same way: no
 * look-around, no back-references, no inline flags, `\x60` for a backtick.
 */
import { githubChecksum } from '../checks.js';
import { shannonEntropy } from '../entropy.js';
import { isNonSecretValue, isPlaceholder } from '../placeholders.js';
import type { SecretRule } from '../secret-rule.js';

/**
 * What may follow a value in code or config: whitespace, a quote, `;`, `,`, a closing bracket,
 * `<` (XML), `&` (a query string), `|`, a backslash (a JSON-escaped `\n`), or the end of the
 * text. It is consumed, which only matters to a second secret that starts on that very character.
 */
export const END = String.raw`(?:[\s"'\x60;,)}\]<>&|\\]|$)`;

/** The end of a token whose alphabet is base64url or wider (`-` and `_` are not word boundaries). */
export const URL_SAFE_END = '(?:[^0-9A-Za-z_-]|$)';

/** The end of a token whose alphabet is standard base64 (`+`, `/`, `=` continue it). */
export const BASE64_END = '(?:[^0-9A-Za-z+/=_-]|$)';

/**
 * The assignment operators of code and config: `=`, `:`, `:=`, `=>`, `?=`, `||=`, `,` (a call's
 * argument list, as in `getenv("KEY", "default")`), and the fallbacks `??` and `||` (as in
 * `process.env.KEY ?? 'default'`, where the key is named a second time).
 */
export const ASSIGN = String.raw`(?:=>|:=|\?=|\|\|=|\?\?|\|\||[=:,])`;

/**
 * What a value may be the fallback of: `process.env.KEY ?? `, `os.environ.get("KEY") or `,
 * `config.key || `. Optional, so that `KEY = process.env.KEY ?? 'literal'` yields the literal
 * instead of stopping at the reference.
 */
export const FALLBACK_FROM = String.raw`(?:[A-Za-z_$][\w$.]*(?:\([^()\n]*\))?[ \t]*(?:\?\?|\|\||or)[ \t]+)?`;

/**
 * A value assigned to a key: `key = value`, `key: "value"`, `"key": "value"`, `KEY=value`,
 * `export KEY=value`, `'key' => 'value'`, `key := value`, `get("key", "value")`, `Key: value`
 * (a header), `env.KEY ?? 'value'`. `key` is a pattern for the key name (it may be preceded by
 * anything and followed by more name characters, so `aws_secret_access_key_prod` matches
 * `secret_access_key`);
 * `value` is the value's pattern, which becomes capture group 1 unless `key` has groups of its
 * own. The value must be followed by {@link END}, so that a longer string is not cut to size.
 *
 * @example assigned('datadog[_.-]?api[_.-]?key', '[0-9a-f]{32}')
 */
export function assigned(key: string, value: string): string {
  return String.raw`${key}[A-Za-z0-9_.-]*["'\]]{0,2}[ \t]*${ASSIGN}[ \t]*${FALLBACK_FROM}["'\x60]?(${value})${END}`;
}

/**
 * Joins the pieces of an example secret. Examples are written in two or more pieces so that
 * this source never holds a whole token in one literal: push protection and other scanners
 * would otherwise flag Vigil's own fakes.
 *
 * @example glue('ghp_', 'R8mKq2Zt7vXbN4cLw9sJd3Fy6HpT1gAe5WuQ')
 */
export function glue(...pieces: readonly string[]): string {
  return pieces.join('');
}

/**
 * An example token in GitHub's format (also npm's): `prefix` + 30 random base-62 characters +
 * their CRC-32 in base 62. Built at load time so that the source holds no whole token.
 */
export function githubChecksumToken(prefix: string, random: string): string {
  return glue(prefix, random, githubChecksum(random));
}

/** A `verify` for rules whose format allows documentation placeholders: rejects {@link isPlaceholder} values. */
export function notPlaceholder(secret: string): boolean {
  return !isPlaceholder(secret);
}

/** A `verify` for values found by a key name that holds keys or tokens (see {@link isNonSecretValue}). */
export function plausibleKey(secret: string): boolean {
  return !isNonSecretValue(secret, 'key');
}

/** A `verify` for values found by a key name that holds passwords: hashes are not passwords. */
export function plausiblePassword(secret: string): boolean {
  return !isNonSecretValue(secret, 'password');
}

/** `true` when `value` has a control character (a decoded `user:password` never does). */
export function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) if (value.charCodeAt(i) < 0x20) return true;
  return false;
}

/** `true` when `value` mixes letters and digits, as nearly every random key of 16+ characters does. */
export function hasLettersAndDigits(value: string): boolean {
  return /[A-Za-z]/.test(value) && /[0-9]/.test(value);
}

/**
 * `true` when `value` reads like generated key material rather than a word or a name: it mixes
 * letters and digits, or its characters are varied enough (4+ bits each) that it cannot be
 * words. A random 24-letter key passes on entropy; `supersecretjwtkey` fails both.
 */
export function looksRandom(value: string): boolean {
  return hasLettersAndDigits(value) || shannonEntropy(value) >= 4;
}

/** What {@link prefixedRule} needs to know about a prefixed token format. */
export interface PrefixedSpec {
  id: string;
  name: string;
  description: string;
  provider: string;
  identityKind: SecretRule['identityKind'];
  credentialType?: SecretRule['credentialType'];
  severity?: SecretRule['severity'];
  prefix: string;
  /** The pattern after the prefix, without the closing boundary. */
  body: string;
  /** What must follow the token; {@link URL_SAFE_END} unless given. */
  end?: string;
  /** Bits per character the whole token must reach; 3 unless given. */
  minEntropy?: number;
  /** Extra structure checks; placeholders (in the whole token or after the prefix) are always rejected. */
  verify?: (secret: string) => boolean;
  identify?: SecretRule['identify'];
  positive: readonly string[];
  negative: readonly string[];
}

/** A token that begins with a fixed, distinctive prefix and ends at the first character outside base64url. */
export function prefixedRule(spec: PrefixedSpec): SecretRule {
  return {
    id: spec.id,
    name: spec.name,
    description: spec.description,
    provider: spec.provider,
    identityKind: spec.identityKind,
    credentialType: spec.credentialType ?? 'token',
    severity: spec.severity ?? 'high',
    pattern: String.raw`\b(${spec.prefix.replace(/[.$]/g, '\\$&')}${spec.body})${spec.end ?? URL_SAFE_END}`,
    secretGroup: 1,
    keywords: [spec.prefix.toLowerCase()],
    minEntropy: spec.minEntropy ?? 3,
    // The prefix is fixed, so placeholders show in what follows it: `sk_test_abcdefgh…`, `glpat-xxxx…`.
    verify: (secret) =>
      notPlaceholder(secret) &&
      notPlaceholder(secret.slice(spec.prefix.length)) &&
      (spec.verify === undefined || spec.verify(secret)),
    ...(spec.identify === undefined ? {} : { identify: spec.identify }),
    examples: { positive: spec.positive, negative: spec.negative },
  };
}
