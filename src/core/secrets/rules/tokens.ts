// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the negative examples are `${VAR}` templates on purpose.
/**
 * Structured credentials that are not tied to one vendor: JSON Web Tokens (including
 * Kubernetes service-account tokens) and connection URIs that carry a password. Both say who
 * they belong to — a JWT's issuer and subject, a URI's user and host — which is what ties a
 * leak to an identity in the inventory.
 */
import { decodeJwt } from '../checks.js';
import type { IdentityHint, SecretRule } from '../secret-rule.js';
import { glue, notPlaceholder, plausiblePassword, URL_SAFE_END } from './shared.js';

/** A string claim, or `null`. */
function stringClaim(claims: Record<string, unknown>, name: string): string | null {
  const value = claims[name];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** The namespace and name of a Kubernetes service account, from a projected or legacy token's claims. */
function kubernetesServiceAccount(claims: Record<string, unknown>): IdentityHint | null {
  // Projected tokens (TokenRequest API): "kubernetes.io": {"namespace": …, "serviceaccount": {"name": …}}.
  const k8s = claims['kubernetes.io'];
  if (typeof k8s === 'object' && k8s !== null && !Array.isArray(k8s)) {
    const namespace = (k8s as Record<string, unknown>).namespace;
    const account = (k8s as Record<string, unknown>).serviceaccount;
    const name =
      typeof account === 'object' && account !== null ? (account as Record<string, unknown>).name : undefined;
    if (typeof namespace === 'string' && typeof name === 'string' && namespace.length > 0 && name.length > 0) {
      return { type: 'k8s-service-account', namespace, name };
    }
  }
  // Legacy secret-based tokens name both in flat claims.
  const namespace = stringClaim(claims, 'kubernetes.io/serviceaccount/namespace');
  const name = stringClaim(claims, 'kubernetes.io/serviceaccount/service-account.name');
  if (namespace !== null && name !== null) return { type: 'k8s-service-account', namespace, name };
  // Both kinds have sub = system:serviceaccount:<namespace>:<name>.
  const subject = /^system:serviceaccount:([a-z0-9.-]{1,253}):([a-z0-9.-]{1,253})$/.exec(
    stringClaim(claims, 'sub') ?? '',
  );
  return subject?.[1] !== undefined && subject[2] !== undefined
    ? { type: 'k8s-service-account', namespace: subject[1], name: subject[2] }
    : null;
}

function jwtIdentity(secret: string): IdentityHint | null {
  const claims = decodeJwt(secret)?.payload;
  if (claims === null || claims === undefined) return null;
  const k8s = kubernetesServiceAccount(claims);
  if (k8s !== null) return k8s;
  const issuer = stringClaim(claims, 'iss');
  const subject = stringClaim(claims, 'sub');
  return issuer === null && subject === null ? null : { type: 'jwt-subject', issuer, subject };
}

/** Base64url without padding, for building example tokens. */
function b64url(json: object): string {
  return Buffer.from(JSON.stringify(json), 'utf8').toString('base64url');
}

const SIGNATURE = glue('Q3mD0HfRIsPmdSju4b5X2jUd9XBKovKT1vtHE92oSrGrpLETSJi', 'gJhPZwECeD89KG8z4xhEw3bVrbI77Q5n');

const PROJECTED_SA_TOKEN = [
  b64url({ alg: 'RS256', kid: 'k8s-prod-eu-1-2026' }),
  b64url({
    aud: ['https://kubernetes.default.svc.cluster.local'],
    exp: 1795000000,
    iat: 1763464000,
    iss: 'https://kubernetes.default.svc.cluster.local',
    'kubernetes.io': {
      namespace: 'payments',
      pod: { name: 'ledger-7d9f8c6b5-x2x9q', uid: '3f2a8c1e-7b4d-4e9a-a1c5-9d8e7f6a5b4c' },
      serviceaccount: { name: 'ledger-writer', uid: '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f' },
    },
    nbf: 1763464000,
    sub: 'system:serviceaccount:payments:ledger-writer',
  }),
  SIGNATURE,
].join('.');

const LEGACY_SA_TOKEN = [
  b64url({ alg: 'RS256', kid: '' }),
  b64url({
    iss: 'kubernetes/serviceaccount',
    'kubernetes.io/serviceaccount/namespace': 'ci',
    'kubernetes.io/serviceaccount/secret.name': 'deployer-token-7xk2p',
    'kubernetes.io/serviceaccount/service-account.name': 'deployer',
    'kubernetes.io/serviceaccount/service-account.uid': '8e9f0a1b-2c3d-4e5f-a6b7-c8d9e0f1a2b3',
    sub: 'system:serviceaccount:ci:deployer',
  }),
  SIGNATURE,
].join('.');

const OIDC_TOKEN = [
  b64url({ alg: 'ES256', typ: 'JWT' }),
  b64url({ iss: 'https://login.lumenfreight.example', sub: 'svc-invoicing', aud: 'billing-api', exp: 1795000000 }),
  SIGNATURE,
].join('.');

const jwt: SecretRule = {
  id: 'jwt',
  name: 'JSON Web Token',
  description:
    'A signed JSON Web Token whose header decodes to JSON naming its algorithm: a bearer credential for its subject until it expires (Kubernetes service-account tokens from before 1.24 never do).',
  provider: 'jwt',
  identityKind: 'token',
  credentialType: 'token',
  severity: 'high',
  pattern: String.raw`\b(eyJ[A-Za-z0-9_-]{10,}\.ey[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,})${URL_SAFE_END}`,
  secretGroup: 1,
  keywords: ['eyj'],
  minEntropy: 3.5,
  verify: (secret) => decodeJwt(secret) !== null && notPlaceholder(secret),
  identify: jwtIdentity,
  examples: {
    positive: [
      `Authorization: Bearer ${OIDC_TOKEN}`,
      `token: ${PROJECTED_SA_TOKEN}`,
      `apiVersion: v1\nkind: Config\nusers:\n- name: deployer\n  user:\n    token: ${LEGACY_SA_TOKEN}\n`,
    ],
    negative: [
      // jwt.io's example token
      'Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
      // The header is JSON without "alg".
      `token: ${b64url({ typ: 'JWT', cty: 'x' })}.${b64url({ sub: 'x' })}.${SIGNATURE}`,
      // Unsigned (alg none, no signature).
      `token: ${b64url({ alg: 'none' })}.${b64url({ sub: 'svc' })}.`,
    ],
  },
};

/** Percent-decoded, or as written when it does not decode. */
function decodeUriPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The user and host of a URI match: groups 2 and 4 of {@link uriPattern}. */
function databaseUser(_secret: string, groups: readonly (string | undefined)[]): IdentityHint | null {
  const user = groups[2];
  const host = groups[4];
  if (host === undefined) return null;
  return { type: 'database-user', user: user === undefined || user === '' ? 'default' : decodeUriPart(user), host };
}

/**
 * `scheme://user:password@host`: group 1 the scheme, 2 the user (empty for Redis's
 * `redis://:password@host`), 3 the password, 4 the host. The password may contain `@` and `:`
 * (it runs to the last `@` before the path), and `#` or `?` that should have been percent-encoded
 * but often are not; never `/`, whitespace or quotes.
 */
function uriPattern(schemes: string): string {
  return String.raw`\b(${schemes})://([^\s:/?#@"'\x60<>\[\]]*):([^\s/"'\x60<>]+)@([A-Za-z0-9._~%-]+|\[[0-9A-Fa-f:.]{2,45}\])`;
}

/** A password in a URI: at least four characters, and not a placeholder, hash or variable. */
function uriPassword(secret: string): boolean {
  return secret.length >= 4 && plausiblePassword(decodeUriPart(secret));
}

interface UriSpec {
  id: string;
  name: string;
  description: string;
  provider: string;
  schemes: string;
  keywords: readonly string[];
  positive: readonly string[];
  negative: readonly string[];
}

function databaseUriRule(spec: UriSpec): SecretRule {
  return {
    id: spec.id,
    name: spec.name,
    description: spec.description,
    provider: spec.provider,
    identityKind: 'service-account',
    credentialType: 'password',
    severity: 'critical',
    pattern: uriPattern(spec.schemes),
    secretGroup: 3,
    keywords: spec.keywords,
    verify: uriPassword,
    identify: databaseUser,
    examples: { positive: spec.positive, negative: spec.negative },
  };
}

const postgresUri = databaseUriRule({
  id: 'postgres-uri',
  name: 'PostgreSQL connection URI with password',
  description: 'A postgres:// or postgresql:// URI with a password: connects to the database as its user.',
  provider: 'postgresql',
  schemes: String.raw`postgres(?:ql)?(?:\+[a-z0-9]+)?`,
  keywords: ['postgres'],
  positive: [
    `DATABASE_URL=postgres://ledger_app:${glue('Zq8v', 'K3mW9pLx2R7t')}@db.prod-eu-1.lumenfreight.example:5432/ledger?sslmode=require`,
    `sqlalchemy.url = postgresql+psycopg2://etl:${glue('k%40v9', '-Zt3mQx')}@10.20.0.15/warehouse`,
  ],
  negative: [
    'DATABASE_URL=postgres://postgres:postgres@localhost:5432/test',
    'DATABASE_URL=postgres://${DB_USER}:${DB_PASSWORD}@${DB_HOST}/app',
    'DATABASE_URL=postgresql://user:password@localhost/mydb',
    'DATABASE_URL=postgres://db.lumenfreight.example:5432/ledger',
  ],
});

const mysqlUri = databaseUriRule({
  id: 'mysql-uri',
  name: 'MySQL / MariaDB connection URI with password',
  description: 'A mysql:// or mariadb:// URI with a password: connects to the database as its user.',
  provider: 'mysql',
  schemes: String.raw`(?:mysql|mariadb)(?:\+[a-z0-9]+)?`,
  keywords: ['mysql', 'mariadb'],
  positive: [`spring.datasource.url=mysql://orders:${glue('t7#Kp2', 'vQ9z')}@mysql-orders.internal:3306/orders`],
  negative: ['mysql://root:root@127.0.0.1:3306/app', 'mysql://orders:<password>@mysql-orders.internal/orders'],
});

const mongodbUri = databaseUriRule({
  id: 'mongodb-uri',
  name: 'MongoDB connection URI with password',
  description: 'A mongodb:// or mongodb+srv:// URI with a password: connects to the cluster as its user.',
  provider: 'mongodb',
  schemes: String.raw`mongodb(?:\+srv)?`,
  keywords: ['mongodb'],
  positive: [
    `MONGO_URI="mongodb+srv://tracking-svc:${glue('Hx4nVw', '8cR2mq')}@cluster0.x1y2z.mongodb.net/tracking?retryWrites=true"`,
    `mongodb://reporter:${glue('Lq3', 'p9ZtB7')}@mongo-1:27017,mongo-2:27017/reports?replicaSet=rs0`,
  ],
  negative: ['mongodb+srv://<username>:<password>@cluster0.mongodb.net/', 'mongodb://admin:admin@localhost:27017'],
});

const redisUri = databaseUriRule({
  id: 'redis-uri',
  name: 'Redis connection URI with password',
  description:
    'A redis:// or rediss:// URI with a password (with or without a user): reads and writes every key of the instance.',
  provider: 'redis',
  schemes: 'rediss?',
  keywords: ['redis'],
  positive: [`REDIS_URL=rediss://:${glue('Vb7k2', 'Qx9mWz4')}@cache.prod-eu-1.lumenfreight.example:6380/0`],
  negative: ['REDIS_URL=redis://localhost:6379/0', 'REDIS_URL=redis://:${REDIS_PASSWORD}@redis:6379'],
});

const amqpUri = databaseUriRule({
  id: 'amqp-uri',
  name: 'AMQP (RabbitMQ) connection URI with password',
  description: 'An amqp:// or amqps:// URI with a password: publishes and consumes on the broker as its user.',
  provider: 'rabbitmq',
  schemes: 'amqps?',
  keywords: ['amqp'],
  positive: [`CELERY_BROKER_URL=amqps://dispatch:${glue('Fp6wY', '3kTz8n')}@mq.lumenfreight.example:5671/dispatch`],
  negative: ['CELERY_BROKER_URL=amqp://guest:guest@localhost:5672//', 'amqp://dispatch:%(password)s@mq/dispatch'],
});

const mssqlUri = databaseUriRule({
  id: 'mssql-uri',
  name: 'SQL Server connection URI with password',
  description: 'A mssql:// or sqlserver:// URI with a password: connects to the database as its login.',
  provider: 'mssql',
  schemes: '(?:mssql|sqlserver)',
  keywords: ['mssql', 'sqlserver'],
  positive: [`MSSQL_URL=mssql://billing:${glue('Gz5!rT', '8wq2')}@sql-billing.internal:1433/billing`],
  negative: [
    'MSSQL_URL=mssql://sa:changeme@localhost:1433/master',
    'MSSQL_URL=mssql://billing@sql-billing.internal/billing',
  ],
});

const urlCredentials: SecretRule = {
  id: 'url-credentials',
  name: 'Password in a URL',
  description:
    'A password or token in the user-info of an http(s), ftp, smtp, ldap, git or ssh URL (scheme://user:password@host): signs in to that host as the user.',
  provider: 'generic',
  identityKind: 'service-account',
  credentialType: 'password',
  severity: 'high',
  pattern: uriPattern('https?|ftps?|sftp|smtps?|imaps?|ldaps?|git|ssh|wss?'),
  secretGroup: 3,
  keywords: ['://'],
  minEntropy: 2.5,
  verify: uriPassword,
  identify: (_secret, groups) => {
    const host = groups[4];
    const user = groups[2];
    return host === undefined || user === undefined || user === ''
      ? null
      : { type: 'account', provider: host, account: decodeUriPart(user) };
  },
  examples: {
    positive: [
      `git remote add origin https://deploy-bot:${glue('Rk4vN8', 'qW2zXp7')}@git.lumenfreight.example/platform/infra.git`,
      `SMTP_URL=smtps://alerts%40lumenfreight.example:${glue('Tq9#mL', '2xVr')}@smtp.lumenfreight.example:465`,
    ],
    negative: [
      'https://user:password@example.com/',
      'https://${GIT_USER}:${GIT_TOKEN}@git.lumenfreight.example/repo.git',
      'see https://docs.lumenfreight.example/a:b@c for details',
    ],
  },
};

/** JWTs and credential-bearing URIs. */
export const TOKEN_RULES: readonly SecretRule[] = [
  jwt,
  postgresUri,
  mysqlUri,
  mongodbUri,
  redisUri,
  amqpUri,
  mssqlUri,
  urlCredentials,
];
