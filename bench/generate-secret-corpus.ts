/**
 * Writes a large, realistic, mixed corpus for the secret-scanning benchmark: source files
 * (ts/js/py/go/java), config (yaml/json/.env/.properties/ini/toml/xml), CI files, Dockerfiles,
 * Terraform, Kubernetes manifests, markdown, npm lockfiles and minified bundles. The text is
 * full of hard negatives (identifiers, UUIDs, hashes, base64 blobs, URLs, placeholders,
 * documented example keys) and holds sparse planted secrets (about one per 200 KB) of many
 * kinds, generated fresh: fake, but well-formed (check digits where the format has them).
 *
 * Deterministic: the same size and seed give the same bytes. The manifest of planted secrets,
 * `labels.json`, is written beside the scanned directory, never inside it:
 *
 *   OUT/corpus/…        the files to scan
 *   OUT/labels.json     { version, generator, seed, sizeMB, bytes, files, secrets: [{ path, line, endLine, kind, family }] }
 *
 *   node --import tsx bench/generate-secret-corpus.ts --size 100 --out bench/out/secret-corpus-100
 */

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { prng, type Rand } from './prng.js';

// ---------------------------------------------------------------------------------------------
// Randomness and alphabets
// ---------------------------------------------------------------------------------------------

export { prng, type Rand } from './prng.js';

const DIGITS = '0123456789';
const HEX = '0123456789abcdef';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
/** GitHub's and npm's base62 alphabet: digits, then upper, then lower case (the order matters for check digits). */
const BASE62 = DIGITS + UPPER + LOWER;
const BASE64 = `${UPPER}${LOWER}${DIGITS}+/`;
const BASE64URL = `${UPPER}${LOWER}${DIGITS}-_`;
const BASE32 = `${UPPER}234567`;
const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

const int = (rand: Rand, min: number, max: number): number => min + Math.floor(rand() * (max - min + 1));
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
const chance = (rand: Rand, p: number): boolean => rand() < p;

/** `n` characters drawn from `alphabet`. */
export function chars(rand: Rand, alphabet: string, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[Math.floor(rand() * alphabet.length)];
  return out;
}

const hex = (rand: Rand, n: number) => chars(rand, HEX, n);
const b62 = (rand: Rand, n: number) => chars(rand, BASE62, n);
const bytes = (rand: Rand, n: number): Buffer => {
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(rand() * 256);
  return out;
};
/** Standard base64 of `n` random bytes (padded), as a key or an encoded blob is written. */
const b64bytes = (rand: Rand, n: number) => bytes(rand, n).toString('base64');
const b64url = (rand: Rand, n: number) => chars(rand, BASE64URL, n);

/** A random (version 4) UUID. */
export function uuid(rand: Rand): string {
  const h = hex(rand, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${pick(rand, ['8', '9', 'a', 'b'])}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** CRC-32 (IEEE), by table: `zlib.crc32` only exists from Node 20.15, and the engines field says 20.12. */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text)) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function base62(n: number, width: number): string {
  let out = '';
  let rest = n;
  do {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return out.padStart(width, '0');
}

/**
 * A token in GitHub's (and npm's) format: prefix, 30 random base62 characters, then the CRC32
 * of those 30 characters in base62, six digits wide.
 */
export function checksummedToken(rand: Rand, prefix: string): string {
  const body = b62(rand, 30);
  return `${prefix}${body}${base62(crc32(body), 6)}`;
}

/** True when a GitHub- or npm-style token's last six characters are the CRC32 of the 30 before them. */
export function hasValidChecksum(token: string): boolean {
  const tail = token.slice(-36);
  if (!/^[0-9A-Za-z]{36}$/.test(tail)) return false;
  return base62(crc32(tail.slice(0, 30)), 6) === tail.slice(30);
}

function bech32Polymod(values: readonly number[]): number {
  const generators = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const value of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ value;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= generators[i] as number;
  }
  return chk >>> 0;
}

/** An age X25519 identity: Bech32 of 32 random bytes under `age-secret-key-`, with its checksum, upper case. */
function ageSecretKey(rand: Rand): string {
  const hrp = 'age-secret-key-';
  const data: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const byte of bytes(rand, 32)) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      data.push((acc >>> bits) & 31);
    }
  }
  if (bits > 0) data.push((acc << (5 - bits)) & 31);
  const expanded = [...[...hrp].map((c) => c.charCodeAt(0) >> 5), 0, ...[...hrp].map((c) => c.charCodeAt(0) & 31)];
  const polymod = bech32Polymod([...expanded, ...data, 0, 0, 0, 0, 0, 0]) ^ 1;
  const checksum = Array.from({ length: 6 }, (_, i) => (polymod >>> (5 * (5 - i))) & 31);
  return `${hrp}1${[...data, ...checksum].map((d) => BECH32[d]).join('')}`.toUpperCase();
}

const b64json = (value: unknown, url = true): string =>
  Buffer.from(JSON.stringify(value)).toString(url ? 'base64url' : 'base64');

// ---------------------------------------------------------------------------------------------
// Secret kinds
// ---------------------------------------------------------------------------------------------

/** One kind of credential the corpus plants, with a generator of fresh, well-formed fake values. */
export interface SecretKind {
  /** Label kind, named like the Vigil rule that should find it: `github-pat`, `private-key-openssh`. */
  id: string;
  /** Provider family: `aws`, `github`, `slack`, `private-key`, `generic`… */
  family: string;
  /** The name the credential is usually stored under, upper snake case. */
  envName: string;
  /** A fake but well-formed value; may span lines (PEM, service-account JSON). */
  generate(rand: Rand): string;
  /** What every generated value matches (the generator's own tests check it). */
  shape: RegExp;
}

const NAMES = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wayne', 'wonka', 'tyrell', 'soylent'];
const SERVICES_WORDS = ['billing', 'orders', 'search', 'ledger', 'payments', 'catalog', 'notify', 'reports'];

function pem(label: string, der: Buffer): string {
  const body = der.toString('base64').match(/.{1,64}/g) ?? [];
  return [`-----BEGIN ${label}-----`, ...body, `-----END ${label}-----`].join('\n');
}

/** A DER-shaped private key: the real ASN.1 prefix of its type, then random bytes of the real length. */
function derKey(rand: Rand, prefixHex: string, length: number): Buffer {
  const prefix = Buffer.from(prefixHex, 'hex');
  return Buffer.concat([prefix, bytes(rand, length - prefix.length)]);
}

function rsaPem(rand: Rand): string {
  return pem('RSA PRIVATE KEY', derKey(rand, '308204a40201000282010100', 1192));
}
function pkcs8Pem(rand: Rand): string {
  return pem('PRIVATE KEY', derKey(rand, '308204be020100300d06092a864886f70d0101010500048204a8', 1218));
}
function ecPem(rand: Rand): string {
  return pem('EC PRIVATE KEY', derKey(rand, '30770201010420', 121));
}
function dsaPem(rand: Rand): string {
  return pem('DSA PRIVATE KEY', derKey(rand, '308201bb02010002818100', 447));
}
function opensshPem(rand: Rand): string {
  const magic = Buffer.from('openssh-key-v1\0', 'latin1');
  const header = Buffer.concat([
    magic,
    Buffer.from('000000046e6f6e65000000046e6f6e650000000000000001000000330000000b7373682d65643235353139', 'hex'),
  ]);
  return pem('OPENSSH PRIVATE KEY', Buffer.concat([header, bytes(rand, 339 - header.length)]));
}
function puttyKey(rand: Rand): string {
  const lines = (buf: Buffer) => buf.toString('base64').match(/.{1,64}/g) ?? [];
  // An Ed25519 key as PuTTYgen writes it: the public blob (key type, 32-byte point) and the
  // private blob (a 32-byte string), so Public-Lines: 2 and Private-Lines: 1 of 48 characters.
  const pub = lines(Buffer.concat([Buffer.from('0000000b7373682d6564323535313900000020', 'hex'), bytes(rand, 32)]));
  const priv = lines(Buffer.concat([Buffer.from('00000020', 'hex'), bytes(rand, 32)]));
  return [
    'PuTTY-User-Key-File-3: ssh-ed25519',
    'Encryption: none',
    `Comment: ${pick(rand, NAMES)}-deploy`,
    `Public-Lines: ${pub.length}`,
    ...pub,
    `Private-Lines: ${priv.length}`,
    ...priv,
    `Private-MAC: ${hex(rand, 64)}`,
  ].join('\n');
}
function pgpPrivate(rand: Rand): string {
  const body = (Buffer.concat([Buffer.from('9558', 'hex'), bytes(rand, 900)])
    .toString('base64')
    .match(/.{1,64}/g) ?? []) as string[];
  return [
    '-----BEGIN PGP PRIVATE KEY BLOCK-----',
    '',
    ...body,
    `=${b64bytes(rand, 3)}`,
    '-----END PGP PRIVATE KEY BLOCK-----',
  ].join('\n');
}

function gcpServiceAccount(rand: Rand): string {
  const project = `${pick(rand, NAMES)}-${pick(rand, SERVICES_WORDS)}-${int(rand, 100000, 999999)}`;
  const account = `${pick(rand, SERVICES_WORDS)}-${pick(rand, ['deployer', 'runner', 'reader', 'ci'])}`;
  const email = `${account}@${project}.iam.gserviceaccount.com`;
  return JSON.stringify(
    {
      type: 'service_account',
      project_id: project,
      private_key_id: hex(rand, 40),
      private_key: `${pkcs8Pem(rand)}\n`,
      client_email: email,
      client_id: chars(rand, DIGITS, 21),
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: 'https://oauth2.googleapis.com/token',
      auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
      client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(email)}`,
      universe_domain: 'googleapis.com',
    },
    null,
    2,
  );
}

function jwt(rand: Rand, claims: Record<string, unknown>, alg: 'HS256' | 'RS256'): string {
  const header = b64json({ alg, typ: 'JWT', ...(alg === 'RS256' ? { kid: hex(rand, 16) } : {}) });
  const signature = b64url(rand, alg === 'HS256' ? 43 : 342);
  return `${header}.${b64json(claims)}.${signature}`;
}

function strongPassword(rand: Rand): string {
  const alphabet = `${BASE62}!#%*+-.:=?@^_~`;
  let out = '';
  // At least one of each class, so that the password is unmistakably not a word.
  out += pick(rand, [...UPPER]) + pick(rand, [...LOWER]) + pick(rand, [...DIGITS]) + pick(rand, [...'!#%*+-?@^_~']);
  out += chars(rand, alphabet, int(rand, 12, 20));
  return out;
}

const dbHost = (rand: Rand) =>
  pick(rand, [
    `${pick(rand, SERVICES_WORDS)}-db.${pick(rand, ['internal', 'prod.svc.cluster.local', 'eu-west-1.rds.amazonaws.com'])}`,
    `10.${int(rand, 0, 255)}.${int(rand, 0, 255)}.${int(rand, 1, 254)}`,
    `${pick(rand, SERVICES_WORDS)}.${hex(rand, 12)}.${pick(rand, ['us-east-1', 'eu-central-1'])}.rds.amazonaws.com`,
  ]);
const dbPassword = (rand: Rand) => b62(rand, int(rand, 16, 28));

/** Every kind of secret the corpus plants: at least one per provider the issue lists. */
export const SECRET_KINDS: readonly SecretKind[] = [
  {
    id: 'aws-access-key-id',
    family: 'aws',
    envName: 'AWS_ACCESS_KEY_ID',
    generate: (r) => `AKIA${chars(r, BASE32, 16)}`,
    shape: /(?:AKIA|ASIA)[A-Z2-7]{16}/,
  },
  {
    id: 'aws-secret-access-key',
    family: 'aws',
    envName: 'AWS_SECRET_ACCESS_KEY',
    generate: (r) => chars(r, `${UPPER}${LOWER}${DIGITS}/+`, 40),
    shape: /[A-Za-z0-9/+]{40}/,
  },
  {
    id: 'aws-session-token',
    family: 'aws',
    envName: 'AWS_SESSION_TOKEN',
    generate: (r) => `IQoJb3JpZ2luX2VjE${chars(r, BASE64.slice(0, 62), 1)}${b64bytes(r, int(r, 270, 330))}`,
    shape: /IQoJb3JpZ2luX2Vj[A-Za-z0-9/+=]{300,}/,
  },
  {
    id: 'gcp-service-account-key',
    family: 'gcp',
    envName: 'GOOGLE_APPLICATION_CREDENTIALS_JSON',
    generate: gcpServiceAccount,
    shape: /"type":\s*"service_account"/,
  },
  {
    id: 'gcp-api-key',
    family: 'gcp',
    envName: 'GOOGLE_API_KEY',
    generate: (r) => `AIza${b64url(r, 35)}`,
    shape: /AIza[A-Za-z0-9_-]{35}/,
  },
  {
    id: 'gcp-oauth-client-secret',
    family: 'gcp',
    envName: 'GOOGLE_CLIENT_SECRET',
    generate: (r) => `GOCSPX-${b64url(r, 28)}`,
    shape: /GOCSPX-[A-Za-z0-9_-]{28}/,
  },
  {
    id: 'azure-storage-account-key',
    family: 'azure',
    envName: 'AZURE_STORAGE_CONNECTION_STRING',
    generate: (r) =>
      `DefaultEndpointsProtocol=https;AccountName=${pick(r, NAMES)}${chars(r, LOWER + DIGITS, 8)};AccountKey=${b64bytes(r, 64)};EndpointSuffix=core.windows.net`,
    shape: /AccountKey=[A-Za-z0-9+/]{86}==/,
  },
  {
    id: 'azure-shared-access-key',
    family: 'azure',
    envName: 'AZURE_SERVICEBUS_CONNECTION_STRING',
    generate: (r) =>
      `Endpoint=sb://${pick(r, NAMES)}-${pick(r, SERVICES_WORDS)}.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${b64bytes(r, 32)}`,
    shape: /SharedAccessKey=[A-Za-z0-9+/]{43}=/,
  },
  {
    id: 'azure-ad-client-secret',
    family: 'azure',
    envName: 'AZURE_CLIENT_SECRET',
    generate: (r) => `${b62(r, 3)}${int(r, 0, 9)}Q~${chars(r, `${BASE62}_~.-`, 34)}`,
    shape: /[A-Za-z0-9]{3}\dQ~[A-Za-z0-9_~.-]{34}/,
  },
  {
    id: 'github-pat',
    family: 'github',
    envName: 'GITHUB_TOKEN',
    generate: (r) => checksummedToken(r, 'ghp_'),
    shape: /ghp_[A-Za-z0-9]{36}/,
  },
  {
    id: 'github-fine-grained-pat',
    family: 'github',
    envName: 'GH_TOKEN',
    generate: (r) => `github_pat_11${chars(r, UPPER + DIGITS, 20)}_${b62(r, 59)}`,
    shape: /github_pat_[A-Z0-9]{22}_[A-Za-z0-9]{59}/,
  },
  {
    id: 'github-oauth-token',
    family: 'github',
    envName: 'GITHUB_OAUTH_TOKEN',
    generate: (r) => checksummedToken(r, 'gho_'),
    shape: /gho_[A-Za-z0-9]{36}/,
  },
  {
    id: 'github-installation-token',
    family: 'github',
    envName: 'GITHUB_APP_TOKEN',
    generate: (r) => checksummedToken(r, 'ghs_'),
    shape: /ghs_[A-Za-z0-9]{36}/,
  },
  {
    id: 'github-user-to-server-token',
    family: 'github',
    envName: 'GITHUB_USER_TOKEN',
    generate: (r) => checksummedToken(r, 'ghu_'),
    shape: /ghu_[A-Za-z0-9]{36}/,
  },
  {
    id: 'github-refresh-token',
    family: 'github',
    envName: 'GITHUB_REFRESH_TOKEN',
    generate: (r) => checksummedToken(r, 'ghr_'),
    shape: /ghr_[A-Za-z0-9]{36}/,
  },
  {
    id: 'gitlab-pat',
    family: 'gitlab',
    envName: 'GITLAB_TOKEN',
    generate: (r) => `glpat-${b64url(r, 20)}`,
    shape: /glpat-[A-Za-z0-9_-]{20}/,
  },
  {
    id: 'gitlab-runner-token',
    family: 'gitlab',
    envName: 'CI_RUNNER_TOKEN',
    generate: (r) => `glrt-${b64url(r, 20)}`,
    shape: /glrt-[A-Za-z0-9_-]{20}/,
  },
  {
    id: 'gitlab-pipeline-trigger-token',
    family: 'gitlab',
    envName: 'GITLAB_TRIGGER_TOKEN',
    generate: (r) => `glptt-${hex(r, 40)}`,
    shape: /glptt-[0-9a-f]{40}/,
  },
  {
    id: 'gitlab-deploy-token',
    family: 'gitlab',
    envName: 'GITLAB_DEPLOY_TOKEN',
    generate: (r) => `gldt-${b64url(r, 20)}`,
    shape: /gldt-[A-Za-z0-9_-]{20}/,
  },
  {
    id: 'bitbucket-app-password',
    family: 'bitbucket',
    envName: 'BITBUCKET_APP_PASSWORD',
    generate: (r) => `ATBB${b62(r, 32)}`,
    shape: /ATBB[A-Za-z0-9]{32}/,
  },
  {
    id: 'atlassian-api-token',
    family: 'atlassian',
    envName: 'JIRA_API_TOKEN',
    generate: (r) => `ATATT3xFfGF0${b64url(r, 171)}=${chars(r, '0123456789ABCDEF', 8)}`,
    shape: /ATATT3xFfGF0[A-Za-z0-9_-]{171}=[0-9A-F]{8}/,
  },
  {
    id: 'slack-bot-token',
    family: 'slack',
    envName: 'SLACK_BOT_TOKEN',
    generate: (r) => `xoxb-${chars(r, DIGITS, 12)}-${chars(r, DIGITS, 13)}-${b62(r, 24)}`,
    shape: /xoxb-\d{12}-\d{13}-[A-Za-z0-9]{24}/,
  },
  {
    id: 'slack-user-token',
    family: 'slack',
    envName: 'SLACK_USER_TOKEN',
    generate: (r) => `xoxp-${chars(r, DIGITS, 12)}-${chars(r, DIGITS, 12)}-${chars(r, DIGITS, 13)}-${hex(r, 32)}`,
    shape: /xoxp-\d{12}-\d{12}-\d{13}-[0-9a-f]{32}/,
  },
  {
    id: 'slack-app-token',
    family: 'slack',
    envName: 'SLACK_APP_TOKEN',
    generate: (r) => `xapp-1-A${chars(r, UPPER + DIGITS, 10)}-${chars(r, DIGITS, 13)}-${hex(r, 64)}`,
    shape: /xapp-1-A[A-Z0-9]{10}-\d{13}-[0-9a-f]{64}/,
  },
  {
    id: 'slack-webhook',
    family: 'slack',
    envName: 'SLACK_WEBHOOK_URL',
    generate: (r) =>
      `https://hooks.slack.com/services/T${chars(r, UPPER + DIGITS, 10)}/B${chars(r, UPPER + DIGITS, 10)}/${b62(r, 24)}`,
    shape: /hooks\.slack\.com\/services\/T[A-Z0-9]{10}\/B[A-Z0-9]{10}\/[A-Za-z0-9]{24}/,
  },
  {
    id: 'discord-bot-token',
    family: 'discord',
    envName: 'DISCORD_BOT_TOKEN',
    generate: (r) =>
      `${Buffer.from(`1${chars(r, DIGITS, 17)}`).toString('base64url')}.${b64url(r, 6)}.${b64url(r, 38)}`,
    shape: /M[A-Za-z0-9_-]{23}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{38}/,
  },
  {
    id: 'discord-webhook',
    family: 'discord',
    envName: 'DISCORD_WEBHOOK_URL',
    generate: (r) => `https://discord.com/api/webhooks/${int(r, 1, 9)}${chars(r, DIGITS, 18)}/${b64url(r, 68)}`,
    shape: /discord\.com\/api\/webhooks\/\d{19}\/[A-Za-z0-9_-]{68}/,
  },
  {
    id: 'teams-incoming-webhook',
    family: 'microsoft-teams',
    envName: 'TEAMS_WEBHOOK_URL',
    generate: (r) =>
      `https://${pick(r, NAMES)}.webhook.office.com/webhookb2/${uuid(r)}@${uuid(r)}/IncomingWebhook/${hex(r, 32)}/${uuid(r)}`,
    shape: /webhook\.office\.com\/webhookb2\/[0-9a-f-]{36}@[0-9a-f-]{36}\/IncomingWebhook\/[0-9a-f]{32}\/[0-9a-f-]{36}/,
  },
  {
    id: 'stripe-live-secret-key',
    family: 'stripe',
    envName: 'STRIPE_SECRET_KEY',
    generate: (r) => `sk_live_51${chars(r, DIGITS + UPPER, 8)}${b62(r, 88)}`,
    shape: /sk_live_[A-Za-z0-9]{98}/,
  },
  {
    id: 'stripe-restricted-key',
    family: 'stripe',
    envName: 'STRIPE_RESTRICTED_KEY',
    generate: (r) => `rk_live_51${chars(r, DIGITS + UPPER, 8)}${b62(r, 88)}`,
    shape: /rk_live_[A-Za-z0-9]{98}/,
  },
  {
    id: 'stripe-webhook-secret',
    family: 'stripe',
    envName: 'STRIPE_WEBHOOK_SECRET',
    generate: (r) => `whsec_${b62(r, 32)}`,
    shape: /whsec_[A-Za-z0-9]{32}/,
  },
  {
    id: 'square-access-token',
    family: 'square',
    envName: 'SQUARE_ACCESS_TOKEN',
    generate: (r) => `EAAA${b64url(r, 60)}`,
    shape: /EAAA[A-Za-z0-9_-]{60}/,
  },
  {
    id: 'square-oauth-secret',
    family: 'square',
    envName: 'SQUARE_APPLICATION_SECRET',
    generate: (r) => `sq0csp-${b64url(r, 43)}`,
    shape: /sq0csp-[A-Za-z0-9_-]{43}/,
  },
  {
    id: 'braintree-access-token',
    family: 'paypal',
    envName: 'BRAINTREE_ACCESS_TOKEN',
    generate: (r) => `access_token$production$${chars(r, LOWER + DIGITS, 16)}$${hex(r, 32)}`,
    shape: /access_token\$production\$[a-z0-9]{16}\$[0-9a-f]{32}/,
  },
  {
    id: 'sendgrid-api-key',
    family: 'sendgrid',
    envName: 'SENDGRID_API_KEY',
    generate: (r) => `SG.${b64url(r, 22)}.${b64url(r, 43)}`,
    shape: /SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}/,
  },
  {
    id: 'mailgun-api-key',
    family: 'mailgun',
    envName: 'MAILGUN_API_KEY',
    generate: (r) => `key-${hex(r, 32)}`,
    shape: /key-[0-9a-f]{32}/,
  },
  {
    id: 'mailchimp-api-key',
    family: 'mailchimp',
    envName: 'MAILCHIMP_API_KEY',
    generate: (r) => `${hex(r, 32)}-us${int(r, 1, 21)}`,
    shape: /[0-9a-f]{32}-us\d{1,2}/,
  },
  {
    id: 'postmark-server-token',
    family: 'postmark',
    envName: 'POSTMARK_SERVER_TOKEN',
    generate: uuid,
    shape: /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/,
  },
  {
    id: 'twilio-auth-token',
    family: 'twilio',
    envName: 'TWILIO_AUTH_TOKEN',
    generate: (r) => hex(r, 32),
    shape: /[0-9a-f]{32}/,
  },
  {
    id: 'openai-api-key',
    family: 'openai',
    envName: 'OPENAI_API_KEY',
    generate: (r) =>
      chance(r, 0.7) ? `sk-proj-${b64url(r, 74)}T3BlbkFJ${b64url(r, 74)}` : `sk-${b62(r, 20)}T3BlbkFJ${b62(r, 20)}`,
    shape: /sk-(?:proj-)?[A-Za-z0-9_-]{20,74}T3BlbkFJ[A-Za-z0-9_-]{20,74}/,
  },
  {
    id: 'anthropic-api-key',
    family: 'anthropic',
    envName: 'ANTHROPIC_API_KEY',
    generate: (r) => `sk-ant-api03-${b64url(r, 93)}AA`,
    shape: /sk-ant-api03-[A-Za-z0-9_-]{93}AA/,
  },
  {
    id: 'huggingface-token',
    family: 'huggingface',
    envName: 'HF_TOKEN',
    generate: (r) => `hf_${chars(r, UPPER + LOWER, 34)}`,
    shape: /hf_[A-Za-z]{34}/,
  },
  {
    id: 'npm-access-token',
    family: 'npm',
    envName: 'NPM_TOKEN',
    generate: (r) => checksummedToken(r, 'npm_'),
    shape: /npm_[A-Za-z0-9]{36}/,
  },
  {
    id: 'pypi-upload-token',
    family: 'pypi',
    envName: 'PYPI_API_TOKEN',
    generate: (r) => `pypi-AgEIcHlwaS5vcmc${b64url(r, int(r, 120, 160))}`,
    shape: /pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{120,}/,
  },
  {
    id: 'nuget-api-key',
    family: 'nuget',
    envName: 'NUGET_API_KEY',
    generate: (r) => `oy2${chars(r, LOWER + DIGITS, 43)}`,
    shape: /oy2[a-z0-9]{43}/,
  },
  {
    id: 'rubygems-api-key',
    family: 'rubygems',
    envName: 'GEM_HOST_API_KEY',
    generate: (r) => `rubygems_${hex(r, 48)}`,
    shape: /rubygems_[0-9a-f]{48}/,
  },
  {
    id: 'dockerhub-pat',
    family: 'docker',
    envName: 'DOCKERHUB_TOKEN',
    generate: (r) => `dckr_pat_${b64url(r, 27)}`,
    shape: /dckr_pat_[A-Za-z0-9_-]{27}/,
  },
  {
    id: 'datadog-api-key',
    family: 'datadog',
    envName: 'DD_API_KEY',
    generate: (r) => hex(r, 32),
    shape: /[0-9a-f]{32}/,
  },
  {
    id: 'datadog-app-key',
    family: 'datadog',
    envName: 'DD_APP_KEY',
    generate: (r) => hex(r, 40),
    shape: /[0-9a-f]{40}/,
  },
  {
    id: 'new-relic-user-api-key',
    family: 'newrelic',
    envName: 'NEW_RELIC_API_KEY',
    generate: (r) => `NRAK-${chars(r, UPPER + DIGITS, 27)}`,
    shape: /NRAK-[A-Z0-9]{27}/,
  },
  {
    id: 'new-relic-license-key',
    family: 'newrelic',
    envName: 'NEW_RELIC_LICENSE_KEY',
    generate: (r) => `${hex(r, 36)}NRAL`,
    shape: /[0-9a-f]{36}NRAL/,
  },
  {
    id: 'sentry-org-token',
    family: 'sentry',
    envName: 'SENTRY_AUTH_TOKEN',
    generate: (r) =>
      `sntrys_${b64json({ iat: int(r, 1_700_000_000, 1_760_000_000), url: 'https://sentry.io', region_url: 'https://us.sentry.io', org: pick(r, NAMES) }, false).replace(/=+$/, '')}_${chars(r, BASE64.slice(0, 64), 43)}`,
    shape: /sntrys_eyJ[A-Za-z0-9+/]+_[A-Za-z0-9+/]{43}/,
  },
  {
    id: 'sentry-user-token',
    family: 'sentry',
    envName: 'SENTRY_USER_TOKEN',
    generate: (r) => `sntryu_${hex(r, 64)}`,
    shape: /sntryu_[0-9a-f]{64}/,
  },
  {
    id: 'vault-service-token',
    family: 'hashicorp',
    envName: 'VAULT_TOKEN',
    generate: (r) => `hvs.CAESI${b64url(r, 86)}`,
    shape: /hvs\.CAESI[A-Za-z0-9_-]{86}/,
  },
  {
    id: 'terraform-cloud-token',
    family: 'hashicorp',
    envName: 'TFE_TOKEN',
    generate: (r) => `${b62(r, 14)}.atlasv1.${b64url(r, 67)}`,
    shape: /[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_-]{67}/,
  },
  {
    id: 'doppler-token',
    family: 'doppler',
    envName: 'DOPPLER_TOKEN',
    generate: (r) => `dp.pt.${b62(r, 43)}`,
    shape: /dp\.pt\.[A-Za-z0-9]{43}/,
  },
  {
    id: 'heroku-api-key',
    family: 'heroku',
    envName: 'HEROKU_API_KEY',
    generate: (r) => `HRKU-AA${b64url(r, 58)}`,
    shape: /HRKU-AA[A-Za-z0-9_-]{58}/,
  },
  {
    id: 'digitalocean-pat',
    family: 'digitalocean',
    envName: 'DIGITALOCEAN_TOKEN',
    generate: (r) => `dop_v1_${hex(r, 64)}`,
    shape: /dop_v1_[0-9a-f]{64}/,
  },
  {
    id: 'cloudflare-api-token',
    family: 'cloudflare',
    envName: 'CLOUDFLARE_API_TOKEN',
    generate: (r) => b64url(r, 40),
    shape: /[A-Za-z0-9_-]{40}/,
  },
  {
    id: 'cloudflare-origin-ca-key',
    family: 'cloudflare',
    envName: 'CF_ORIGIN_CA_KEY',
    generate: (r) => `v1.0-${hex(r, 24)}-${hex(r, 146)}`,
    shape: /v1\.0-[0-9a-f]{24}-[0-9a-f]{146}/,
  },
  {
    id: 'shopify-access-token',
    family: 'shopify',
    envName: 'SHOPIFY_ACCESS_TOKEN',
    generate: (r) => `shpat_${hex(r, 32)}`,
    shape: /shpat_[0-9a-f]{32}/,
  },
  {
    id: 'linear-api-key',
    family: 'linear',
    envName: 'LINEAR_API_KEY',
    generate: (r) => `lin_api_${b62(r, 40)}`,
    shape: /lin_api_[A-Za-z0-9]{40}/,
  },
  {
    id: 'onepassword-service-account-token',
    family: '1password',
    envName: 'OP_SERVICE_ACCOUNT_TOKEN',
    generate: (r) =>
      `ops_${b64json(
        {
          signInAddress: 'my.1password.com',
          userAuth: { method: 'SRPg-4096', alg: 'PBES2g-HS256', iterations: 650000, salt: b64url(r, 22) },
          email: `${chars(r, LOWER + DIGITS, 13)}@1passwordserviceaccounts.com`,
          srpX: hex(r, 64),
          muk: { alg: 'A256GCM', ext: true, k: b64url(r, 43), key_ops: ['encrypt', 'decrypt'], kty: 'oct', kid: 'mp' },
          secretKey: `A3-${chars(r, UPPER + DIGITS, 6)}-${chars(r, UPPER + DIGITS, 6)}-${chars(r, UPPER + DIGITS, 5)}-${chars(r, UPPER + DIGITS, 5)}-${chars(r, UPPER + DIGITS, 5)}-${chars(r, UPPER + DIGITS, 5)}`,
          throttleSecret: { seed: hex(r, 64), deviceUuid: chars(r, LOWER + DIGITS, 26) },
          deviceUuid: chars(r, LOWER + DIGITS, 26),
        },
        false,
      ).replace(/=+$/, '')}`,
    shape: /ops_eyJ[A-Za-z0-9+/]{250,}/,
  },
  {
    id: 'grafana-service-account-token',
    family: 'grafana',
    envName: 'GRAFANA_TOKEN',
    generate: (r) => `glsa_${b62(r, 32)}_${hex(r, 8)}`,
    shape: /glsa_[A-Za-z0-9]{32}_[0-9a-f]{8}/,
  },
  {
    id: 'age-secret-key',
    family: 'age',
    envName: 'SOPS_AGE_KEY',
    generate: ageSecretKey,
    shape: /AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}/,
  },
  {
    id: 'telegram-bot-token',
    family: 'telegram',
    envName: 'TELEGRAM_BOT_TOKEN',
    generate: (r) => `${int(r, 1, 9)}${chars(r, DIGITS, 9)}:AA${b64url(r, 33)}`,
    shape: /\d{10}:AA[A-Za-z0-9_-]{33}/,
  },
  {
    id: 'postman-api-key',
    family: 'postman',
    envName: 'POSTMAN_API_KEY',
    generate: (r) => `PMAK-${hex(r, 24)}-${hex(r, 34)}`,
    shape: /PMAK-[0-9a-f]{24}-[0-9a-f]{34}/,
  },
  {
    id: 'okta-api-token',
    family: 'okta',
    envName: 'OKTA_API_TOKEN',
    generate: (r) => `00${b64url(r, 40)}`,
    shape: /00[A-Za-z0-9_-]{40}/,
  },
  {
    id: 'databricks-token',
    family: 'databricks',
    envName: 'DATABRICKS_TOKEN',
    generate: (r) => `dapi${hex(r, 32)}`,
    shape: /dapi[0-9a-f]{32}/,
  },
  {
    id: 'pulumi-access-token',
    family: 'pulumi',
    envName: 'PULUMI_ACCESS_TOKEN',
    generate: (r) => `pul-${hex(r, 40)}`,
    shape: /pul-[0-9a-f]{40}/,
  },
  {
    id: 'firebase-cloud-messaging-key',
    family: 'gcp',
    envName: 'FCM_SERVER_KEY',
    generate: (r) => `AAAA${b64url(r, 7)}:APA91b${b64url(r, 134)}`,
    shape: /AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{134}/,
  },
  {
    id: 'notion-integration-token',
    family: 'notion',
    envName: 'NOTION_TOKEN',
    generate: (r) => `ntn_${chars(r, DIGITS, 11)}${b62(r, 35)}`,
    shape: /ntn_\d{11}[A-Za-z0-9]{35}/,
  },
  {
    id: 'google-oauth-refresh-token',
    family: 'gcp',
    envName: 'GOOGLE_REFRESH_TOKEN',
    generate: (r) => `1//0${b64url(r, 2)}${b64url(r, 97)}`,
    shape: /1\/\/0[A-Za-z0-9_-]{99}/,
  },
  {
    id: 'alibaba-access-key-id',
    family: 'alibaba',
    envName: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
    generate: (r) => `LTAI${b62(r, 20)}`,
    shape: /LTAI[A-Za-z0-9]{20}/,
  },
  {
    id: 'gitlab-feed-token',
    family: 'gitlab',
    envName: 'GITLAB_FEED_TOKEN',
    generate: (r) => `glft-${b64url(r, 20)}`,
    shape: /glft-[A-Za-z0-9_-]{20}/,
  },
  {
    id: 'gitlab-oauth-app-secret',
    family: 'gitlab',
    envName: 'GITLAB_OAUTH_SECRET',
    generate: (r) => `gloas-${hex(r, 64)}`,
    shape: /gloas-[0-9a-f]{64}/,
  },
  {
    id: 'slack-config-token',
    family: 'slack',
    envName: 'SLACK_CONFIG_TOKEN',
    generate: (r) => `xoxe.xoxp-1-${b62(r, 146)}`,
    shape: /xoxe\.xoxp-1-[A-Za-z0-9]{146}/,
  },
  {
    id: 'square-legacy-access-token',
    family: 'square',
    envName: 'SQUARE_LEGACY_TOKEN',
    generate: (r) => `sq0atp-${b64url(r, 22)}`,
    shape: /sq0atp-[A-Za-z0-9_-]{22}/,
  },
  {
    id: 'flutterwave-secret-key',
    family: 'flutterwave',
    envName: 'FLW_SECRET_KEY',
    generate: (r) => `FLWSECK-${hex(r, 32)}-X`,
    shape: /FLWSECK-[0-9a-f]{32}-X/,
  },
  {
    id: 'brevo-api-key',
    family: 'brevo',
    envName: 'BREVO_API_KEY',
    generate: (r) => `xkeysib-${hex(r, 64)}-${b62(r, 16)}`,
    shape: /xkeysib-[0-9a-f]{64}-[A-Za-z0-9]{16}/,
  },
  {
    id: 'anthropic-admin-key',
    family: 'anthropic',
    envName: 'ANTHROPIC_ADMIN_KEY',
    generate: (r) => `sk-ant-admin01-${b64url(r, 93)}AA`,
    shape: /sk-ant-admin01-[A-Za-z0-9_-]{93}AA/,
  },
  {
    id: 'huggingface-org-token',
    family: 'huggingface',
    envName: 'HF_ORG_TOKEN',
    generate: (r) => `api_org_${chars(r, UPPER + LOWER, 34)}`,
    shape: /api_org_[A-Za-z]{34}/,
  },
  {
    id: 'replicate-api-token',
    family: 'replicate',
    envName: 'REPLICATE_API_TOKEN',
    generate: (r) => `r8_${b62(r, 37)}`,
    shape: /r8_[A-Za-z0-9]{37}/,
  },
  {
    id: 'groq-api-key',
    family: 'groq',
    envName: 'GROQ_API_KEY',
    generate: (r) => `gsk_${b62(r, 52)}`,
    shape: /gsk_[A-Za-z0-9]{52}/,
  },
  {
    id: 'perplexity-api-key',
    family: 'perplexity',
    envName: 'PERPLEXITY_API_KEY',
    generate: (r) => `pplx-${b62(r, 48)}`,
    shape: /pplx-[A-Za-z0-9]{48}/,
  },
  {
    id: 'xai-api-key',
    family: 'xai',
    envName: 'XAI_API_KEY',
    generate: (r) => `xai-${b62(r, 80)}`,
    shape: /xai-[A-Za-z0-9]{80}/,
  },
  {
    id: 'langsmith-api-key',
    family: 'langchain',
    envName: 'LANGSMITH_API_KEY',
    generate: (r) => `lsv2_pt_${hex(r, 32)}_${hex(r, 10)}`,
    shape: /lsv2_pt_[0-9a-f]{32}_[0-9a-f]{10}/,
  },
  {
    id: 'openrouter-api-key',
    family: 'openrouter',
    envName: 'OPENROUTER_API_KEY',
    generate: (r) => `sk-or-v1-${hex(r, 64)}`,
    shape: /sk-or-v1-[0-9a-f]{64}/,
  },
  {
    id: 'dockerhub-org-token',
    family: 'docker',
    envName: 'DOCKERHUB_ORG_TOKEN',
    generate: (r) => `dckr_oat_${b64url(r, 32)}`,
    shape: /dckr_oat_[A-Za-z0-9_-]{32}/,
  },
  {
    id: 'new-relic-insert-key',
    family: 'newrelic',
    envName: 'NEW_RELIC_INSERT_KEY',
    generate: (r) => `NRII-${b64url(r, 32)}`,
    shape: /NRII-[A-Za-z0-9_-]{32}/,
  },
  {
    id: 'dynatrace-api-token',
    family: 'dynatrace',
    envName: 'DT_API_TOKEN',
    generate: (r) => `dt0c01.${chars(r, UPPER + DIGITS, 24)}.${chars(r, UPPER + DIGITS, 64)}`,
    shape: /dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64}/,
  },
  {
    id: 'vault-batch-token',
    family: 'hashicorp',
    envName: 'VAULT_BATCH_TOKEN',
    generate: (r) => `hvb.AAAAAQ${b64url(r, 132)}`,
    shape: /hvb\.AAAAAQ[A-Za-z0-9_-]{132}/,
  },
  {
    id: 'doppler-service-token',
    family: 'doppler',
    envName: 'DOPPLER_SERVICE_TOKEN',
    generate: (r) => `dp.st.${pick(r, ['prd', 'stg', 'dev'])}.${b62(r, 40)}`,
    shape: /dp\.st\.(?:prd|stg|dev)\.[A-Za-z0-9]{40}/,
  },
  {
    id: 'digitalocean-oauth-token',
    family: 'digitalocean',
    envName: 'DIGITALOCEAN_OAUTH_TOKEN',
    generate: (r) => `doo_v1_${hex(r, 64)}`,
    shape: /doo_v1_[0-9a-f]{64}/,
  },
  {
    id: 'fly-access-token',
    family: 'fly',
    envName: 'FLY_API_TOKEN',
    generate: (r) => `fo1_${b64url(r, 43)}`,
    shape: /fo1_[A-Za-z0-9_-]{43}/,
  },
  {
    id: 'netlify-access-token',
    family: 'netlify',
    envName: 'NETLIFY_AUTH_TOKEN',
    generate: (r) => `nfp_${b62(r, 36)}`,
    shape: /nfp_[A-Za-z0-9]{36}/,
  },
  {
    id: 'supabase-access-token',
    family: 'supabase',
    envName: 'SUPABASE_ACCESS_TOKEN',
    generate: (r) => `sbp_${hex(r, 40)}`,
    shape: /sbp_[0-9a-f]{40}/,
  },
  {
    id: 'planetscale-password',
    family: 'planetscale',
    envName: 'PLANETSCALE_PASSWORD',
    generate: (r) => `pscale_pw_${b64url(r, 43)}`,
    shape: /pscale_pw_[A-Za-z0-9_-]{43}/,
  },
  {
    id: 'tailscale-key',
    family: 'tailscale',
    envName: 'TS_AUTHKEY',
    generate: (r) => `tskey-auth-${b62(r, 12)}CNTRL-${b62(r, 33)}`,
    shape: /tskey-auth-[A-Za-z0-9]{12}CNTRL-[A-Za-z0-9]{33}/,
  },
  {
    id: 'shopify-shared-secret',
    family: 'shopify',
    envName: 'SHOPIFY_API_SECRET',
    generate: (r) => `shpss_${hex(r, 32)}`,
    shape: /shpss_[0-9a-f]{32}/,
  },
  {
    id: 'airtable-pat',
    family: 'airtable',
    envName: 'AIRTABLE_TOKEN',
    generate: (r) => `pat${b62(r, 14)}.${hex(r, 64)}`,
    shape: /pat[A-Za-z0-9]{14}\.[0-9a-f]{64}/,
  },
  {
    id: 'sonarqube-token',
    family: 'sonarqube',
    envName: 'SONAR_TOKEN',
    generate: (r) => `squ_${hex(r, 40)}`,
    shape: /squ_[0-9a-f]{40}/,
  },
  {
    id: 'buildkite-token',
    family: 'buildkite',
    envName: 'BUILDKITE_API_TOKEN',
    generate: (r) => `bkua_${hex(r, 40)}`,
    shape: /bkua_[0-9a-f]{40}/,
  },
  {
    id: 'private-key-encrypted',
    family: 'private-key',
    envName: 'ENCRYPTED_PRIVATE_KEY',
    generate: (r) => pem('ENCRYPTED PRIVATE KEY', derKey(r, '308205213049' + '06092a864886f70d01050d303c', 1317)),
    shape: /-----BEGIN ENCRYPTED PRIVATE KEY-----/,
  },
  {
    id: 'private-key-rsa',
    family: 'private-key',
    envName: 'RSA_PRIVATE_KEY',
    generate: rsaPem,
    shape: /-----BEGIN RSA PRIVATE KEY-----/,
  },
  {
    id: 'private-key-pkcs8',
    family: 'private-key',
    envName: 'PRIVATE_KEY',
    generate: pkcs8Pem,
    shape: /-----BEGIN PRIVATE KEY-----/,
  },
  {
    id: 'private-key-ec',
    family: 'private-key',
    envName: 'EC_PRIVATE_KEY',
    generate: ecPem,
    shape: /-----BEGIN EC PRIVATE KEY-----/,
  },
  {
    id: 'private-key-dsa',
    family: 'private-key',
    envName: 'DSA_PRIVATE_KEY',
    generate: dsaPem,
    shape: /-----BEGIN DSA PRIVATE KEY-----/,
  },
  {
    id: 'private-key-openssh',
    family: 'private-key',
    envName: 'SSH_PRIVATE_KEY',
    generate: opensshPem,
    shape: /-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEA/,
  },
  {
    id: 'private-key-putty',
    family: 'private-key',
    envName: 'PUTTY_KEY',
    generate: puttyKey,
    shape: /PuTTY-User-Key-File-3: ssh-ed25519[\s\S]*Private-MAC: [0-9a-f]{64}/,
  },
  {
    id: 'private-key-pgp',
    family: 'private-key',
    envName: 'GPG_PRIVATE_KEY',
    generate: pgpPrivate,
    shape: /-----BEGIN PGP PRIVATE KEY BLOCK-----/,
  },
  {
    id: 'jwt',
    family: 'jwt',
    envName: 'API_BEARER_TOKEN',
    generate: (r) =>
      jwt(
        r,
        {
          iss: `https://auth.${pick(r, NAMES)}.com/`,
          sub: `${pick(r, ['svc', 'user', 'bot'])}|${hex(r, 24)}`,
          aud: `https://api.${pick(r, NAMES)}.com`,
          iat: int(r, 1_700_000_000, 1_760_000_000),
          exp: int(r, 1_900_000_000, 2_000_000_000),
          scope: pick(r, ['read:orders write:orders', 'admin', 'payments:write']),
        },
        pick(r, ['HS256', 'RS256'] as const),
      ),
    shape: /eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43,}/,
  },
  {
    id: 'kubernetes-service-account-token',
    family: 'kubernetes',
    envName: 'KUBE_TOKEN',
    generate: (r) => {
      const namespace = pick(r, ['default', 'ci', 'payments', 'kube-system', 'monitoring']);
      const name = `${pick(r, SERVICES_WORDS)}-${pick(r, ['deployer', 'controller', 'runner'])}`;
      return jwt(
        r,
        {
          iss: 'kubernetes/serviceaccount',
          'kubernetes.io/serviceaccount/namespace': namespace,
          'kubernetes.io/serviceaccount/secret.name': `${name}-token-${chars(r, LOWER + DIGITS, 5)}`,
          'kubernetes.io/serviceaccount/service-account.name': name,
          'kubernetes.io/serviceaccount/service-account.uid': uuid(r),
          sub: `system:serviceaccount:${namespace}:${name}`,
        },
        'RS256',
      );
    },
    shape: /eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{342}/,
  },
  {
    id: 'database-uri',
    family: 'database',
    envName: 'DATABASE_URL',
    generate: (r) => {
      const user = pick(r, ['app', 'svc_orders', 'billing_rw', 'admin', 'reporting']);
      const db = pick(r, SERVICES_WORDS);
      switch (int(r, 0, 4)) {
        case 0:
          return `postgres://${user}:${dbPassword(r)}@${dbHost(r)}:5432/${db}`;
        case 1:
          return `mysql://${user}:${dbPassword(r)}@${dbHost(r)}:3306/${db}`;
        case 2:
          return `mongodb+srv://${user}:${dbPassword(r)}@cluster0.${chars(r, LOWER + DIGITS, 5)}.mongodb.net/${db}?retryWrites=true&w=majority`;
        case 3:
          return `redis://default:${dbPassword(r)}@${dbHost(r)}:6379/0`;
        default:
          return `amqps://${user}:${dbPassword(r)}@${pick(r, NAMES)}.rmq.cloudamqp.com/${db}`;
      }
    },
    shape: /[a-z+]+:\/\/[A-Za-z_]+:[A-Za-z0-9]{16,28}@/,
  },
  {
    id: 'url-credentials',
    family: 'generic',
    envName: 'REGISTRY_URL',
    generate: (r) =>
      `https://${pick(r, ['deploy', 'ci-bot', 'jenkins', 'mirror'])}:${strongPassword(r).replace(/[@:#?]/g, 'x')}@${pick(r, ['artifacts', 'nexus', 'registry'])}.${pick(r, NAMES)}.com/repository/npm/`,
    shape: /https:\/\/[a-z-]+:[^@\s]{16,}@/,
  },
  {
    id: 'generic-password',
    family: 'generic',
    envName: 'DB_PASSWORD',
    generate: strongPassword,
    shape: /[A-Za-z0-9!#%*+\-.:=?@^_~]{16,}/,
  },
  {
    id: 'generic-api-key',
    family: 'generic',
    envName: 'PARTNER_API_KEY',
    generate: (r) => b62(r, int(r, 32, 40)),
    shape: /[A-Za-z0-9]{32,40}/,
  },
  {
    id: 'generic-secret',
    family: 'generic',
    envName: 'OAUTH_CLIENT_SECRET',
    generate: (r) => b64url(r, int(r, 40, 48)),
    shape: /[A-Za-z0-9_-]{40,48}/,
  },
];

const KIND_BY_ID = new Map(SECRET_KINDS.map((kind) => [kind.id, kind]));

/** The kind of a label, by id. */
export function secretKind(id: string): SecretKind | undefined {
  return KIND_BY_ID.get(id);
}

// ---------------------------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------------------------

/** Bumped whenever a change to this file changes the corpus it writes for a given size and seed. */
export const GENERATOR_VERSION = 3;

/** One planted secret: where it is (1-based lines, inclusive) and what it is. */
export const PlantedSecretSchema = z.object({
  path: z.string().min(1),
  line: z.int().min(1),
  endLine: z.int().min(1),
  kind: z.string().min(1),
  family: z.string().min(1),
});
export type PlantedSecret = z.infer<typeof PlantedSecretSchema>;

/** `labels.json` of a generated corpus. Paths are relative to the `corpus/` directory. */
export const CorpusLabelsSchema = z.object({
  version: z.literal(1),
  /** {@link GENERATOR_VERSION} of the code that wrote the corpus: a benchmark regenerates an older one. */
  generator: z.int(),
  seed: z.int(),
  sizeMB: z.number().positive(),
  bytes: z.int().min(0),
  files: z.int().min(0),
  secrets: z.array(PlantedSecretSchema),
});
export type CorpusLabels = z.infer<typeof CorpusLabelsSchema>;

/** A hand-labelled secret in `bench/labelled/labels.json`; `endLine` for one spanning lines. */
export const LabelSchema = z.object({
  file: z.string().regex(/^(positives|negatives)\//),
  line: z.int().min(1),
  endLine: z.int().min(1).optional(),
  kind: z.string().min(1),
  /** How the secret is written when it is not written as is: `base64` (Kubernetes Secret `data`), `json` (escaped). */
  encoding: z.enum(['base64', 'json', 'split']).optional(),
});
export type Label = z.infer<typeof LabelSchema>;

/** `bench/labelled/labels.json`: every expected secret, and the hard negatives by category. */
export const LabelledCorpusSchema = z.object({
  version: z.literal(1),
  description: z.string(),
  secrets: z.array(LabelSchema),
  negatives: z.array(LabelSchema),
});
export type LabelledCorpus = z.infer<typeof LabelledCorpusSchema>;

// ---------------------------------------------------------------------------------------------
// Realistic text: identifiers, values, hard negatives
// ---------------------------------------------------------------------------------------------

const NOUNS = [
  'account',
  'order',
  'invoice',
  'customer',
  'payment',
  'session',
  'widget',
  'report',
  'ledger',
  'cart',
  'shipment',
  'user',
  'tenant',
  'profile',
  'event',
  'queue',
  'record',
  'policy',
  'batch',
  'job',
  'item',
  'price',
  'region',
  'bucket',
  'message',
  'channel',
  'document',
  'schedule',
  'metric',
  'address',
  'product',
  'refund',
  'quota',
  'cluster',
  'node',
  'stream',
  'upload',
  'export',
  'audit',
  'feature',
];
const VERBS = [
  'get',
  'list',
  'create',
  'update',
  'delete',
  'sync',
  'build',
  'parse',
  'render',
  'load',
  'save',
  'validate',
  'compute',
  'resolve',
  'fetch',
  'publish',
  'handle',
  'merge',
  'apply',
  'archive',
];
const ADJECTIVES = ['pending', 'active', 'stale', 'primary', 'remote', 'cached', 'default', 'current', 'next', 'last'];
const PROSE = [
  'the',
  'service',
  'returns',
  'a',
  'list',
  'of',
  'records',
  'for',
  'each',
  'tenant',
  'when',
  'called',
  'with',
  'valid',
  'input',
  'this',
  'module',
  'handles',
  'retries',
  'and',
  'backoff',
  'requests',
  'are',
  'idempotent',
  'see',
  'below',
  'configuration',
  'deployment',
  'runs',
  'in',
  'every',
  'region',
  'we',
  'use',
  'cache',
  'entries',
  'expire',
  'after',
  'five',
  'minutes',
  'owner',
  'team',
  'rollout',
  'is',
  'gradual',
  'metrics',
  'dashboards',
  'alert',
  'on',
  'latency',
  'errors',
];

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const ident = (rand: Rand) => `${pick(rand, VERBS)}${cap(pick(rand, NOUNS))}${chance(rand, 0.4) ? 'Async' : ''}`;
const noun = (rand: Rand) => pick(rand, NOUNS);
const camelVar = (rand: Rand) => `${pick(rand, ADJECTIVES)}${cap(pick(rand, NOUNS))}`;
const typeName = (rand: Rand) =>
  `${cap(pick(rand, NOUNS))}${pick(rand, ['', 'Request', 'Response', 'Options', 'State'])}`;
const sentence = (rand: Rand, min = 6, max = 16): string => {
  const words = Array.from({ length: int(rand, min, max) }, () => pick(rand, PROSE));
  return `${cap(words.join(' '))}.`;
};
const url = (rand: Rand) =>
  `https://${pick(rand, ['api', 'cdn', 'auth', 'status', 'docs'])}.${pick(rand, NAMES)}.${pick(rand, ['com', 'io', 'dev'])}/${pick(rand, ['v1', 'v2', 'api'])}/${noun(rand)}s/${int(rand, 1, 99999)}`;
const semver = (rand: Rand) => `${int(rand, 0, 12)}.${int(rand, 0, 30)}.${int(rand, 0, 40)}`;
const isoDate = (rand: Rand) =>
  new Date(Date.UTC(2021, 0, 1) + Math.floor(rand() * 4 * 365 * 86_400_000)).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A random high-entropy value that is not a secret: a hash, a UUID, an encoded blob, a URL… */
function harmlessValue(rand: Rand): string {
  switch (int(rand, 0, 11)) {
    case 0:
      return uuid(rand);
    case 1:
      return hex(rand, 40);
    case 2:
      return `sha256:${hex(rand, 64)}`;
    case 3:
      return b64bytes(rand, int(rand, 12, 48));
    case 4:
      return url(rand);
    case 5:
      return semver(rand);
    case 6:
      return isoDate(rand);
    case 7:
      return `${noun(rand)}-${hex(rand, 8)}`;
    case 8:
      return `arn:aws:s3:::${pick(rand, NAMES)}-${noun(rand)}-${int(rand, 100, 999)}`;
    case 9:
      return String(int(rand, 0, 1_000_000));
    case 10:
      return `${pick(rand, NAMES)}.${noun(rand)}.${pick(rand, VERBS)}`;
    default:
      return hex(rand, 64);
  }
}

/**
 * Lines that look like secrets to a naive scanner and are not: documented examples,
 * placeholders, references to a secret store, hashes, public keys. Sprinkled through the
 * corpus so that a scanner's precision is exercised at scale, not only its speed.
 */
function hardNegativeLine(rand: Rand, comment: string): string {
  switch (int(rand, 0, 13)) {
    case 0:
      return `${comment} example: aws_access_key_id = AKIAIOSFODNN7EXAMPLE`;
    case 1:
      return `${comment} example: aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`;
    case 2:
      return `${comment} set API_KEY=\${API_KEY} before running; token: <your-token-here>`;
    case 3:
      return `${comment} password: changeme (placeholder, replaced at deploy time)`;
    case 4:
      return `${comment} sha256 ${hex(rand, 64)}  ${noun(rand)}.tar.gz`;
    case 5:
      return `${comment} commit ${hex(rand, 40)} (${isoDate(rand)})`;
    case 6:
      return `${comment} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${b64bytes(rand, 32).slice(0, 43)} ops@${pick(rand, NAMES)}`;
    case 7:
      return `${comment} request id ${uuid(rand)} trace ${hex(rand, 32)}`;
    case 8:
      return `${comment} token = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"`;
    case 9:
      return `${comment} integrity sha512-${b64bytes(rand, 64)}`;
    case 10:
      return `${comment} GITHUB_TOKEN: \${{ secrets.GITHUB_TOKEN }}`;
    case 11:
      return `${comment} api_key = os.environ["API_KEY"]`;
    case 12:
      return `${comment} data:image/png;base64,${b64bytes(rand, int(rand, 60, 180))}`;
    default:
      return `${comment} etag "${hex(rand, 32)}"`;
  }
}

// ---------------------------------------------------------------------------------------------
// Planting: a secret written as each format writes it
// ---------------------------------------------------------------------------------------------

/** The syntaxes a secret can be planted in. */
export type PlantFormat =
  | 'ts'
  | 'js'
  | 'py'
  | 'go'
  | 'java'
  | 'yaml'
  | 'json'
  | 'env'
  | 'properties'
  | 'ini'
  | 'toml'
  | 'xml'
  | 'tf'
  | 'k8s'
  | 'ci-env'
  | 'jenkins'
  | 'dockerfile'
  | 'md'
  | 'minjs';

/** Lines to insert; `first`..`last` (0-based, inclusive) hold the secret. */
export interface Plant {
  lines: string[];
  first: number;
  last: number;
}

const snake = (env: string) => env.toLowerCase();
const camel = (env: string) => env.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const dotted = (env: string) => env.toLowerCase().replace(/_/g, '.');
const pascal = (env: string) => cap(camel(env));
const escaped = (value: string) => JSON.stringify(value).slice(1, -1);
const xmlEscape = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Writes `value` (the secret `kind`) in `format`, with the name such code would give it. */
export function renderPlant(kind: SecretKind, value: string, format: PlantFormat, rand: Rand): Plant {
  const env = kind.envName;
  const multi = value.includes('\n');
  const one = (line: string): Plant => ({ lines: [line], first: 0, last: 0 });
  const valueLines = value.split('\n');
  const n = valueLines.length;
  switch (format) {
    case 'ts':
    case 'js':
      if (multi) {
        return {
          lines: [`const ${camel(env)} = \`${valueLines[0]}`, ...valueLines.slice(1, -1), `${valueLines[n - 1]}\`;`],
          first: 0,
          last: n - 1,
        };
      }
      return one(
        chance(rand, 0.5)
          ? `export const ${camel(env)} = '${value}';`
          : `const ${env} = process.env.${env} ?? '${value}';`,
      );
    case 'py':
      if (multi) {
        return { lines: [`${env} = """${valueLines[0]}`, ...valueLines.slice(1), '"""'], first: 0, last: n - 1 };
      }
      return one(chance(rand, 0.5) ? `${env} = "${value}"` : `${snake(env)} = os.environ.get("${env}", "${value}")`);
    case 'go':
      if (multi) {
        return {
          lines: [`var ${camel(env)} = \`${valueLines[0]}`, ...valueLines.slice(1, -1), `${valueLines[n - 1]}\``],
          first: 0,
          last: n - 1,
        };
      }
      return one(`const ${camel(env)} = "${value}"`);
    case 'java':
      if (multi) {
        // A key split over lines by string concatenation, as Java code writes it.
        return {
          lines: [
            `    private static final String ${env} =`,
            ...valueLines.map((line, i) => `        "${escaped(line)}${i < n - 1 ? '\\n" +' : '";'}`),
          ],
          first: 1,
          last: n,
        };
      }
      return one(`    private static final String ${env} = "${escaped(value)}";`);
    case 'yaml':
      if (multi) return { lines: [`${snake(env)}: |`, ...valueLines.map((line) => `  ${line}`)], first: 1, last: n };
      return one(chance(rand, 0.5) ? `${snake(env)}: ${value}` : `${snake(env)}: "${escaped(value)}"`);
    case 'json':
      return one(`  "${camel(env)}": "${escaped(value)}",`);
    case 'env':
      return one(multi ? `${env}="${escaped(value)}"` : chance(rand, 0.7) ? `${env}=${value}` : `${env}="${value}"`);
    case 'properties':
      return one(`${dotted(env)}=${multi ? escaped(value) : value}`);
    case 'ini':
      return one(`${snake(env)} = ${multi ? escaped(value) : value}`);
    case 'toml':
      if (multi) return { lines: [`${snake(env)} = """`, ...valueLines, '"""'], first: 1, last: n };
      return one(`${snake(env)} = "${escaped(value)}"`);
    case 'xml':
      if (multi) return { lines: [`    <${pascal(env)}>`, ...valueLines, `    </${pascal(env)}>`], first: 1, last: n };
      return one(`    <add key="${pascal(env)}" value="${xmlEscape(value)}" />`);
    case 'tf':
      if (multi)
        return {
          lines: ['locals {', `  ${snake(env)} = <<-EOT`, ...valueLines.map((l) => `    ${l}`), '  EOT', '}'],
          first: 2,
          last: n + 1,
        };
      return { lines: ['locals {', `  ${snake(env)} = "${escaped(value)}"`, '}'], first: 1, last: 1 };
    case 'k8s': {
      const head = [
        '---',
        'apiVersion: v1',
        'kind: Secret',
        'metadata:',
        `  name: ${pick(rand, SERVICES_WORDS)}-${kind.family}-credentials`,
        `  namespace: ${pick(rand, ['default', 'payments', 'platform', 'ci'])}`,
        'type: Opaque',
      ];
      if (multi && chance(rand, 0.5)) {
        const key = kind.id === 'gcp-service-account-key' ? 'key.json' : `${snake(env)}`;
        return {
          lines: [...head, 'stringData:', `  ${key}: |`, ...valueLines.map((l) => `    ${l}`)],
          first: head.length + 2,
          last: head.length + 1 + n,
        };
      }
      const key = kind.id === 'gcp-service-account-key' ? 'key.json' : snake(env);
      return {
        lines: [...head, 'data:', `  ${key}: ${Buffer.from(value).toString('base64')}`],
        first: head.length + 1,
        last: head.length + 1,
      };
    }
    case 'ci-env':
      return one(`  ${env}: ${multi ? `"${escaped(value)}"` : value}`);
    case 'jenkins':
      return one(`        ${env} = '${multi ? escaped(value) : value}'`);
    case 'dockerfile':
      return one(`${chance(rand, 0.5) ? 'ENV' : 'ARG'} ${env}=${multi ? `"${escaped(value)}"` : value}`);
    case 'md':
      if (multi) return { lines: ['```', ...valueLines, '```'], first: 1, last: n };
      return { lines: ['```bash', `export ${env}=${value}`, '```'], first: 1, last: 1 };
    case 'minjs':
      return one(`${camel(env)}:"${escaped(value)}"`);
  }
}

// ---------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------

interface FileSpec {
  /** Path under the repo directory. */
  path: (rand: Rand, i: number) => string;
  /** Smallest and largest size in bytes. */
  size: readonly [number, number];
  /** Share of the corpus bytes (not of the files: a lockfile weighs as much as fifty sources). */
  weight: number;
  format: PlantFormat | null;
  /** Writes about `target` bytes of lines; `plant` (if any) goes where such a value would be written. */
  write: (rand: Rand, target: number, plant: Plant | null) => { lines: string[]; plantAt: number };
}

/** Fills lines from `next` until `target` bytes, inserting `plant` at a random section boundary. */
function fill(
  rand: Rand,
  target: number,
  plant: Plant | null,
  head: string[],
  next: () => string[],
  tail: string[] = [],
): { lines: string[]; plantAt: number } {
  const lines = [...head];
  let size = head.reduce((sum, line) => sum + line.length + 1, 0);
  const plantAfter = plant ? size + rand() * Math.max(0, target - size) : Number.POSITIVE_INFINITY;
  let plantAt = -1;
  while (size < target) {
    if (plant && plantAt < 0 && size >= plantAfter) {
      plantAt = lines.length;
      lines.push(...plant.lines);
      size += plant.lines.reduce((sum, line) => sum + line.length + 1, 0);
    }
    for (const line of next()) {
      lines.push(line);
      size += line.length + 1;
    }
  }
  if (plant && plantAt < 0) {
    plantAt = lines.length;
    lines.push(...plant.lines);
  }
  lines.push(...tail);
  return { lines, plantAt };
}

function tsSection(rand: Rand, js: boolean): string[] {
  const fn = ident(rand);
  const arg = noun(rand);
  const type = typeName(rand);
  const out: string[] = [];
  if (chance(rand, 0.15)) out.push(hardNegativeLine(rand, '//'));
  if (!js && chance(rand, 0.3)) {
    out.push(`export interface ${type} {`);
    for (let i = int(rand, 2, 6); i > 0; i--)
      out.push(`  ${camelVar(rand)}: ${pick(rand, ['string', 'number', 'boolean', 'Date', `${typeName(rand)}[]`])};`);
    out.push('}', '');
  }
  out.push(`/** ${sentence(rand)} */`);
  out.push(`export async function ${fn}(${arg}${js ? '' : `: ${type}`}, options = {}) {`);
  for (let i = int(rand, 3, 12); i > 0; i--) {
    switch (int(rand, 0, 8)) {
      case 0:
        out.push(
          `  const ${camelVar(rand)} = await client.${ident(rand)}(${arg}.id, { limit: ${int(rand, 10, 500)} });`,
        );
        break;
      case 1:
        out.push(
          `  logger.info('${sentence(rand, 3, 7)}', { ${noun(rand)}Id: ${arg}.id, requestId: '${uuid(rand)}' });`,
        );
        break;
      case 2:
        out.push(
          `  if (${arg}.${camelVar(rand)} > ${int(rand, 0, 1000)}) {`,
          `    throw new Error('${sentence(rand, 3, 6)}');`,
          '  }',
        );
        break;
      case 3:
        out.push(`  const url = new URL('${url(rand)}');`);
        break;
      case 4:
        out.push(`  const checksum = '${hex(rand, 64)}';`);
        break;
      case 5:
        out.push(`  for (const ${noun(rand)} of ${arg}.${noun(rand)}s ?? []) total += ${noun(rand)}.amount;`);
        break;
      case 6:
        out.push(`  const cacheKey = \`${noun(rand)}:\${${arg}.id}:${hex(rand, 8)}\`;`);
        break;
      case 7:
        out.push(
          `  await queue.publish('${noun(rand)}.${pick(rand, VERBS)}d', { id: ${arg}.id, at: '${isoDate(rand)}' });`,
        );
        break;
      default:
        out.push(`  const ${camelVar(rand)} = ${JSON.stringify(harmlessValue(rand))};`);
    }
  }
  out.push(`  return { ok: true, ${noun(rand)}: ${arg} };`, '}', '');
  return out;
}

function pySection(rand: Rand): string[] {
  const out: string[] = [];
  if (chance(rand, 0.15)) out.push(hardNegativeLine(rand, '#'));
  if (chance(rand, 0.3)) {
    out.push(`class ${typeName(rand)}:`, `    """${sentence(rand)}"""`, '');
    out.push(`    def __init__(self, ${noun(rand)}_id: str, limit: int = ${int(rand, 10, 100)}) -> None:`);
    out.push(`        self.${noun(rand)}_id = ${noun(rand)}_id`, '        self.limit = limit', '');
  }
  const fn = `${pick(rand, VERBS)}_${noun(rand)}`;
  out.push(`def ${fn}(${noun(rand)}, session=None):`, `    """${sentence(rand)}"""`);
  for (let i = int(rand, 3, 10); i > 0; i--) {
    switch (int(rand, 0, 6)) {
      case 0:
        out.push(`    response = session.get("${url(rand)}", timeout=${int(rand, 1, 30)})`);
        break;
      case 1:
        out.push(`    logger.info("${sentence(rand, 3, 6)}", extra={"request_id": "${uuid(rand)}"})`);
        break;
      case 2:
        out.push(`    digest = hashlib.sha256(b"${noun(rand)}").hexdigest()  # ${hex(rand, 64)}`);
        break;
      case 3:
        out.push(
          `    if ${noun(rand)}.${noun(rand)}_count > ${int(rand, 1, 500)}:`,
          `        raise ValueError("${sentence(rand, 3, 6)}")`,
        );
        break;
      case 4:
        out.push(`    ${noun(rand)}_ids = [r["id"] for r in rows if r["state"] == "${pick(rand, ADJECTIVES)}"]`);
        break;
      default:
        out.push(`    ${pick(rand, ADJECTIVES)}_${noun(rand)} = ${JSON.stringify(harmlessValue(rand))}`);
    }
  }
  out.push('    return True', '', '');
  return out;
}

function goSection(rand: Rand): string[] {
  const type = typeName(rand);
  const out: string[] = [];
  if (chance(rand, 0.15)) out.push(hardNegativeLine(rand, '//'));
  out.push(`// ${cap(ident(rand))} ${sentence(rand).toLowerCase()}`);
  out.push(`func ${cap(ident(rand))}(ctx context.Context, in *${type}) (*${typeName(rand)}, error) {`);
  for (let i = int(rand, 3, 10); i > 0; i--) {
    switch (int(rand, 0, 5)) {
      case 0:
        out.push(
          `\treq, err := http.NewRequestWithContext(ctx, http.MethodGet, "${url(rand)}", nil)`,
          '\tif err != nil {',
          '\t\treturn nil, err',
          '\t}',
        );
        break;
      case 1:
        out.push(`\tlog.Printf("${sentence(rand, 3, 6)} id=%s trace=${hex(rand, 32)}", in.ID)`);
        break;
      case 2:
        out.push(`\tconst ${camelVar(rand)} = "${harmlessValue(rand)}"`);
        break;
      case 3:
        out.push(
          `\tfor _, ${noun(rand)} := range in.${cap(noun(rand))}s {`,
          `\t\ttotal += ${noun(rand)}.Amount`,
          '\t}',
        );
        break;
      default:
        out.push(
          `\tif in.${cap(camelVar(rand))} > ${int(rand, 0, 999)} {`,
          `\t\treturn nil, fmt.Errorf("${sentence(rand, 3, 6)}")`,
          '\t}',
        );
    }
  }
  out.push(`\treturn &${typeName(rand)}{}, nil`, '}', '');
  return out;
}

function javaSection(rand: Rand): string[] {
  const out: string[] = [];
  if (chance(rand, 0.15)) out.push(hardNegativeLine(rand, '    //'));
  out.push('    /**', `     * ${sentence(rand)}`, '     */');
  out.push(`    public ${typeName(rand)} ${ident(rand)}(final ${typeName(rand)} ${noun(rand)}) throws IOException {`);
  for (let i = int(rand, 3, 10); i > 0; i--) {
    switch (int(rand, 0, 4)) {
      case 0:
        out.push(`        final URI uri = URI.create("${url(rand)}");`);
        break;
      case 1:
        out.push(`        LOG.info("${sentence(rand, 3, 6)} requestId={}", "${uuid(rand)}");`);
        break;
      case 2:
        out.push(`        final String ${camelVar(rand)} = "${harmlessValue(rand)}";`);
        break;
      case 3:
        out.push(
          `        if (${noun(rand)}.get${cap(noun(rand))}Count() > ${int(rand, 0, 999)}) {`,
          `            throw new IllegalStateException("${sentence(rand, 3, 6)}");`,
          '        }',
        );
        break;
      default:
        out.push(`        repository.${ident(rand)}(${noun(rand)}.getId());`);
    }
  }
  out.push('        return null;', '    }', '');
  return out;
}

function yamlSection(rand: Rand): string[] {
  const out = [`${noun(rand)}_${pick(rand, ['service', 'settings', 'client', 'pool'])}:`];
  for (let i = int(rand, 3, 9); i > 0; i--) {
    switch (int(rand, 0, 7)) {
      case 0:
        out.push(
          `  host: ${pick(rand, SERVICES_WORDS)}.${pick(rand, ['internal', 'svc.cluster.local'])}`,
          `  port: ${int(rand, 1024, 65535)}`,
        );
        break;
      case 1:
        out.push(`  timeout_ms: ${int(rand, 100, 30000)}`);
        break;
      case 2:
        out.push(`  password: \${${noun(rand).toUpperCase()}_DB_PASSWORD}`);
        break;
      case 3:
        out.push(`  endpoint: ${url(rand)}`);
        break;
      case 4:
        out.push(`  ${camelVar(rand)}: ${JSON.stringify(harmlessValue(rand))}`);
        break;
      case 5:
        out.push(`  enabled: ${pick(rand, ['true', 'false'])}`);
        break;
      case 6:
        out.push(`  # ${sentence(rand)}`);
        break;
      default:
        out.push(`  id: ${uuid(rand)}`);
    }
  }
  if (chance(rand, 0.1)) out.push(hardNegativeLine(rand, '#'));
  return out;
}

function envSection(rand: Rand): string[] {
  const key =
    `${noun(rand)}_${pick(rand, ['HOST', 'PORT', 'TIMEOUT', 'REGION', 'LOG_LEVEL', 'BUCKET', 'QUEUE_URL', 'FEATURE_FLAG', 'RELEASE'])}`.toUpperCase();
  const values: Record<string, () => string> = {
    HOST: () => `${noun(rand)}.internal`,
    PORT: () => String(int(rand, 1024, 65535)),
    TIMEOUT: () => String(int(rand, 1, 300)),
    REGION: () => pick(rand, ['eu-west-1', 'us-east-1', 'ap-south-1']),
    LEVEL: () => pick(rand, ['info', 'debug', 'warn']),
    BUCKET: () => `${pick(rand, NAMES)}-${noun(rand)}-${hex(rand, 6)}`,
    URL: () => url(rand),
    FLAG: () => pick(rand, ['true', 'false']),
    RELEASE: () => hex(rand, 40),
  };
  const suffix = key.split('_').at(-1) ?? 'HOST';
  const out = [`${key}=${(values[suffix] ?? (() => 'x'))()}`];
  if (chance(rand, 0.1)) out.push(`${noun(rand).toUpperCase()}_API_KEY=\${${noun(rand).toUpperCase()}_API_KEY}`);
  if (chance(rand, 0.05)) out.push(hardNegativeLine(rand, '#'));
  return out;
}

function lockEntry(rand: Rand): string[] {
  const name = `${pick(rand, ['', `@${pick(rand, NAMES)}/`])}${noun(rand)}-${pick(rand, VERBS)}${chance(rand, 0.3) ? `-${noun(rand)}` : ''}`;
  const version = semver(rand);
  const base = name.split('/').at(-1) ?? name;
  const out = [
    `    "node_modules/${name}": {`,
    `      "version": "${version}",`,
    `      "resolved": "https://registry.npmjs.org/${name}/-/${base}-${version}.tgz",`,
    `      "integrity": "sha512-${b64bytes(rand, 64)}",`,
  ];
  if (chance(rand, 0.5)) out.push('      "dev": true,');
  if (chance(rand, 0.4)) {
    out.push('      "dependencies": {');
    const n = int(rand, 1, 4);
    for (let i = 0; i < n; i++)
      out.push(`        "${noun(rand)}-${pick(rand, VERBS)}": "^${semver(rand)}"${i < n - 1 ? ',' : ''}`);
    out.push('      },');
  }
  out.push(`      "license": "${pick(rand, ['MIT', 'ISC', 'Apache-2.0', 'BSD-3-Clause'])}"`, '    },');
  return out;
}

function minifiedChunk(rand: Rand): string {
  const parts: string[] = [];
  for (let i = int(rand, 20, 60); i > 0; i--) {
    const a = chars(rand, LOWER, 1);
    const b = chars(rand, LOWER, 1);
    switch (int(rand, 0, 6)) {
      case 0:
        parts.push(
          `function ${a}${b}(${a},${b}){return ${a}.${noun(rand)}===${b}?${int(rand, 0, 99)}:${a}[${int(rand, 0, 9)}]}`,
        );
        break;
      case 1:
        parts.push(`var ${a}=${JSON.stringify(harmlessValue(rand))}`);
        break;
      case 2:
        parts.push(`${a}.exports={hash:"${hex(rand, 20)}",chunk:"${noun(rand)}.${hex(rand, 8)}.js"}`);
        break;
      case 3:
        parts.push(`${a}.src="data:image/svg+xml;base64,${b64bytes(rand, int(rand, 40, 160))}"`);
        break;
      case 4:
        parts.push(`fetch("${url(rand)}",{method:"POST",headers:{"Content-Type":"application/json"}})`);
        break;
      case 5:
        parts.push(`${a}.${camelVar(rand)}=function(){return"${sentence(rand, 3, 6)}"}`);
        break;
      default:
        parts.push(`${a}[${int(rand, 0, 99)}]=${b}&&${b}.${ident(rand)}(${int(rand, 0, 9999)})`);
    }
  }
  return `${parts.join(';')};`;
}

const ACTIONS_PINS = [
  'actions/checkout',
  'actions/setup-node',
  'actions/cache',
  'docker/login-action',
  'aws-actions/configure-aws-credentials',
];

const FILE_SPECS: readonly FileSpec[] = [
  {
    path: (r, i) => `src/${noun(r)}s/${pick(r, VERBS)}-${noun(r)}-${i}.ts`,
    size: [2_000, 40_000],
    weight: 14,
    format: 'ts',
    write: (r, target, plant) =>
      fill(
        r,
        target,
        plant,
        [
          `import { client, logger, queue } from '../lib/runtime.js';`,
          `import type { ${typeName(r)} } from './types.js';`,
          '',
          'let total = 0;',
          '',
        ],
        () => tsSection(r, false),
      ),
  },
  {
    path: (r, i) => `web/src/${noun(r)}/${pick(r, VERBS)}-${i}.js`,
    size: [2_000, 30_000],
    weight: 7,
    format: 'js',
    write: (r, target, plant) =>
      fill(
        r,
        target,
        plant,
        [`import { client, logger, queue } from '../lib/runtime.js';`, '', 'let total = 0;', ''],
        () => tsSection(r, true),
      ),
  },
  {
    path: (r, i) => `services/${noun(r)}/${noun(r)}_${pick(r, VERBS)}_${i}.py`,
    size: [2_000, 30_000],
    weight: 8,
    format: 'py',
    write: (r, target, plant) =>
      fill(
        r,
        target,
        plant,
        ['import hashlib', 'import logging', 'import os', '', 'logger = logging.getLogger(__name__)', '', ''],
        () => pySection(r),
      ),
  },
  {
    path: (r, i) => `internal/${noun(r)}/${pick(r, VERBS)}_${noun(r)}_${i}.go`,
    size: [2_000, 30_000],
    weight: 6,
    format: 'go',
    write: (r, target, plant) =>
      fill(
        r,
        target,
        plant,
        [`package ${noun(r)}`, '', 'import (', '\t"context"', '\t"fmt"', '\t"log"', '\t"net/http"', ')', ''],
        () => goSection(r),
      ),
  },
  {
    path: (r, i) => `src/main/java/com/${pick(r, NAMES)}/${noun(r)}/${typeName(r)}Service${i}.java`,
    size: [3_000, 30_000],
    weight: 5,
    format: 'java',
    write: (r, target, plant) =>
      fill(
        r,
        target,
        plant,
        [
          `package com.${pick(r, NAMES)}.${noun(r)};`,
          '',
          'import java.io.IOException;',
          'import java.net.URI;',
          '',
          `public final class ${typeName(r)}Service {`,
          '    private static final Logger LOG = LoggerFactory.getLogger("app");',
          '',
        ],
        () => javaSection(r),
        ['}'],
      ),
  },
  {
    path: (r, i) => `config/${noun(r)}-${pick(r, ['settings', 'app', 'service'])}-${i}.yaml`,
    size: [1_000, 15_000],
    weight: 4,
    format: 'yaml',
    write: (r, target, plant) =>
      fill(r, target, plant, [`# ${sentence(r)}`, `version: ${int(r, 1, 3)}`], () => yamlSection(r)),
  },
  {
    path: (r, i) => `config/${noun(r)}-${i}.json`,
    size: [1_000, 15_000],
    weight: 3,
    format: 'json',
    write: (r, target, plant) =>
      fill(
        r,
        target,
        plant,
        ['{', `  "name": "${noun(r)}-${pick(r, VERBS)}",`],
        () => [
          `  "${camelVar(r)}${int(r, 0, 1e6)}": { "id": "${uuid(r)}", "value": ${JSON.stringify(harmlessValue(r))}, "enabled": ${pick(r, ['true', 'false'])} },`,
        ],
        [`  "version": "${semver(r)}"`, '}'],
      ),
  },
  {
    path: (r, i) => `deploy/${pick(r, ['dev', 'staging', 'prod'])}-${i}.env`,
    size: [300, 4_000],
    weight: 1,
    format: 'env',
    write: (r, target, plant) => fill(r, target, plant, [`# ${sentence(r)}`], () => envSection(r)),
  },
  {
    path: (r, i) => `src/main/resources/application-${pick(r, ['dev', 'prod', 'test'])}-${i}.properties`,
    size: [500, 6_000],
    weight: 1,
    format: 'properties',
    write: (r, target, plant) =>
      fill(r, target, plant, [`# ${sentence(r)}`], () => [
        `${noun(r)}.${camelVar(r)}.${pick(r, ['url', 'timeout', 'enabled', 'id'])}=${harmlessValue(r)}`,
      ]),
  },
  {
    path: (r, i) => `etc/${noun(r)}-${i}.ini`,
    size: [500, 6_000],
    weight: 1,
    format: 'ini',
    write: (r, target, plant) =>
      fill(r, target, plant, ['[default]'], () =>
        chance(r, 0.15)
          ? ['', `[${noun(r)}]`]
          : [`${noun(r)}_${pick(r, ['host', 'path', 'retries', 'id'])} = ${harmlessValue(r)}`],
      ),
  },
  {
    path: (r, i) => `config/${noun(r)}-${i}.toml`,
    size: [500, 6_000],
    weight: 1,
    format: 'toml',
    write: (r, target, plant) =>
      fill(r, target, plant, [`title = "${sentence(r, 2, 4)}"`], () =>
        chance(r, 0.15)
          ? ['', `[${noun(r)}]`]
          : [`${noun(r)}_${pick(r, ['host', 'path', 'retries', 'id'])} = ${JSON.stringify(harmlessValue(r))}`],
      ),
  },
  {
    path: (r, i) => `config/${noun(r)}-${i}.config.xml`,
    size: [1_000, 8_000],
    weight: 1,
    format: 'xml',
    write: (r, target, plant) =>
      fill(
        r,
        target,
        plant,
        ['<?xml version="1.0" encoding="utf-8"?>', '<configuration>', '  <appSettings>'],
        () => [`    <add key="${cap(camelVar(r))}" value="${xmlEscape(harmlessValue(r))}" />`],
        ['  </appSettings>', '</configuration>'],
      ),
  },
  {
    path: (r, i) => `.github/workflows/${pick(r, ['ci', 'deploy', 'release', 'nightly'])}-${i}.yml`,
    size: [1_500, 8_000],
    weight: 2,
    format: 'ci-env',
    write: (r, target, plant) => {
      const head = [
        `name: ${cap(pick(r, VERBS))} ${noun(r)}`,
        'on:',
        '  push:',
        '    branches: [main]',
        'env:',
        `  NODE_VERSION: "${int(r, 18, 22)}"`,
      ];
      const plantLines = plant ? plant.lines : [];
      const lines = [...head, ...plantLines, `  AWS_REGION: ${pick(r, ['eu-west-1', 'us-east-1'])}`, 'jobs:'];
      let size = lines.join('\n').length;
      let job = 0;
      while (size < target) {
        const block = [
          `  ${pick(r, VERBS)}-${job++}:`,
          '    runs-on: ubuntu-latest',
          '    permissions:',
          '      contents: read',
          '      id-token: write',
          '    steps:',
          `      - uses: ${pick(r, ACTIONS_PINS)}@${hex(r, 40)} # v${int(r, 2, 5)}`,
          `      - run: npm ci && npm run ${pick(r, VERBS)}`,
          '        env:',
          `          NPM_TOKEN: \${{ secrets.NPM_TOKEN }}`,
          `          CACHE_KEY: \${{ hashFiles('**/package-lock.json') }}-${hex(r, 8)}`,
          `      - run: curl -fsS -H "Authorization: Bearer \${{ secrets.DEPLOY_TOKEN }}" ${url(r)}`,
        ];
        lines.push(...block);
        size += block.join('\n').length + 1;
      }
      return { lines, plantAt: plant ? head.length : -1 };
    },
  },
  {
    path: () => '.gitlab-ci.yml',
    size: [1_500, 8_000],
    weight: 0.5,
    format: 'ci-env',
    write: (r, target, plant) => {
      const head = ['stages: [build, test, deploy]', 'variables:', `  DOCKER_DRIVER: overlay2`];
      const lines = [...head, ...(plant ? plant.lines : []), ''];
      let size = lines.join('\n').length;
      while (size < target) {
        const block = [
          `${pick(r, VERBS)}-${noun(r)}-${int(r, 0, 999)}:`,
          `  stage: ${pick(r, ['build', 'test', 'deploy'])}`,
          `  image: node:${int(r, 18, 22)}@sha256:${hex(r, 64)}`,
          '  script:',
          '    - echo "$CI_JOB_TOKEN" | docker login -u gitlab-ci-token --password-stdin $CI_REGISTRY',
          `    - npm run ${pick(r, VERBS)}`,
          '',
        ];
        lines.push(...block);
        size += block.join('\n').length + 1;
      }
      return { lines, plantAt: plant ? head.length : -1 };
    },
  },
  {
    path: () => 'Jenkinsfile',
    size: [1_500, 6_000],
    weight: 0.5,
    format: 'jenkins',
    write: (r, target, plant) => {
      const head = ['pipeline {', '    agent any', '    environment {', `        APP = '${noun(r)}'`];
      const lines = [
        ...head,
        ...(plant ? plant.lines : []),
        "        REGISTRY_CREDS = credentials('registry-creds')",
        '    }',
        '    stages {',
      ];
      let size = lines.join('\n').length;
      while (size < target) {
        const block = [
          `        stage('${cap(pick(r, VERBS))} ${noun(r)}') {`,
          '            steps {',
          `                sh 'make ${pick(r, VERBS)} REV=${hex(r, 40)}'`,
          '            }',
          '        }',
        ];
        lines.push(...block);
        size += block.join('\n').length + 1;
      }
      lines.push('    }', '}');
      return { lines, plantAt: plant ? head.length : -1 };
    },
  },
  {
    path: (r, i) => `docker/${noun(r)}-${i}.Dockerfile`,
    size: [500, 3_000],
    weight: 1,
    format: 'dockerfile',
    write: (r, target, plant) =>
      fill(
        r,
        target,
        plant,
        [`FROM node:${int(r, 18, 22)}-alpine@sha256:${hex(r, 64)} AS build`, 'WORKDIR /app', 'ARG NPM_TOKEN'],
        () => [
          pick(r, [
            `RUN apk add --no-cache ${noun(r)} curl && rm -rf /var/cache/apk/*`,
            `COPY ${noun(r)}/ ./${noun(r)}/`,
            `ENV ${noun(r).toUpperCase()}_URL=${url(r)}`,
            'RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci --omit=dev',
            `LABEL org.opencontainers.image.revision="${hex(r, 40)}"`,
          ]),
        ],
        ['USER node', 'CMD ["node", "dist/main.js"]'],
      ),
  },
  {
    path: (r, i) => `infra/terraform/${noun(r)}-${i}.tf`,
    size: [2_000, 20_000],
    weight: 5,
    format: 'tf',
    write: (r, target, plant) =>
      fill(r, target, plant, ['terraform {', '  required_version = ">= 1.5"', '}', ''], () => {
        const name = `${noun(r)}_${int(r, 0, 999)}`;
        return pick(r, [
          [
            `resource "aws_s3_bucket" "${name}" {`,
            `  bucket = "${pick(r, NAMES)}-${noun(r)}-${hex(r, 8)}"`,
            '  tags = {',
            `    owner = "team-${noun(r)}"`,
            '  }',
            '}',
            '',
          ],
          [
            `resource "aws_lambda_function" "${name}" {`,
            `  function_name    = "${name}"`,
            '  source_code_hash = filebase64sha256("build/lambda.zip")',
            `  role             = "arn:aws:iam::${chars(r, DIGITS, 12)}:role/${name}"`,
            '}',
            '',
          ],
          [
            `resource "aws_db_instance" "${name}" {`,
            '  engine   = "postgres"',
            '  username = "app"',
            '  password = var.db_password',
            `  kms_key_id = "arn:aws:kms:eu-west-1:${chars(r, DIGITS, 12)}:key/${uuid(r)}"`,
            '}',
            '',
          ],
          [
            `variable "${name}" {`,
            '  type        = string',
            `  description = "${sentence(r, 4, 8)}"`,
            '  sensitive   = true',
            '}',
            '',
          ],
          [
            `data "aws_secretsmanager_secret_version" "${name}" {`,
            `  secret_id = "arn:aws:secretsmanager:eu-west-1:${chars(r, DIGITS, 12)}:secret:${noun(r)}-${b62(r, 6)}"`,
            '}',
            '',
          ],
        ]);
      }),
  },
  {
    path: (r, i) => `deploy/k8s/${noun(r)}-${i}.yaml`,
    size: [2_000, 15_000],
    weight: 7,
    format: 'k8s',
    write: (r, target, plant) =>
      fill(r, target, plant, [], () => {
        const name = `${noun(r)}-${pick(r, VERBS)}`;
        return pick(r, [
          [
            '---',
            'apiVersion: apps/v1',
            'kind: Deployment',
            'metadata:',
            `  name: ${name}`,
            `  uid: ${uuid(r)}`,
            'spec:',
            `  replicas: ${int(r, 1, 6)}`,
            '  template:',
            '    spec:',
            '      containers:',
            `        - name: ${name}`,
            `          image: ghcr.io/${pick(r, NAMES)}/${name}@sha256:${hex(r, 64)}`,
            '          env:',
            '            - name: DB_PASSWORD',
            '              valueFrom:',
            '                secretKeyRef:',
            `                  name: ${name}-db`,
            '                  key: password',
          ],
          [
            '---',
            'apiVersion: v1',
            'kind: ConfigMap',
            'metadata:',
            `  name: ${name}-config`,
            'data:',
            `  ${noun(r)}.url: ${url(r)}`,
            `  checksum: "${hex(r, 64)}"`,
            'binaryData:',
            `  logo.png: ${b64bytes(r, int(r, 60, 300))}`,
          ],
          [
            '---',
            'apiVersion: v1',
            'kind: Service',
            'metadata:',
            `  name: ${name}`,
            'spec:',
            '  ports:',
            `    - port: ${int(r, 80, 9000)}`,
            `  selector:`,
            `    app: ${name}`,
          ],
        ]);
      }),
  },
  {
    path: (r, i) => `docs/${noun(r)}-${pick(r, ['guide', 'runbook', 'design', 'notes'])}-${i}.md`,
    size: [2_000, 25_000],
    weight: 7,
    format: 'md',
    write: (r, target, plant) =>
      fill(r, target, plant, [`# ${cap(noun(r))} ${pick(r, ['guide', 'runbook', 'design'])}`, ''], () =>
        pick(r, [
          [`${sentence(r, 10, 30)} ${sentence(r, 8, 20)}`, ''],
          [`## ${cap(pick(r, VERBS))} the ${noun(r)}`, ''],
          [
            '```bash',
            `curl -H "Authorization: Bearer $TOKEN" ${url(r)}`,
            `export ${noun(r).toUpperCase()}_ID=${uuid(r)}`,
            '```',
            '',
          ],
          [
            `| ${noun(r)} | ${noun(r)} | hash |`,
            '|---|---|---|',
            `| ${int(r, 0, 99)} | ${pick(r, ADJECTIVES)} | ${hex(r, 40)} |`,
            '',
          ],
          [`See [${noun(r)}](${url(r)}) and commit \`${hex(r, 40)}\`.`, ''],
          [hardNegativeLine(r, '>'), ''],
        ]),
      ),
  },
  {
    path: () => 'package-lock.json',
    size: [100_000, 600_000],
    // Never drawn at random: every repository starts with its lockfile (about 14% of the bytes).
    weight: 0,
    format: null,
    write: (r, target) =>
      fill(
        r,
        target,
        null,
        [
          '{',
          `  "name": "${noun(r)}-${pick(r, VERBS)}",`,
          `  "version": "${semver(r)}",`,
          '  "lockfileVersion": 3,',
          '  "requires": true,',
          '  "packages": {',
          `    "": { "name": "${noun(r)}", "version": "${semver(r)}" },`,
        ],
        () => lockEntry(r),
        [`    "node_modules/zz-${hex(r, 6)}": { "version": "${semver(r)}" }`, '  }', '}'],
      ),
  },
  {
    path: (r, i) => `dist/${noun(r)}.${hex(r, 8)}.${i}.min.js`,
    size: [50_000, 800_000],
    weight: 9,
    format: 'minjs',
    write: (r, target, plant) => {
      // Minified bundles: a few very long lines. A plant goes inside one of them.
      const lines: string[] = [`/*! bundle (c) ${pick(r, NAMES)} */`];
      let size = lines[0]?.length ?? 0;
      let plantAt = -1;
      while (size < target) {
        const lineTarget = Math.min(target - size, int(r, 20_000, 200_000));
        const parts: string[] = [];
        let lineSize = 0;
        while (lineSize < lineTarget) {
          const chunk = minifiedChunk(r);
          parts.push(chunk);
          lineSize += chunk.length;
        }
        if (plant && plantAt < 0 && (chance(r, 0.5) || size + lineSize >= target)) {
          parts.splice(int(r, 0, parts.length), 0, `var cfg={${plant.lines[0] ?? ''}};`);
          plantAt = lines.length;
        }
        const line = parts.join('');
        lines.push(line);
        size += line.length + 1;
      }
      return { lines, plantAt };
    },
  },
];

const LOCKFILE = FILE_SPECS.find((spec) => spec.format === null) as FileSpec;

/** Standalone key files: a planted multi-line secret alone in its own file, as keys are kept. */
function standaloneFile(
  rand: Rand,
  kind: SecretKind,
  value: string,
  i: number,
): { path: string; lines: string[]; first: number; last: number } {
  const lines = value.split('\n');
  const names: Record<string, string> = {
    'gcp-service-account-key': `config/gcp/${pick(rand, SERVICES_WORDS)}-sa-${hex(rand, 12)}.json`,
    'private-key-openssh': `ops/ssh/id_ed25519_${pick(rand, SERVICES_WORDS)}_${i}`,
    'private-key-putty': `ops/ssh/${pick(rand, SERVICES_WORDS)}-${i}.ppk`,
    'private-key-pgp': `ops/gpg/release-signing-${i}.asc`,
  };
  const path = names[kind.id] ?? `ops/tls/${pick(rand, SERVICES_WORDS)}-${i}.${pick(rand, ['pem', 'key'])}`;
  return { path, lines, first: 0, last: lines.length - 1 };
}

// ---------------------------------------------------------------------------------------------
// The corpus
// ---------------------------------------------------------------------------------------------

/** Options of {@link generateSecretCorpus}. */
export interface CorpusOptions {
  /** Size in MB (10^6 bytes). */
  sizeMB: number;
  /** Output directory: `corpus/` and `labels.json` go under it. */
  out: string;
  seed?: number;
  /** Mean bytes between planted secrets; 200 KB unless told. */
  bytesPerSecret?: number;
}

const MULTI_LINE_FORMATS: ReadonlySet<PlantFormat> = new Set([
  'ts',
  'js',
  'py',
  'go',
  'java',
  'yaml',
  'toml',
  'xml',
  'tf',
  'k8s',
  'md',
]);

/**
 * Writes the corpus and its labels; returns the labels. Deletes `out` first, so that a
 * smaller run never leaves files of a bigger one behind.
 *
 * @example generateSecretCorpus({ sizeMB: 10, out: 'bench/out/secret-corpus-10' })
 */
export function generateSecretCorpus(options: CorpusOptions): CorpusLabels {
  const seed = options.seed ?? 4;
  const rand = prng(seed);
  const target = Math.round(options.sizeMB * 1_000_000);
  const meanGap = options.bytesPerSecret ?? 200_000;
  const corpus = join(options.out, 'corpus');
  rmSync(options.out, { recursive: true, force: true });
  mkdirSync(corpus, { recursive: true });
  // Pick file kinds in proportion to their share of bytes divided by their mean size.
  const odds = FILE_SPECS.map((spec) => spec.weight / ((spec.size[0] + spec.size[1]) / 2));
  const totalOdds = odds.reduce((sum, x) => sum + x, 0);
  const secrets: PlantedSecret[] = [];
  const taken = new Set<string>();
  let written = 0;
  let files = 0;
  let repo = 0;
  let repoBytes = Number.POSITIVE_INFINITY;
  let root = '';
  let nextSecretAt = meanGap * (0.2 + 1.2 * rand());
  const write = (path: string, lines: string[]) => {
    const text = `${lines.join('\n')}\n`;
    const file = join(corpus, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    written += text.length;
    repoBytes += text.length;
    files++;
  };
  while (written < target) {
    if (repoBytes > 2_500_000) {
      repo++;
      repoBytes = 0;
      root = `${pick(rand, NAMES)}-${pick(rand, SERVICES_WORDS)}-${String(repo).padStart(3, '0')}`;
    }
    let spec = FILE_SPECS[0] as FileSpec;
    if (repoBytes === 0) {
      spec = LOCKFILE;
    } else {
      let roll = rand() * totalOdds;
      for (const [i, candidate] of FILE_SPECS.entries()) {
        roll -= odds[i] ?? 0;
        if (roll <= 0) {
          spec = candidate;
          break;
        }
      }
    }
    let path = `${root}/${spec.path(rand, files)}`;
    // One lockfile or Jenkinsfile per repository root: the others live in a monorepo's packages.
    if (taken.has(path)) path = `${root}/packages/${noun(rand)}-${files}/${spec.path(rand, files)}`;
    if (taken.has(path)) continue;
    taken.add(path);
    const size = Math.min(int(rand, spec.size[0], spec.size[1]), Math.max(200, target - written));
    const due = written + size >= nextSecretAt;
    let plant: Plant | null = null;
    let kind: SecretKind | null = null;
    if (due && spec.format !== null) {
      kind = pick(rand, SECRET_KINDS);
      const value = kind.generate(rand);
      const multi = value.includes('\n');
      if (multi && (chance(rand, 0.4) || !MULTI_LINE_FORMATS.has(spec.format))) {
        // A key kept in its own file; the file that was due carries on without a secret.
        const own = standaloneFile(rand, kind, value, files);
        const ownPath = `${root}/${own.path}`;
        if (!taken.has(ownPath)) {
          taken.add(ownPath);
          write(ownPath, own.lines);
          secrets.push({
            path: ownPath,
            line: own.first + 1,
            endLine: own.last + 1,
            kind: kind.id,
            family: kind.family,
          });
          nextSecretAt = written + meanGap * (0.2 + 1.2 * rand());
        }
        kind = null;
      } else {
        plant = renderPlant(kind, value, spec.format, rand);
      }
    }
    const { lines, plantAt } = spec.write(rand, size, plant);
    write(path, lines);
    if (plant && kind && plantAt >= 0) {
      secrets.push({
        path,
        line: plantAt + plant.first + 1,
        endLine: plantAt + plant.last + 1,
        kind: kind.id,
        family: kind.family,
      });
      nextSecretAt = written + meanGap * (0.2 + 1.2 * rand());
    }
  }
  const labels: CorpusLabels = {
    version: 1,
    generator: GENERATOR_VERSION,
    seed,
    sizeMB: options.sizeMB,
    bytes: written,
    files,
    secrets,
  };
  writeFileSync(join(options.out, 'labels.json'), `${JSON.stringify(labels, null, 1)}\n`);
  return labels;
}

const isMain = process.argv[1] !== undefined && import.meta.filename === process.argv[1];
if (isMain) {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: '100' },
      out: { type: 'string' },
      seed: { type: 'string', default: '4' },
    },
  });
  const sizeMB = Number(values.size);
  const seed = Number(values.seed);
  if (!Number.isFinite(sizeMB) || sizeMB <= 0 || !Number.isInteger(seed)) {
    console.error('usage: generate-secret-corpus.ts --size MB --out DIR [--seed N]');
    process.exit(2);
  }
  const out = values.out ?? join(import.meta.dirname, 'out', `secret-corpus-${sizeMB}`);
  const started = process.hrtime.bigint();
  const labels = generateSecretCorpus({ sizeMB, out, seed });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(
    `${out}: ${labels.files} files, ${(labels.bytes / 1e6).toFixed(1)} MB, ${labels.secrets.length} planted secrets of ${new Set(labels.secrets.map((s) => s.kind)).size} kinds (${seconds.toFixed(1)} s)`,
  );
}
