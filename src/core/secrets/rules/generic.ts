// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the negative examples are `${VAR}` templates on purpose.
/**
 * Generic credentials: values assigned to keys named like secrets (`password = …`,
 * `api_key: …`, `client_secret`, `token`) in code, YAML, JSON, .env, properties, XML and shell,
 * plus Authorization headers and .netrc entries. With no format to check, these rules judge a
 * value by its key name, its length, its entropy and what it is not (a placeholder, a
 * template, a variable, a path, a hash in a password field, an id).
 *
 * They all have provider `generic`: the scanner lets a specific rule that matched the same text
 * win, so `GITHUB_TOKEN=ghp_…` is reported once, as a GitHub token.
 */
import { decodeBase64Text } from '../checks.js';
import { isPlaceholder } from '../placeholders.js';
import type { SecretRule } from '../secret-rule.js';
import {
  ASSIGN,
  FALLBACK_FROM,
  glue,
  hasControlCharacter,
  looksRandom,
  plausibleKey,
  plausiblePassword,
} from './shared.js';

/**
 * Characters a bare or quoted value may not contain: whitespace, quotes, list and statement
 * separators, brackets (so that `getPassword()` and `config["x"]` stop at the name), `&` and `|`
 * (query strings, shell), and backslashes (escapes).
 */
const NOT_VALUE = String.raw`\s"'\x60,;()\[\]{}<>&|\\`;

/** The end of a generic value: a character it may not contain, or the end of the text. */
const VALUE_END = `(?:[${NOT_VALUE}]|$)`;

/**
 * `key OP value`: JSON, YAML, .env, properties, INI, TOML, shell, and assignments, keyword
 * arguments and object literals in code. The key is a whole name ending at one of `keys`: it
 * starts after a character that cannot be part of a name (so `checksum/secret` and the ARN part
 * `:secret:` are not keys) and runs to the operator (so `password_file` is not one either).
 * The value may be quoted; it must not start with `=` (`password == x` is a comparison), and it
 * has at least `min` characters. Group 1 is the value.
 */
function keyValue(keys: string, min: number): string {
  return String.raw`(?:^|[^A-Za-z0-9_.:/-])[A-Za-z0-9_.-]*?(?:${keys})["'\]]{0,2}[ \t]*${ASSIGN}[ \t]*${FALLBACK_FROM}["'\x60]?([^${NOT_VALUE}=][^${NOT_VALUE}]{${min - 1},})${VALUE_END}`;
}

/** `pass` and `pwd` only as whole words or after a separator (`db_pass`): `minipass`, `bypass`, `compass` are not keys. */
const PASSWORD_KEYS = String.raw`password|passwd|passphrase|(?:[_.-]|\b)(?:pass|pwd)`;

const genericPassword: SecretRule = {
  id: 'generic-password',
  name: 'Password assignment',
  description:
    'A literal value assigned to a key named password, passwd, passphrase, pwd or pass, in code or configuration: the password of whatever account the setting is for. Placeholders, variables, references, paths and hashes are not reported.',
  provider: 'generic',
  identityKind: 'service-account',
  credentialType: 'password',
  severity: 'high',
  pattern: keyValue(PASSWORD_KEYS, 6),
  caseInsensitive: true,
  secretGroup: 1,
  keywords: ['pass', 'pwd'],
  minEntropy: 2.2,
  verify: plausiblePassword,
  examples: {
    positive: [
      `spring.datasource.password=${glue('Lum3n', '!Fr8ght-2026')}`,
      `DB_PASSWORD="${glue('x9#kT2', 'qLm4vW')}"`,
      `  redis:\n    password: ${glue('Vb7k2Qx9', 'mWz4aP')}\n`,
      `{"username": "etl", "password": "${glue('hY6$eR', '3nQ8pZ')}"}`,
      `conn = psycopg2.connect(host="db", user="etl", password="${glue('Tr0ub4', 'dor#3x')}")`,
      `Server=sql01;Database=billing;User Id=billing;Password=${glue('Gz5!rT', '8wq2')};`,
    ],
    negative: [
      'password = os.environ["DB_PASSWORD"]',
      'DB_PASSWORD=${DB_PASSWORD}',
      'password: "{{ vault_db_password }}"',
      'password = getPassword()',
      'password: changeme',
      'password = "<your-password>"',
      'password: ********',
      'password_hash = "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW"',
      'password: 5f4dcc3b5aa765d61d8327deb882cf99',
      'if password == "hunter2x":',
      'password_file: /run/secrets/db_password',
      'password: required',
      'passport_number = "X1234567"',
      'password: str = Field(min_length=12)',
      '"minipass": "^7.1.2",',
      'bypass = "X9kT2qLm4vWz"',
      'user_factory(password="test-password-123")',
    ],
  },
};

const API_KEY_KEYS =
  '(?:api|app|auth|private|secret|master|encryption|signing|client|license|write|admin|service|deploy|ingest|account|root|access[_.-]?token)[_.-]?key|apikey';

const genericApiKey: SecretRule = {
  id: 'generic-api-key',
  name: 'API key assignment',
  description:
    'A literal value of 16 or more characters assigned to a key named api_key, apikey, secret_key, private_key, signing_key or the like: a key for whatever service the setting is for.',
  provider: 'generic',
  identityKind: 'api-key',
  credentialType: 'api-key',
  severity: 'high',
  pattern: keyValue(API_KEY_KEYS, 16),
  caseInsensitive: true,
  secretGroup: 1,
  keywords: ['key'],
  minEntropy: 3,
  verify: (secret) => plausibleKey(secret) && looksRandom(secret),
  examples: {
    positive: [
      `WEATHER_API_KEY=${glue('qyDwyKVCPQdp', 'AeCiQZEBgTQq')}`,
      `const client = new Client({ apiKey: '${glue('OjHOEpjkvnMVp2Kh', 'mhFuaSQ4tRmW6I6L')}' });`,
      `SECRET_KEY = "${glue('6BREcc1M/9+ntbv+6cUA', '4stX9aBqsIVg5hUjp1UC')}"`,
      `x-api-key: ${glue('jCbcmoU6XP', 'PDf7JG7Ry8')}`,
    ],
    negative: [
      'api_key = os.getenv("API_KEY")',
      'API_KEY=your-api-key-here',
      'apiKey: process.env.API_KEY',
      'api_key: 3f2504e0-4f89-11d3-9a0c-0305e82c3301',
      'public_key: AAAAC3NzaC1lZDI1NTE5AAAAIHkCiHp6bR1IqfEouHgxz',
      'api_key = "abcdefghijklmnopqrstuvwxyz"',
      'primary_key = "customer_id_and_order_id"',
      'SECRET_KEY = settings.SECRET_KEY',
      'privateKey = pki.privateKeyFromAsn1(asn1)',
      'api_key: ${{ secrets.API_KEY }}',
    ],
  },
};

const genericSecret: SecretRule = {
  id: 'generic-secret',
  name: 'Secret assignment',
  description:
    'A literal value of 12 or more characters assigned to a key ending in secret (client_secret, app_secret, jwt_secret, webhook_secret): a shared secret for whatever the setting is for.',
  provider: 'generic',
  identityKind: 'service-account',
  credentialType: 'client-secret',
  severity: 'high',
  pattern: keyValue('secret', 12),
  caseInsensitive: true,
  secretGroup: 1,
  keywords: ['secret'],
  minEntropy: 3,
  verify: (secret) => plausibleKey(secret) && looksRandom(secret),
  examples: {
    positive: [
      `OAUTH_CLIENT_SECRET=${glue('Cr5nUUH30Cux', 'EQloc733YNHMxDve')}`,
      `jwt:\n  secret: "${glue('IOw0UIwXP2mY', 'yNoby9oRIDlRlaNwJo')}"\n`,
    ],
    negative: [
      'client_secret: ${OAUTH_CLIENT_SECRET}',
      'secret: my-app-tls-secret',
      'secretName: db-credentials',
      'jwt_secret = "supersecretjwtkey"',
      'client_secret = "<client-secret>"',
      '    checksum/secret: 9f02b23de70a4cf40bfdf2fb0119895380eb1cac5d1630c9ccde3b7133b363f9',
      'secret_id = "arn:aws:secretsmanager:eu-west-1:210987654321:secret:stripe/prod-CnLn4M"',
    ],
  },
};

const genericToken: SecretRule = {
  id: 'generic-token',
  name: 'Token assignment',
  description:
    'A literal value of 16 or more characters assigned to a key ending in token (access_token, auth_token, GITLAB_TOKEN, bot_token): a bearer token for whatever service the setting is for.',
  provider: 'generic',
  identityKind: 'token',
  credentialType: 'token',
  severity: 'high',
  pattern: keyValue('token', 16),
  caseInsensitive: true,
  secretGroup: 1,
  keywords: ['token'],
  minEntropy: 3,
  verify: (secret) => plausibleKey(secret) && looksRandom(secret),
  examples: {
    positive: [
      `INTERNAL_API_TOKEN=${glue('abU2uTMRGK', 'IZ4h1HXe0CeUYImdFHS0l8kW')}`,
      `"access_token": "${glue('Cr5nUUH30Cux', 'EQloc733YNHMxDve')}"`,
    ],
    negative: [
      'token: ${{ secrets.GITHUB_TOKEN }}',
      'GITHUB_TOKEN=$GITHUB_TOKEN',
      'token = os.environ["TOKEN"]',
      'max_tokens = 4096',
      'token: /var/run/secrets/kubernetes.io/serviceaccount/token',
      'access_token: "REPLACE_ME_WITH_A_TOKEN"',
      'csrf_token = request.form.csrf_token',
    ],
  },
};

const bearerHeader: SecretRule = {
  id: 'generic-bearer-token',
  name: 'Bearer token in an Authorization header',
  description:
    'A literal bearer token in an Authorization header (curl -H, HTTP files, code): calls the API as whoever the token belongs to.',
  provider: 'generic',
  identityKind: 'token',
  credentialType: 'token',
  severity: 'high',
  pattern: String.raw`Authorization["']?[ \t]*[:=,][ \t]*["']?Bearer[ \t]+([A-Za-z0-9._~+/=-]{16,})${VALUE_END}`,
  caseInsensitive: true,
  secretGroup: 1,
  keywords: ['bearer'],
  minEntropy: 3,
  verify: (secret) => plausibleKey(secret) && looksRandom(secret),
  examples: {
    positive: [
      `curl -H "Authorization: Bearer ${glue('OjHOEpjkvnMVp2Kh', 'mhFuaSQ4tRmW6I6L')}" https://api.lumenfreight.example/v1/loads`,
      `headers = {"Authorization": "Bearer ${glue('qyDwyKVCPQdp', 'AeCiQZEBgTQq')}"}`,
    ],
    negative: [
      'curl -H "Authorization: Bearer $TOKEN" https://api.lumenfreight.example',
      'Authorization: Bearer <token>',
      'headers = {"Authorization": f"Bearer {token}"}',
    ],
  },
};

/** The `user:password` a Basic credential decodes to, when its password is real. */
function basicCredentials(secret: string): { user: string; password: string } | null {
  const decoded = decodeBase64Text(secret);
  if (decoded === null || hasControlCharacter(decoded)) return null;
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

const basicHeader: SecretRule = {
  id: 'generic-basic-auth',
  name: 'Basic credentials in an Authorization header',
  description: 'A base64 user:password in an Authorization: Basic header: signs in to the API or proxy as that user.',
  provider: 'generic',
  identityKind: 'service-account',
  credentialType: 'password',
  severity: 'high',
  pattern: String.raw`Authorization["']?[ \t]*[:=,][ \t]*["']?Basic[ \t]+([A-Za-z0-9+/]{8,}={0,2})${VALUE_END}`,
  caseInsensitive: true,
  secretGroup: 1,
  keywords: ['basic'],
  minEntropy: 3,
  verify: (secret) => {
    const credentials = basicCredentials(secret);
    return credentials !== null && !isPlaceholder(credentials.password) && credentials.password.length >= 4;
  },
  identify: (secret) => {
    const credentials = basicCredentials(secret);
    return credentials === null ? null : { type: 'account', provider: 'http-basic', account: credentials.user };
  },
  examples: {
    positive: [
      `curl -H "Authorization: Basic ${glue('bHVtZW4tY2k6WnE4dkszbV', 'c5cEx4MlI3dA==')}" https://registry.lumenfreight.example`,
    ],
    negative: [
      // user:password
      'Authorization: Basic dXNlcjpwYXNzd29yZA==',
      'Authorization: Basic $(echo -n "$USER:$PASS" | base64)',
    ],
  },
};

const xmlElement: SecretRule = {
  id: 'generic-xml-credential',
  name: 'Credential in an XML element',
  description:
    'A literal value in an XML element named like a credential (<password>, <db.password>, <apiKey>, <secret>, <token>), as in Maven settings.xml and application servers’ configuration.',
  provider: 'generic',
  identityKind: 'service-account',
  credentialType: 'password',
  severity: 'high',
  pattern: String.raw`<[A-Za-z0-9_.:-]*(?:password|passwd|secret|token|api[_.-]?key)>([^<\s]{6,})</`,
  caseInsensitive: true,
  secretGroup: 1,
  keywords: ['pass', 'secret', 'token', 'key'],
  minEntropy: 2.2,
  verify: plausiblePassword,
  examples: {
    positive: [
      `<server>\n  <id>lumen-releases</id>\n  <username>deployer</username>\n  <password>${glue('mV8$qZ2', 'kLp5wR')}</password>\n</server>`,
    ],
    negative: [
      '<password>${env.NEXUS_PASSWORD}</password>',
      '<password>{DSfQtXK2VnkAAHzSjALlFbtRVBFmwPfq1Dmm+Xj1ZNM=}</password>',
      '<password></password>',
    ],
  },
};

const xmlAddKey: SecretRule = {
  id: 'generic-config-add-key',
  name: 'Credential in a .NET or NuGet config setting',
  description:
    'A literal value in an <add key="…Password|Secret|Token|ApiKey…" value="…"/> setting of web.config, app.config or NuGet.Config (ClearTextPassword).',
  provider: 'generic',
  identityKind: 'service-account',
  credentialType: 'password',
  severity: 'high',
  pattern: String.raw`<add[ \t]+key="([^"]*(?:password|secret|token|api[_.-]?key)[^"]*)"[ \t]+value="([^"]{6,})"`,
  caseInsensitive: true,
  secretGroup: 2,
  keywords: ['<add'],
  minEntropy: 2.2,
  verify: plausiblePassword,
  examples: {
    positive: [
      `<packageSourceCredentials>\n  <lumen>\n    <add key="Username" value="ci" />\n    <add key="ClearTextPassword" value="${glue('pQ7#nW2', 'xZ9kLm')}" />\n  </lumen>\n</packageSourceCredentials>`,
    ],
    negative: [
      '<add key="ClearTextPassword" value="%NUGET_PASSWORD%" />',
      '<add key="PasswordMinLength" value="12" />',
    ],
  },
};

const netrcPassword: SecretRule = {
  id: 'netrc-password',
  name: '.netrc password',
  description:
    'A password in a .netrc entry (machine HOST login USER password PASS), which curl, git and ftp send to that host: signs in as the user.',
  provider: 'generic',
  identityKind: 'service-account',
  credentialType: 'password',
  severity: 'high',
  pattern: String.raw`machine[ \t]+([^\s]+)[ \t\r\n]+login[ \t]+([^\s]+)[ \t\r\n]+password[ \t]+([^\s]{4,})`,
  secretGroup: 3,
  keywords: ['machine'],
  minEntropy: 2.2,
  verify: plausiblePassword,
  identify: (_secret, groups) => {
    const host = groups[1];
    const user = groups[2];
    return host === undefined || user === undefined ? null : { type: 'account', provider: host, account: user };
  },
  examples: {
    positive: [`machine api.heroku.com\n  login ops@lumenfreight.example\n  password ${glue('Rk4vN8', 'qW2zXp7')}\n`],
    negative: [
      'machine example.com login user password password',
      'machine github.com login bot password $GITHUB_TOKEN',
    ],
  },
};

/** Generic credentials, judged by key name, entropy and context. Last in the catalogue. */
export const GENERIC_RULES: readonly SecretRule[] = [
  genericPassword,
  genericApiKey,
  genericSecret,
  genericToken,
  bearerHeader,
  basicHeader,
  xmlElement,
  xmlAddKey,
  netrcPassword,
];
