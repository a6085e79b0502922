/**
 * Values that look like secrets but are not: documentation examples, templates that name a
 * secret kept elsewhere, placeholder words, masks, hashes, identifiers and public material.
 * Precision matters as much as recall: every check here is why a scan does not cry wolf.
 *
 * Two levels:
 * - {@link isPlaceholder} — never a live credential, whatever rule matched it. Safe to apply to
 *   every match of every rule (the engine does), so it stays conservative: it does not reject
 *   UUIDs or bare hex, because Heroku keys are UUIDs and Datadog keys are hex.
 * - {@link isNonSecretValue} — for values found only by their key name (`password = …`,
 *   `api_key: …`), where a UUID is an id, a hex digest in a password field is a hash, and
 *   `config.apiKey` is code.
 *
 * Every function reads its input once or a bounded number of times: linear time, no regular
 * expression that can backtrack.
 */
import { decodeBase64Text } from './checks.js';
import { shannonEntropy } from './entropy.js';

/** Values published in vendors' documentation as examples; never live. */
export const KNOWN_EXAMPLE_SECRETS: ReadonlySet<string> = new Set([
  // AWS documentation's access key pairs.
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'AKIAI44QH8DHBEXAMPLE',
  'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  // jwt.io's default token.
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  // Stripe's documentation test keys.
  'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
  'sk_test_BQokikJOvBiI2HlWgH4olfQ2',
  // GitHub's documentation example OAuth token.
  'gho_16C7e42F292c6912E7710c838347Ae178B4a',
  // Azurite's (the Azure Storage emulator's) published account key.
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
  // Telegram's Bot API documentation token.
  '123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11',
]);

/** Whole values (lower-cased, separators removed) that only ever stand for a secret. */
const PLACEHOLDER_WORDS: ReadonlySet<string> = new Set([
  'abc',
  'abc123',
  'admin',
  'apikey',
  'bar',
  'baz',
  'blank',
  'bool',
  'boolean',
  'changeit',
  'changeme',
  'credential',
  'credentials',
  'default',
  'empty',
  'enter',
  'foo',
  'foobar',
  'guest',
  'hidden',
  'key',
  'letmein',
  'masked',
  'mypassword',
  'mysecret',
  'mytoken',
  'na',
  'nil',
  'none',
  'notset',
  'null',
  'optional',
  'pass',
  'passw0rd',
  'passwd',
  'password',
  'password1',
  'password123',
  'postgres',
  'private',
  'qwerty',
  'removed',
  'required',
  'root',
  'secret',
  'secretkey',
  'str',
  'string',
  'tbd',
  'test',
  'testing',
  'todo',
  'token',
  'toor',
  'undefined',
  'unknown',
  'unset',
  'user',
  'username',
  'value',
]);

/**
 * Lower-case fragments that mark a value as a stand-in wherever they occur. Each is long or
 * odd enough that a random key contains it with negligible probability: a given 5-letter
 * fragment turns up in a 100-character random base-62 key about once in 300,000 keys. Shorter
 * words are {@link PLACEHOLDER_WORD_STARTS}, and runs of `x` are judged by {@link isMostlyX}.
 */
const PLACEHOLDER_MARKERS: readonly string[] = [
  'example',
  // A value that spells out what it stands for is a stand-in, or a password no scan should praise.
  'password',
  'passwd',
  'placeholder',
  'redacted',
  'changeme',
  'change_me',
  'change-me',
  'replaceme',
  'replace_me',
  'replace-me',
  'dummy',
  'sample',
  'insert_',
  'insert-',
  'notreal',
  'not_real',
  'not-real',
  'not-a-real',
  'not_a_real',
  'notareal',
  '****',
  '••••',
  '####',
  '...',
  '…',
];

/**
 * Short words that mark a stand-in only where a word starts: at the start of the value or after
 * a separator (`your-api-key`, `YOUR_TOKEN`, `sk_test_fake_key`), never inside random text
 * (`k3yourQz…` is a key that happens to contain them; in a 100-character key that happens once
 * in about 10,000).
 */
const PLACEHOLDER_WORD_STARTS: readonly string[] = ['your', 'fake', 'mock', 'todo'];

/**
 * Prefixes of values that read a secret from somewhere else (the environment, a vault, a
 * secrets manager) instead of holding it.
 */
const REFERENCE_PREFIXES: readonly string[] = [
  'process.env',
  'import.meta.env',
  'os.environ',
  'os.getenv',
  'getenv(',
  'system.getenv',
  'environment.getenvironmentvariable',
  'env(',
  'env[',
  'env.',
  'env:',
  'secrets.',
  'vars.',
  'vault:',
  'ref+',
  'arn:aws:secretsmanager:',
  'arn:aws:ssm:',
  'sm://',
  'gcp:secretmanager:',
  'projects/',
  '!ref',
  '!sub',
  '!getatt',
  'op://',
  'keyvault:',
  '@microsoft.keyvault(',
  'file:',
  'secretkeyref',
  'valuefrom',
];

/** Headers of public keys and certificates: public material, safe to publish. */
const PUBLIC_MATERIAL_PREFIXES: readonly string[] = [
  '-----begin public key-----',
  '-----begin rsa public key-----',
  '-----begin certificate-----',
  '-----begin certificate request-----',
  '-----begin new certificate request-----',
  '-----begin x509 crl-----',
  '-----begin pgp public key block-----',
  '-----begin pgp signature-----',
  '-----begin ssh2 public key-----',
  'ssh-rsa aaaa',
  'ssh-dss aaaa',
  'ssh-ed25519 aaaa',
  'ecdsa-sha2-',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-',
];

/**
 * `true` for values that are never live credentials: documentation examples
 * ({@link KNOWN_EXAMPLE_SECRETS}), templates and references (`${VAR}`, `{{ x }}`, `<token>`,
 * `%(x)s`, `$VAR`, `process.env.X`, `os.environ[…]`), placeholder words and masks (`changeme`,
 * `your-api-key-here`, `xxxx…`, `****`, `1234…`, `abc…`), lockfile integrity values
 * (`sha512-…`), and public keys and certificates.
 *
 * It does not reject UUIDs or hex strings (real Heroku and Datadog keys look like that):
 * {@link isNonSecretValue} adds those for rules that judge a value by its key name alone.
 *
 * @example isPlaceholder('${DB_PASSWORD}') // true
 * @example isPlaceholder('AKIAIOSFODNN7EXAMPLE') // true
 * @example isPlaceholder('ghp_R8mKq2Zt7vXbN4cLw9sJd3Fy6HpT1gAe5WuQ') // false
 */
export function isPlaceholder(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length === 0) return true;
  if (KNOWN_EXAMPLE_SECRETS.has(trimmed)) return true;
  const lower = trimmed.toLowerCase();
  return (
    isTemplate(trimmed) ||
    isReference(lower) ||
    isPlaceholderWord(lower) ||
    PLACEHOLDER_MARKERS.some((marker) => lower.includes(marker)) ||
    PLACEHOLDER_WORD_STARTS.some((word) => startsWord(lower, word)) ||
    isMostlyX(lower) ||
    hasAngleSlot(trimmed) ||
    isLowInformation(trimmed) ||
    isIntegrityValue(trimmed) ||
    PUBLIC_MATERIAL_PREFIXES.some((prefix) => lower.startsWith(prefix))
  );
}

/**
 * `true` for template and variable syntax that names a value kept elsewhere: `${VAR}`,
 * `${{ secrets.X }}`, `{{ x }}`, `{% x %}`, `$(cmd)`, `#{x}`, `%(x)s`, `%VAR%`, `@VAR@`,
 * `$VAR`, `<token>`, `[TOKEN]`.
 *
 * @example isTemplate('%(db_password)s') // true
 */
export function isTemplate(value: string): boolean {
  const v = value.trim();
  if (v.includes('${') || v.includes('{{') || v.includes('}}') || v.includes('{%') || v.includes('$(')) {
    return true;
  }
  if (v.includes('#{') || v.includes('%(')) return true;
  const first = v.charAt(0);
  const last = v.charAt(v.length - 1);
  if ((first === '<' && last === '>') || (first === '[' && last === ']')) return true;
  if (v.length >= 3 && ((first === '%' && last === '%') || (first === '@' && last === '@'))) {
    return isIdentifier(v.slice(1, -1));
  }
  // `$VAR` / `$var` (shell, PHP, Perl); `$2b$…` (bcrypt) starts with a digit and is not one.
  if (first === '$' && v.length >= 2) return isIdentifier(v.slice(1));
  return false;
}

/**
 * `true` for a hash rather than a secret: hex digests of 32, 40, 64 or 128 digits (MD5, SHA-1,
 * SHA-256, SHA-512), modular-crypt and LDAP forms (`$2b$…` bcrypt, `$argon2id$…`, `$6$…`,
 * `{SSHA}…`, `pbkdf2_sha256$…`) and digests written with their algorithm (`sha256:…`).
 * A password field holding one of these stores a hash, which is not a credential.
 *
 * @example isHashLike('$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW') // true
 */
export function isHashLike(value: string): boolean {
  const v = value.trim();
  if ([32, 40, 64, 128].includes(v.length) && isHexString(v)) return true;
  const lower = v.toLowerCase();
  if (/^\$(?:2[abxy]?|argon2(?:i|d|id)|[156]|sha1|scrypt|pbkdf2(?:-sha\d+)?|y|gy|7)\$/.test(lower)) return true;
  if (/^\{(?:ssha|sha|smd5|md5|crypt|bcrypt|ssha256|ssha512|pbkdf2[\w-]*|argon2)\}/.test(lower)) return true;
  if (/^(?:pbkdf2_sha\d+|bcrypt_sha256|argon2|sha1|md5|scrypt)\$/.test(lower)) return true;
  const colon = lower.indexOf(':');
  if (colon > 0 && /^(?:md5|sha1|sha224|sha256|sha384|sha512)$/.test(lower.slice(0, colon))) {
    return isHexString(lower.slice(colon + 1));
  }
  return false;
}

/**
 * `true` for a UUID (any version, either case, optionally in braces).
 *
 * @example isUuid('3f2504e0-4f89-11d3-9a0c-0305e82c3301') // true
 */
export function isUuid(value: string): boolean {
  return /^\{?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}?$/.test(value.trim());
}

/**
 * `true` for a Subresource Integrity value as written in lockfiles (`sha512-…`, `sha384-…`,
 * `sha256-…`, `sha1-…` followed by base64).
 *
 * @example isIntegrityValue('sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg==') // true
 */
export function isIntegrityValue(value: string): boolean {
  return /^sha(?:1|256|384|512)-[A-Za-z0-9+/]{20,}={0,2}$/.test(value.trim());
}

/**
 * `true` for code that reads a value rather than a value: `process.env.X`, `os.environ[…]`,
 * `config.db.password`, `getPassword()`, `DB_PASSWORD` (the name of a variable), `dbPassword`.
 *
 * @example isCodeReference('settings.SECRET_KEY') // true
 */
export function isCodeReference(value: string): boolean {
  // A trailing `:` makes a label or an object key (`autoComplete:` in minified code); a leading
  // `!` negates an expression; `?.` is optional chaining.
  const v = value
    .trim()
    .replace(/[;,:]+$/, '')
    .replace(/^!+/, '')
    .replace(/\?\./g, '.');
  // A regular-expression literal: `/different/`, `/^sk-/i`.
  if (/^\/[^/]+\/[dgimsuy]*$/.test(v)) return true;
  if (isReference(v.toLowerCase())) return true;
  // A call: `getPassword()`, `vault.read("x")`, `String(secret)`.
  const paren = v.indexOf('(');
  if (paren > 0 && v.endsWith(')') && isDottedName(v.slice(0, paren))) return true;
  // A subscript: `os.environ["X"]`, `ENV['X']`, `secrets[name]`.
  const bracket = v.indexOf('[');
  if (bracket > 0 && v.endsWith(']') && isDottedName(v.slice(0, bracket))) return true;
  // A property path: `config.db.password`, `this.apiKey`, `settings.SECRET_KEY`, `this$1.getToken`.
  if (isPropertyPath(v)) return true;
  // The next pair of an object literal in minified code: `onChange:this.onChange`, `scope:s.scopes.join`.
  const colon = v.indexOf(':');
  if (colon > 0 && isIdentifier(v.slice(0, colon))) {
    const rest = v.slice(colon + 1);
    if (isIdentifier(rest.replace(/\$/g, '_')) || isPropertyPath(rest)) return true;
  }
  // A constant's name: `DB_PASSWORD`, `API_KEY`.
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(v) && /[A-Z]{3}/.test(v)) return true;
  // A variable's name made of words: `dbPassword`, `github_token`, `client-secret`.
  return isWordIdentifier(v);
}

/**
 * `true` for a value that a rule matching on a key name alone (`password = …`, `api_key: …`)
 * should not report: a {@link isPlaceholder placeholder}, a {@link isCodeReference code
 * reference}, a {@link isUuid UUID}, an {@link isEncryptedValue encrypted value}, a boolean, null
 * or number, a file path, a URL without credentials, or — in a password field — a
 * {@link isHashLike hash}.
 *
 * @example isNonSecretValue('os.environ["DB_PASSWORD"]', 'password') // true
 * @example isNonSecretValue('9b74c9897bac770ffc029102a200c5de', 'password') // true (an MD5 digest)
 * @example isNonSecretValue('9b74c9897bac770ffc029102a200c5de', 'key') // false
 */
export function isNonSecretValue(value: string, field: 'password' | 'key'): boolean {
  const v = value.trim();
  if (isPlaceholder(v) || isCodeReference(v) || isUuid(v)) return true;
  if (isEncodedPlaceholder(v)) return true;
  // `secret123`, `my-secret-key`, `supersecret`: a value found by its key name that calls itself a
  // secret is a stand-in. (Not in isPlaceholder: real formats such as `sb_secret_…` contain it.)
  if (v.toLowerCase().includes('secret')) return true;
  if (field === 'password' && isHashLike(v)) return true;
  if (isEncryptedValue(v)) return true;
  const lower = v.toLowerCase();
  if (/^(?:true|false|yes|no|on|off|null|nil|none|undefined|nan)$/.test(lower)) return true;
  if (/^[-+]?\d+(?:\.\d+)?$/.test(v) || /^0x[0-9A-Fa-f]{1,8}$/.test(v)) return true;
  // A version or version range: `^7.0.4`, `>=1.2`, `v2.3.1-beta.1`.
  if (/^(?:[~^<>=]{1,2}|v)?\d+(?:\.\d+){1,3}(?:[-+][0-9A-Za-z.]+)?$/.test(v)) return true;
  // A Kubernetes API group and version (`rbac.authorization.k8s.io/v1`, `apps/v1beta2`) names an API.
  // Linear: the parts are separated by literal dots and one slash, so no two quantifiers compete.
  if (/^(?:[a-z0-9-]{1,63}\.){0,10}[a-z0-9-]{1,63}\/v\d{1,3}(?:(?:alpha|beta)\d{1,3})?$/.test(lower)) return true;
  // A URN names something; it is not a credential: `urn:uuid:…`, `urn:ietf:params:oauth:…`.
  if (lower.startsWith('urn:')) return true;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//.exec(lower);
  if (scheme) {
    // A URL is an address, not a secret, unless it carries `user:password@` (see the URI rules).
    const authority = lower.slice(scheme[0].length).split('/')[0] ?? '';
    const at = authority.lastIndexOf('@');
    return at < 0 || !authority.slice(0, at).includes(':');
  }
  return isFilePath(v);
}

/**
 * `true` for base64 that decodes to a placeholder: Kubernetes Secret manifests hold their values
 * in base64, so `Y2hhbmdlbWU=` is `changeme`.
 *
 * @example isEncodedPlaceholder('Y2hhbmdlbWU=') // true
 */
export function isEncodedPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length < 4 || v.length > 4096 || v.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(v)) return false;
  const decoded = decodeBase64Text(v);
  return decoded !== null && decoded.length > 0 && isPlaceholder(decoded);
}

/**
 * `true` for a value kept encrypted by a tool that holds the key elsewhere: Maven's
 * `{base64}`, Jasypt's `ENC(…)`, Ansible Vault's `!vault`, Vault transit's `vault:v1:…`, SOPS's
 * `ENC[AES256_GCM,…]`, a Bitnami SealedSecret's `AgB…` ciphertext.
 *
 * @example isEncryptedValue('ENC(G6N718UuyPE5bHyWKyuLQSm02auQPUtm)') // true
 */
export function isEncryptedValue(value: string): boolean {
  const v = value.trim();
  if (/^\{[A-Za-z0-9+/]{16,}={0,2}\}$/.test(v)) return true;
  if (/^(?:ENC\(|ENC\[|!vault|\$ANSIBLE_VAULT;|vault:v[0-9]+:)/.test(v)) return true;
  // A Bitnami SealedSecret's encryptedData: a 2-byte session-key length (0x0200) then ciphertext.
  return v.length >= 300 && /^Ag[A-D][A-Za-z0-9+/]+={0,2}$/.test(v);
}

/**
 * `true` for a file-system path such as `/run/secrets/db`, `./certs/key.pem`, `~/.ssh/id_rsa`,
 * `C:\keys\a.pfx`, or a relative one whose first part is a lower-case name (`certs/server.key`,
 * `rbac.authorization.k8s.io/v1`).
 */
export function isFilePath(value: string): boolean {
  const v = value.trim();
  if (/^[A-Za-z]:\\/.test(v)) return true;
  const start = v.startsWith('~/') ? 1 : v.startsWith('./') ? 1 : v.startsWith('../') ? 2 : v.startsWith('/') ? 0 : -1;
  if (start < 0) {
    // A relative path or a secret manager's name for a secret: `certs/server.key`, `stripe/prod-CnLn4M`.
    const parts = v.split('/');
    return (
      parts.length >= 2 &&
      /^[a-z][a-z0-9_-]{2,}$/.test(parts[0] ?? '') &&
      parts.every((part) => /^[\w.@-]+$/.test(part))
    );
  }
  const segments = v
    .slice(start)
    .split('/')
    .filter((segment) => segment.length > 0);
  // Base64 can start with `/` too; a path has word-like segments (`run`, `etc`, `id_rsa`).
  return (
    segments.length >= 2 &&
    segments.every((segment) => /^[\w.@-]+$/.test(segment)) &&
    segments.some((segment) => /^[a-z_.-]{3,}$/.test(segment))
  );
}

/**
 * `true` for values with too little information to be a key: one or two distinct characters
 * (`aaaaaa`, `abababab`), a near-constant run (`AKIA0000000000000000`), or ascending or
 * descending sequences (`123456`, `abcdef`, `1234567890abcdef`).
 *
 * @example isLowInformation('0123456789abcdef') // true
 */
export function isLowInformation(value: string): boolean {
  const v = value.trim();
  if (v.length < 4) return false;
  if (new Set(v).size <= 2) return true;
  if (v.length >= 10 && shannonEntropy(v) < 1.5) return true;
  return isSequential(v);
}

function isPlaceholderWord(lower: string): boolean {
  const bare = lower.replace(/[^a-z0-9]/g, '');
  if (PLACEHOLDER_WORDS.has(bare)) return true;
  // Leetspeak spellings: `pa$$word`, `P@ssw0rd`, `s3cr3t`, `ch4ngeme`.
  const plain = lower
    .replace(/[$5]/g, 's')
    .replace(/[@4]/g, 'a')
    .replace(/0/g, 'o')
    .replace(/[1!|]/g, 'i')
    .replace(/3/g, 'e')
    .replace(/7/g, 't')
    .replace(/[^a-z]/g, '');
  return PLACEHOLDER_WORDS.has(plain) || plain.includes('password');
}

function isReference(lower: string): boolean {
  return REFERENCE_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

/**
 * Ascending or descending runs (`abc`, `123`, `9876`, with 9→0 and z→a wrapping): at most two
 * breaks in at least six alphanumerics, after separators are removed.
 */
function isSequential(value: string): boolean {
  const chars = value.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (chars.length < 6) return false;
  let breaks = 0;
  for (let i = 1; i < chars.length; i += 1) {
    const step = stepBetween(chars.charAt(i - 1), chars.charAt(i));
    if (step !== 1 && step !== -1) breaks += 1;
    if (breaks > 2) return false;
  }
  // A run must be long enough to be a run: three pieces of two are not a sequence.
  return chars.length >= 3 * (breaks + 1) + (breaks > 0 ? 3 : 0);
}

const SEQUENCE = '0123456789abcdefghijklmnopqrstuvwxyz';

function stepBetween(a: string, b: string): number {
  const i = SEQUENCE.indexOf(a);
  const j = SEQUENCE.indexOf(b);
  if (i < 0 || j < 0) return 0;
  const digits = i < 10 && j < 10;
  const letters = i >= 10 && j >= 10;
  if (!digits && !letters) return 0;
  const size = digits ? 10 : 26;
  const diff = (j - i + size) % size;
  return diff === 1 ? 1 : diff === size - 1 ? -1 : 0;
}

function isIdentifier(value: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(value);
}

/**
 * A chain of two or more names whose parts read as words once `$1` suffixes and trailing digits are set aside
 * (`this$1$1.getToken`, `pki.privateKeyFromAsn1`, `os.environ`, `ERR.endTagWithoutMatchingOpenElement`),
 * unlike dotted key material (`sk.eyJ1IjoibHVtZW4i…`).
 */
function isPropertyPath(value: string): boolean {
  const parts = value.split('.');
  if (parts.length < 2) return false;
  return parts.every((part) => {
    // `*` is a wildcard in the paths of redaction and logging settings (`users.*.apiKey`).
    if (part === '*') return true;
    if (part.length > 80 || !/^[A-Za-z_$][\w$]*$/.test(part)) return false;
    // `$1` suffixes (bundlers' renamings) and trailing digits (`Asn1`, `v2`) are names; digits inside are not.
    const letters = part.replace(/\$\d*/g, '').replace(/\d+$/, '');
    if (letters === '' || /^[a-z]{1,4}$/.test(letters) || /^[A-Z]{1,5}$/.test(letters)) return true;
    const pieces = namePieces(letters);
    return pieces !== null && pieces.length <= 12 && pieces.every((piece) => piece.length >= 2);
  });
}

function isDottedName(value: string): boolean {
  return value.split('.').every((part) => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(part));
}

function isHexString(value: string): boolean {
  return value.length > 0 && /^[0-9A-Fa-f]+$/.test(value);
}

/** `true` when `word` occurs in `lower` at its start or right after a character that is not a letter or digit. */
function startsWord(lower: string, word: string): boolean {
  for (let at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + 1)) {
    if (at === 0 || !/[a-z0-9]/.test(lower.charAt(at - 1))) return true;
  }
  return false;
}

/**
 * `true` for masks made of x (`xxxxxxxx`, `XXXX-XXXX-XXXX`, `sk_live_xxxxxxxxxxxxxxxx`): runs of
 * three or more x make up at least a third of the value. A random key may hold `XXXX` by chance,
 * but not as a third of itself.
 */
function isMostlyX(lower: string): boolean {
  let inRuns = 0;
  let run = 0;
  for (const char of `${lower} `) {
    if (char === 'x') {
      run += 1;
    } else {
      if (run >= 3) inRuns += run;
      run = 0;
    }
  }
  return inRuns >= 4 && inRuns * 3 >= lower.length;
}

/** `<…>` with something inside, anywhere in the value: `key-<id>`, `Bearer <token>`. */
function hasAngleSlot(value: string): boolean {
  const open = value.indexOf('<');
  return open >= 0 && value.indexOf('>', open + 2) > open;
}

/**
 * The words of a name (`dbPassword` → db, Password; `APIKey` → API, Key; `client-secret` →
 * client, secret), or `null` when it is not letters with `_` and `-` only. Linear: one pass.
 */
function namePieces(value: string): string[] | null {
  if (value.length > 100 || !/^[A-Za-z][A-Za-z_-]*$/.test(value)) return null;
  const isUpper = (c: string) => c >= 'A' && c <= 'Z';
  const isLower = (c: string) => c >= 'a' && c <= 'z';
  const pieces: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charAt(i);
    if (c === '_' || c === '-') {
      if (current !== '') pieces.push(current);
      current = '';
      continue;
    }
    const prev = value.charAt(i - 1);
    const next = value.charAt(i + 1);
    // A capital starts a word after a small letter (dbPassword), or ends a run of capitals (APIKey).
    if (current !== '' && isUpper(c) && (isLower(prev) || (isUpper(prev) && isLower(next)))) {
      pieces.push(current);
      current = '';
    }
    current += c;
  }
  if (current !== '') pieces.push(current);
  return pieces;
}

/**
 * Names made of words (`dbPassword`, `github_token`, `client-secret`, `required`): split into
 * words of two letters or more, one of them four or more. A random string of letters breaks
 * into short pieces (`kQzPWmXb` → k, Qz, P, W, Xb); a single word counts only if it reads like
 * one (`password`, `Password`).
 */
function isWordIdentifier(value: string): boolean {
  const pieces = namePieces(value);
  if (pieces === null || value.length > 40) return false;
  if (pieces.length === 1) return /^[A-Z]?[a-z]+$/.test(value);
  return pieces.length <= 6 && pieces.every((piece) => piece.length >= 2) && pieces.some((piece) => piece.length >= 4);
}
