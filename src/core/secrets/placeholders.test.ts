// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the negative examples are `${VAR}` templates on purpose.
import { describe, expect, it } from 'vitest';
import {
  isCodeReference,
  isEncryptedValue,
  isFilePath,
  isHashLike,
  isIntegrityValue,
  isLowInformation,
  isNonSecretValue,
  isPlaceholder,
  isTemplate,
  isUuid,
} from './placeholders.js';

/** Random-looking values that must never be mistaken for placeholders. */
const REAL_LOOKING = [
  'R8mKq2Zt7vXbN4cLw9sJd3Fy6HpT1gAe5WuQ',
  'DL/ak6J0kGODKdinZnLXicaBAg8WY1jzIRlNQb0p',
  'c6a500ae47345edad4953ea147e67507',
  '32506afc-b476-4e8d-9e79-16ae6315168d',
  'Lum3n!Fr8ght-2026',
  'x9#kT2qLm4vW',
];

describe('isPlaceholder', () => {
  it.each(REAL_LOOKING)('keeps %s', (value) => {
    expect(isPlaceholder(value)).toBe(false);
  });

  it.each(['AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'sk_test_4eC39HqLyjWDarjtT1zdp7dc'])(
    'rejects the documentation example %s',
    (value) => {
      expect(isPlaceholder(value)).toBe(true);
    },
  );

  it.each([
    '${DB_PASSWORD}',
    '${{ secrets.TOKEN }}',
    '{{ vault_password }}',
    '<token>',
    '%(password)s',
    '$DB_PASSWORD',
    '%API_KEY%',
    '@TOKEN@',
    '#{secret}',
    '$(cat /run/secrets/x)',
  ])('rejects the template %s', (value) => {
    expect(isPlaceholder(value)).toBe(true);
  });

  it.each([
    'process.env.API_KEY',
    'os.environ["TOKEN"]',
    'os.getenv("TOKEN")',
    'System.getenv("TOKEN")',
    'arn:aws:secretsmanager:eu-west-1:210987654321:secret:db',
    'op://vault/item/password',
    'vault:secret/data/db#password',
  ])('rejects the reference %s', (value) => {
    expect(isPlaceholder(value)).toBe(true);
  });

  it.each([
    'changeme',
    'password',
    'Password123',
    'example',
    'dummy',
    'placeholder',
    'REDACTED',
    'your-api-key-here',
    'YOUR_TOKEN',
    'replace_me',
    'fake-token-123',
    'sample-key-000',
    'not-a-real-key-x',
  ])('rejects the placeholder word %s', (value) => {
    expect(isPlaceholder(value)).toBe(true);
  });

  it.each(['xxxxxxxxxxxxxxxx', 'XXXX-XXXX-XXXX', '****************', '••••••••', 'sk-...', 'abc…xyz', 'key-<id>'])(
    'rejects the mask %s',
    (value) => {
      expect(isPlaceholder(value)).toBe(true);
    },
  );

  it.each([
    '1234567890',
    '123456',
    'abcdefgh',
    '0123456789abcdef',
    '1234567890abcdef',
    'abc123',
    '987654321',
    'aaaaaaaaaaaa',
    'abababab',
    'AKIA0000000000000000',
  ])('rejects the low-information value %s', (value) => {
    expect(isPlaceholder(value)).toBe(true);
  });

  it('rejects a lockfile integrity value', () => {
    expect(
      isPlaceholder('sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg=='),
    ).toBe(true);
  });

  it.each([
    '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----',
    '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIE\n-----END CERTIFICATE-----',
    'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHkCiHp6bR1IqfEouHgxzNNAL5wIScGebcy8F5n3 ci@lumen',
    'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 ops@lumen',
  ])('rejects public material %#', (value) => {
    expect(isPlaceholder(value)).toBe(true);
  });

  it('rejects an empty or blank value', () => {
    expect(isPlaceholder('')).toBe(true);
    expect(isPlaceholder('   ')).toBe(true);
  });

  it('keeps a long random key that happens to contain XXXX or a short word', () => {
    expect(
      isPlaceholder('sk_live_51WE66HL3DxOGISfWwuq6AY3i7Yr77Mt5ptteLfPbyqkTj3ef5OuFjarpg7XXXXCNOuw4Oh1KdksYK'),
    ).toBe(false);
    expect(isPlaceholder('Zq8vK3yourmW9pLx2R7tQ4nBfakeH6')).toBe(false);
  });

  it('keeps UUIDs and hex digests, which some real keys are', () => {
    expect(isPlaceholder('3f2504e0-4f89-11d3-9a0c-0305e82c3301')).toBe(false);
    expect(isPlaceholder('5f4dcc3b5aa765d61d8327deb882cf99')).toBe(false);
  });
});

describe('isTemplate', () => {
  it('does not take a bcrypt hash for a shell variable', () => {
    expect(isTemplate('$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW')).toBe(false);
  });

  it('does not take a value with one percent sign for a Windows variable', () => {
    expect(isTemplate('50%off-Zq8v')).toBe(false);
  });
});

describe('isHashLike', () => {
  it.each([
    ['MD5', '5f4dcc3b5aa765d61d8327deb882cf99'],
    ['SHA-1', '5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8'],
    ['SHA-256', '5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8'],
    ['bcrypt', '$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW'],
    ['argon2id', '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG'],
    [
      'sha512-crypt',
      '$6$rounds=5000$saltsalt$Ez1pzeuVx2W2gbdiWr3RcLdQbBbA6OWLXTn1LBpNMvqsqfSJw0u6b2q1nbG6uVD5fwWMXX7rfzWmTnmFuyE0v1',
    ],
    ['LDAP SSHA', '{SSHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g='],
    ['Django PBKDF2', 'pbkdf2_sha256$260000$salt$hash'],
    ['a prefixed digest', 'sha256:5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8'],
  ])('recognises %s', (_name, value) => {
    expect(isHashLike(value)).toBe(true);
  });

  it('does not take a random key for a hash', () => {
    expect(isHashLike('R8mKq2Zt7vXbN4cLw9sJd3Fy6HpT1gAe5WuQ')).toBe(false);
    expect(isHashLike('c6a500ae47345edad4953ea147e6750')).toBe(false);
  });
});

describe('isUuid', () => {
  it('recognises UUIDs in either case and braces', () => {
    expect(isUuid('3f2504e0-4f89-11d3-9a0c-0305e82c3301')).toBe(true);
    expect(isUuid('{3F2504E0-4F89-11D3-9A0C-0305E82C3301}')).toBe(true);
    expect(isUuid('3f2504e0-4f89-11d3-9a0c-0305e82c330')).toBe(false);
  });
});

describe('isIntegrityValue', () => {
  it('recognises SRI values and nothing else', () => {
    expect(isIntegrityValue('sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC')).toBe(true);
    expect(isIntegrityValue('sha512-short')).toBe(false);
  });
});

describe('isCodeReference', () => {
  it.each([
    'settings.SECRET_KEY',
    'config.db.password',
    'this.apiKey',
    'getPassword()',
    'vault.read("db")',
    'ENV["TOKEN"]',
    'DB_PASSWORD',
    'dbPassword',
    'github_token',
    'client-secret',
  ])('recognises %s', (value) => {
    expect(isCodeReference(value)).toBe(true);
  });

  it.each(REAL_LOOKING)('does not take %s for code', (value) => {
    expect(isCodeReference(value)).toBe(false);
  });

  it('does not take dotted key material for a property path', () => {
    expect(isCodeReference('sk.eyJ1IjoibHVtZW4iLCJhIjoiY2x4OHE3')).toBe(false);
    expect(isCodeReference('abc123.Zq8vK3mW9pLx2R7t')).toBe(false);
  });

  it('does not take mixed-case random letters for a name', () => {
    expect(isCodeReference('kQzPWmXbNrTaHjDl')).toBe(false);
  });
});

describe('isEncryptedValue', () => {
  it('recognises a SealedSecret ciphertext', () => {
    expect(
      isEncryptedValue(
        `AgBnyQeFpBvLYi5r7I3GItHw4WQMvnWbc7nfdj96V2CAZ+X2av3L6hRN3GIhO/4gyfJV${'wM2ytoCn/N0ROLwbQUnF'.repeat(15)}`,
      ),
    ).toBe(true);
  });

  it('does not take a PyPI macaroon for a SealedSecret', () => {
    expect(isEncryptedValue(`AgEIcHlwaS5vcmc${'wM2ytoCn/N0ROLwbQUnF'.repeat(15)}`)).toBe(false);
  });

  it.each([
    'ENC(G6N718UuyPE5bHyWKyuLQSm02auQPUtm)',
    '{DSfQtXK2VnkAAHzSjALlFbtRVBFmwPfq1Dmm+Xj1ZNM=}',
    '!vault |',
    'vault:v1:8SDd3WHDOjf7mq69CyCqYjBXAiQQAVZRkFM13ok481zoCmHnSeDX9vyf7w==',
    'ENC[AES256_GCM,data:Tr7o=,iv:1=,tag:x=,type:str]',
  ])('recognises %s', (value) => {
    expect(isEncryptedValue(value)).toBe(true);
  });
});

describe('isFilePath', () => {
  it.each([
    '/run/secrets/db_password',
    './certs/server.key',
    '~/.ssh/id_ed25519',
    '../config/token.txt',
    'C:\\keys\\signing.pfx',
  ])('recognises %s', (value) => {
    expect(isFilePath(value)).toBe(true);
  });

  it('does not take base64 that starts with a slash for a path', () => {
    expect(isFilePath('/k7MDENG/bPxRfiCYQ2z9')).toBe(false);
  });
});

describe('isLowInformation', () => {
  it('keeps short and random values', () => {
    expect(isLowInformation('abc')).toBe(false);
    expect(isLowInformation('R8mKq2Zt7vXb')).toBe(false);
    expect(isLowInformation('Lum3n!Fr8ght-2026')).toBe(false);
  });
});

describe('isNonSecretValue', () => {
  it('treats a hash as a hash in a password field only', () => {
    expect(isNonSecretValue('5f4dcc3b5aa765d61d8327deb882cf99', 'password')).toBe(true);
    expect(isNonSecretValue('5f4dcc3b5aa765d61d8327deb882cf99', 'key')).toBe(false);
  });

  it('treats a UUID as an id', () => {
    expect(isNonSecretValue('3f2504e0-4f89-11d3-9a0c-0305e82c3301', 'key')).toBe(true);
  });

  it.each(['true', 'False', 'null', 'none', '12345678', '3.14', '0x0B96'])('treats %s as not a secret', (value) => {
    expect(isNonSecretValue(value, 'password')).toBe(true);
  });

  it.each(['^7.0.4', '~1.2.3', '>=2.0', 'v2.3.1-beta.1', '1.2.3'])('treats the version %s as not a secret', (value) => {
    expect(isNonSecretValue(value, 'password')).toBe(true);
  });

  it.each(['secret123', 'my-secret-key-2024', 'SuperSecret!9'])(
    'treats %s, which calls itself a secret, as a stand-in',
    (value) => {
      expect(isNonSecretValue(value, 'password')).toBe(true);
    },
  );

  it('treats a URN as a name', () => {
    expect(isNonSecretValue('urn:uuid:a515cfa4-5da4-22e1-f5b5-00a0451e6bf7', 'key')).toBe(true);
  });

  it('treats a URL without credentials as an address', () => {
    expect(isNonSecretValue('https://auth.lumenfreight.example/oauth/token', 'key')).toBe(true);
  });

  it('keeps a URL with a password in it', () => {
    expect(isNonSecretValue('https://deploy:Rk4vN8qW2zXp7@git.lumenfreight.io/repo.git', 'key')).toBe(false);
  });

  it.each(REAL_LOOKING.filter((value) => !value.includes('-4')))('keeps %s', (value) => {
    expect(isNonSecretValue(value, 'key')).toBe(false);
  });
});

describe('isNonSecretValue: Kubernetes API versions', () => {
  it('treats an API group and version as a name, not a secret', () => {
    expect(isNonSecretValue('rbac.authorization.k8s.io/v1', 'key')).toBe(true);
    expect(isNonSecretValue('apps/v1beta2', 'password')).toBe(true);
  });

  it('still judges a secret-shaped value that merely contains a slash (control)', () => {
    expect(isNonSecretValue('Zx8kL2pQ9rT4/vW6yA1bC3dE', 'key')).toBe(false);
  });
});
