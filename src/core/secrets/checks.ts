/**
 * Structure and check-digit helpers for secret rules: the pure, cheap tests that turn a
 * pattern match into a credential of that format (or reject a look-alike). Every function
 * here takes untrusted text, never throws, and runs in time linear in its input.
 */

const CRC32_TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * CRC-32 (IEEE 802.3, the zlib/PNG polynomial) of `input`, as an unsigned 32-bit number.
 * Strings are hashed as UTF-8.
 *
 * @example crc32('123456789') // 0xcbf43926
 */
export function crc32(input: string | Uint8Array): number {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC32_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** The base-62 digits in the order GitHub's and npm's token checksums use: 0-9, A-Z, a-z. */
export const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * `value` in base 62 ({@link BASE62_ALPHABET}), left-padded with `0` to `width` digits.
 *
 * @example base62(0xcbf43926, 6) // '3jZRME'
 */
export function base62(value: number, width: number): string {
  let rest = Math.floor(Math.abs(value));
  let digits = '';
  do {
    digits = BASE62_ALPHABET.charAt(rest % 62) + digits;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return digits.padStart(width, '0');
}

/**
 * The 6-character checksum that ends a GitHub (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`) or npm
 * (`npm_`) token: the CRC-32 of the random part, in base 62.
 *
 * @example githubChecksum('fIkRGaBu5PeKsznMzXQOg3kETH1Sgx') // '2oIfSC'
 */
export function githubChecksum(random: string): string {
  return base62(crc32(random), 6);
}

/**
 * `true` when `token` is `prefix_` + 30 base-62 characters + their 6-character CRC-32
 * checksum, the format GitHub introduced in 2021 for classic tokens (and npm copied). A
 * made-up or mistyped token fails with probability 1 − 2⁻³².
 *
 * @example hasValidGithubChecksum('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') // true
 */
export function hasValidGithubChecksum(token: string): boolean {
  const underscore = token.indexOf('_');
  if (underscore < 0) return false;
  const body = token.slice(underscore + 1);
  if (body.length !== 36 || !/^[0-9A-Za-z]+$/.test(body)) return false;
  return githubChecksum(body.slice(0, 30)) === body.slice(30);
}

/** `true` when `value` is non-empty standard or URL-safe base64, with at most two `=` of padding. */
export function isBase64(value: string): boolean {
  return value.length > 0 && /^[A-Za-z0-9+/_-]+={0,2}$/.test(value);
}

/** `true` when `value` is a non-empty string of hex digits (either case). */
export function isHex(value: string): boolean {
  return value.length > 0 && /^[0-9A-Fa-f]+$/.test(value);
}

/**
 * Decodes standard or URL-safe base64 (padding optional) to text; `null` when `value` is not
 * base64 or does not decode to valid UTF-8.
 *
 * @example decodeBase64Text('eyJhbGciOiJIUzI1NiJ9') // '{"alg":"HS256"}'
 */
export function decodeBase64Text(value: string): string | null {
  if (!isBase64(value)) return null;
  const normal = value.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  // Length 4n+1 cannot come from any byte string.
  if (normal.length % 4 === 1) return null;
  const bytes = Buffer.from(normal, 'base64');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** A decoded JSON object, or `null` for anything else (arrays, scalars, invalid JSON). */
export function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** The decoded parts of a JSON Web Token (JWS compact form). */
export interface DecodedJwt {
  header: Record<string, unknown>;
  /** `null` when the payload is not a JSON object (a JWS over other content). */
  payload: Record<string, unknown> | null;
}

/**
 * Decodes a compact JWT `header.payload.signature`: `null` unless it has three base64url parts
 * and a header that is a JSON object naming its algorithm (`alg`, a string) — the structure
 * every real JWT has and most look-alikes (`eyJ…` base64 JSON of other kinds) lack.
 *
 * @example decodeJwt(token)?.header.alg // 'RS256'
 */
export function decodeJwt(token: string): DecodedJwt | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [headerPart = '', payloadPart = ''] = parts;
  const headerText = decodeBase64Text(headerPart);
  if (headerText === null) return null;
  const header = parseJsonObject(headerText);
  if (header === null || typeof header.alg !== 'string' || header.alg.length === 0) return null;
  const payloadText = decodeBase64Text(payloadPart);
  return { header, payload: payloadText === null ? null : parseJsonObject(payloadText) };
}

/** The fewest base64 characters a private key body can have: an Ed25519 PKCS #8 key has 64. */
const MIN_PEM_BODY = 48;

/**
 * `true` when a PEM (or PGP armour) block has a real body between its BEGIN and END lines: at
 * least 48 base64 characters once header lines (`Proc-Type:`, `Version:`), line breaks,
 * JSON-escaped `\n` and the quotes of string literals are removed, and not one character repeated (`AAAA…`, `xxxx…`). Documentation
 * often shows `-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----`.
 *
 * @example pemHasBody('-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----') // false
 */
export function pemHasBody(pem: string): boolean {
  const lines = pem
    // JSON-escaped line breaks, once or twice (a service-account file inside a JSON string).
    .replace(/\\+r\\+n|\\+n|\\+r/g, '\n')
    .split(/\r?\n/)
    // A key pasted into code as concatenated string literals: `"MIIE…\n" +`.
    .map((line) => line.replace(/["'\s]|\+$/g, ''))
    .filter((line) => line.length > 0 && !line.startsWith('-----') && !/^[A-Za-z][A-Za-z0-9-]*:/.test(line));
  const body = lines.join('');
  if (!/^[A-Za-z0-9+/=]+$/.test(body)) return false;
  const base64 = body.replace(/=/g, '');
  if (base64.length < MIN_PEM_BODY) return false;
  return new Set(base64).size > 8;
}

const BECH32_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const BECH32_GENERATORS = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

/**
 * `true` when `value` is a Bech32 string (BIP 173) whose six-character checksum is right:
 * `hrp` + `1` + data, all in one case. age secret keys (`AGE-SECRET-KEY-1…`) use it.
 *
 * @example hasValidBech32Checksum('A12UEL5L') // true (BIP 173 test vector)
 */
export function hasValidBech32Checksum(value: string): boolean {
  if (value !== value.toLowerCase() && value !== value.toUpperCase()) return false;
  const lower = value.toLowerCase();
  const separator = lower.lastIndexOf('1');
  if (separator < 1 || lower.length - separator - 1 < 6 || lower.length > 2000) return false;
  const hrp = lower.slice(0, separator);
  const values: number[] = [];
  for (const char of hrp) {
    const code = char.charCodeAt(0);
    if (code < 33 || code > 126) return false;
    values.push(code >> 5);
  }
  values.push(0);
  for (const char of hrp) values.push(char.charCodeAt(0) & 31);
  for (const char of lower.slice(separator + 1)) {
    const digit = BECH32_CHARSET.indexOf(char);
    if (digit < 0) return false;
    values.push(digit);
  }
  let checksum = 1;
  for (const v of values) {
    const top = checksum >>> 25;
    checksum = (((checksum & 0x1ffffff) << 5) ^ v) >>> 0;
    BECH32_GENERATORS.forEach((generator, i) => {
      if ((top >>> i) & 1) checksum = (checksum ^ generator) >>> 0;
    });
  }
  return checksum === 1;
}
