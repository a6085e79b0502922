/**
 * Private keys: PEM (RSA, EC, DSA, PKCS #8, encrypted PKCS #8), OpenSSH, PuTTY, PGP and age.
 * A private key never expires on its own and is rarely rotated, which makes it the longest-lived
 * credential there is. Public keys and certificates are not secrets and never match.
 */
import { hasValidBech32Checksum, pemHasBody } from '../checks.js';
import type { SecretRule } from '../secret-rule.js';
import { glue } from './shared.js';

/**
 * The body of an armoured block: base64, line breaks (real, or JSON-escaped `\n` once or twice), header lines
 * (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: …`, `Version: …`), and the quotes and `+` of a key
 * pasted into code as concatenated string literals. It cannot contain `-----`, so it stops at
 * the END line without backtracking.
 */
const ARMOUR_BODY = String.raw`(?:[A-Za-z0-9+/=\s"']|\\{1,3}[rn]|\\"|[A-Za-z][A-Za-z0-9-]*:[ \t][^\r\n\\]*)+`;

/** A whole armoured block between `-----BEGIN label-----` and `-----END label-----`. */
function armour(label: string): string {
  return `(-----BEGIN ${label}-----${ARMOUR_BODY}-----END ${label}-----)`;
}

/** 64-character lines of a fake key body, as PEM writes them. */
function pemLines(...lines: readonly string[]): string {
  return lines.join('\n');
}

const RSA_BODY = pemLines(
  glue('MIIEowIBAAKCAQEA', 'PtYgjmUhBel31iEl2hpChYgCfrL1spNxnyVmihA/2O76UMFx'),
  'jORS/6ilI8ihN5KXSc7Tvo/hBKqFYY/kv5ZJr3J1TWDtkwtDDb+xHKas1VOqg6YY',
  'ZYn9ZhyiA4uoRgnatmUdjAWtGSU8po+799NksnRH9ucAUsdMlHUvTCQCyEZDz/Td',
  'dJ8HyS5SUkCnD8zRA9a9SkpXz9w3QlY7Zkuvqdt7s8Stqcbnr3yBdGBLEPH1qhT6',
  '1qtc4xatws8phP9nhFyJfm5di4PzJ59FHz5r1pY4OjE2jBMptUsGr7CmY+uCu3ZR',
  '1zTOlUcR64cXQLioDnkHIfxIq2HZt/PlJhx2jIcl',
);

const SECOND_BODY = pemLines(
  'HkCiHp6bR1IqfEouHgxzNNAL5wIScGebcy8F5n3/YNBDRzrZSgqbjG3uhkWKFLf6',
  'xuI5aHUQPFeNBTxaQWk8JzFalHlsZfYcMMDktXP/tKsf2rcDkdfrUnW5gcF+Ha6i',
  'li8GjHEAD6/Wj9KfzjsQGMrb9h+ImB',
);

const CERTIFICATE = `-----BEGIN CERTIFICATE-----\n${SECOND_BODY}\n-----END CERTIFICATE-----`;

interface PemSpec {
  id: string;
  /** The words between BEGIN and PRIVATE KEY, with a trailing space: `RSA `, `EC `, `` for PKCS #8. */
  kind: string;
  name: string;
  description: string;
  /** `pki` for keys of TLS and code signing, `openssh` for SSH keys. */
  provider: string;
  identityKind: SecretRule['identityKind'];
  credentialType: SecretRule['credentialType'];
  /** The first characters of every real body of this kind (its DER or format magic, in base64). */
  bodyStart: string;
  extraPositive?: readonly string[];
}

function pemRule(spec: PemSpec): SecretRule {
  const label = `${spec.kind}PRIVATE KEY`;
  const begin = `-----BEGIN ${label}-----`;
  const end = `-----END ${label}-----`;
  const body = glue(spec.bodyStart, RSA_BODY.slice(spec.bodyStart.length));
  return {
    id: spec.id,
    name: spec.name,
    description: spec.description,
    provider: spec.provider,
    identityKind: spec.identityKind,
    credentialType: spec.credentialType,
    severity: 'critical',
    pattern: armour(label),
    secretGroup: 1,
    keywords: [`begin ${label.toLowerCase()}`],
    verify: pemHasBody,
    examples: {
      positive: [
        `${begin}\n${body}\n${end}\n`,
        `PRIVATE_KEY="${begin}\\n${body.replace(/\n/g, '\\n')}\\n${end}\\n"`,
        ...(spec.extraPositive ?? []),
      ],
      negative: [
        `${begin}\n...\n${end}`,
        `${begin}\n<your private key here>\n${end}`,
        `${begin}\n${'A'.repeat(64)}\n${'A'.repeat(64)}\n${end}`,
        `${begin}\n${body}\n`,
        CERTIFICATE,
      ],
    },
  };
}

const rsaPrivateKey = pemRule({
  id: 'private-key-rsa',
  kind: 'RSA ',
  provider: 'pki',
  name: 'RSA private key (PKCS #1)',
  description:
    'An RSA private key in PEM (BEGIN RSA PRIVATE KEY), possibly encrypted with a passphrase: signs and decrypts as the TLS server, SSH user or application that holds it.',
  identityKind: 'certificate',
  credentialType: 'certificate',
  bodyStart: 'MIIE',
  extraPositive: [
    `-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,3F2A8C1E7B4D4E9AA1C59D8E7F6A5B4C\n\n${RSA_BODY}\n-----END RSA PRIVATE KEY-----`,
    `const key =\n  "-----BEGIN RSA PRIVATE KEY-----\\n" +\n  "${RSA_BODY.split('\n').join('\\n" +\n  "')}\\n" +\n  "-----END RSA PRIVATE KEY-----";`,
  ],
});

const ecPrivateKey = pemRule({
  id: 'private-key-ec',
  kind: 'EC ',
  provider: 'pki',
  name: 'EC private key (SEC 1)',
  description:
    'An elliptic-curve private key in PEM (BEGIN EC PRIVATE KEY): signs as the TLS server, device or application that holds it.',
  identityKind: 'certificate',
  credentialType: 'certificate',
  bodyStart: 'MHcCAQEEI',
});

const dsaPrivateKey = pemRule({
  id: 'private-key-dsa',
  kind: 'DSA ',
  provider: 'pki',
  name: 'DSA private key',
  description: 'A DSA private key in PEM (BEGIN DSA PRIVATE KEY): signs as the host or user that holds it.',
  identityKind: 'certificate',
  credentialType: 'certificate',
  bodyStart: 'MIIBuwIBAAKBgQ',
});

const pkcs8PrivateKey = pemRule({
  id: 'private-key-pkcs8',
  kind: '',
  provider: 'pki',
  name: 'Private key (PKCS #8)',
  description:
    'A private key of any algorithm in unencrypted PKCS #8 PEM (BEGIN PRIVATE KEY): signs and decrypts as whatever holds it — TLS servers, service accounts, JWT signers.',
  identityKind: 'certificate',
  credentialType: 'certificate',
  bodyStart: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
});

const encryptedPrivateKey = pemRule({
  id: 'private-key-encrypted',
  kind: 'ENCRYPTED ',
  provider: 'pki',
  name: 'Encrypted private key (PKCS #8)',
  description:
    'A passphrase-encrypted PKCS #8 private key (BEGIN ENCRYPTED PRIVATE KEY): safe only as long as the passphrase is strong and kept elsewhere.',
  identityKind: 'certificate',
  credentialType: 'certificate',
  bodyStart: 'MIIFHzBJBgkqhkiG9w0BBQ0w',
});

const opensshPrivateKey = pemRule({
  id: 'private-key-openssh',
  kind: 'OPENSSH ',
  provider: 'openssh',
  name: 'OpenSSH private key',
  description:
    'An SSH private key in OpenSSH format (BEGIN OPENSSH PRIVATE KEY): logs in to every server and Git host that trusts its public key, such as a deploy key.',
  identityKind: 'service-account',
  credentialType: 'ssh-key',
  bodyStart: 'b3BlbnNzaC1rZXktdjEAAAAA',
});

/** At least 40 base64 characters in a PuTTY key's Private-Lines (an Ed25519 key has 48). */
function puttyHasPrivateBody(secret: string): boolean {
  const marker = /Private-Lines: [0-9]+\r?\n/.exec(secret);
  if (marker === null) return false;
  const body = secret.slice(marker.index + marker[0].length).replace(/\s/g, '');
  return /^[A-Za-z0-9+/=]{40,}$/.test(body) && new Set(body).size > 8;
}

const PUTTY_KEY = [
  'PuTTY-User-Key-File-3: ssh-ed25519',
  'Encryption: none',
  'Comment: deploy@lumen-freight-ci',
  'Public-Lines: 2',
  'AAAAC3NzaC1lZDI1NTE5AAAAIHkCiHp6bR1IqfEouHgxzNNAL5wIScGebcy8F5n3',
  'YNBD',
  'Private-Lines: 2',
  glue('AAAAIPtYgjmUhBel31iEl2hpChYgCfrL1spN', 'xnyVmihA/2O76UMFxFkM/R5Kjp1v'),
  'jORS/6ilI8ihN5KXSc7Tvo/hBKqFYY/kv5ZJr3J1TWDtkwtDDb+xHKas1VOqg6YY',
  'Private-MAC: 5e331c852ec6ba0597c113a014b995b234c8668f5e331c852ec6ba0597c113a0',
  '',
].join('\n');

const puttyPrivateKey: SecretRule = {
  id: 'private-key-putty',
  name: 'PuTTY private key',
  description:
    'An SSH private key in PuTTY’s .ppk format (PuTTY-User-Key-File-2/3 with Private-Lines): logs in wherever its public key is trusted.',
  provider: 'putty',
  identityKind: 'service-account',
  credentialType: 'ssh-key',
  severity: 'critical',
  // Lines may be indented, as in a YAML block scalar (`putty_key: |`).
  pattern: String.raw`(PuTTY-User-Key-File-[23]: [^\r\n]+\r?\n(?:[^\r\n]*\r?\n)+?[ \t]*Private-Lines: [0-9]{1,3}\r?\n(?:[ \t]*[A-Za-z0-9+/=]+\r?\n)+)`,
  secretGroup: 1,
  keywords: ['putty-user-key-file-'],
  verify: puttyHasPrivateBody,
  examples: {
    positive: [
      PUTTY_KEY,
      `deploy:\n  putty_key: |\n    ${PUTTY_KEY.trimEnd().split('\n').join('\n    ')}\n  timeout: 30\n`,
    ],
    negative: [
      'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPublic-Lines: 2\nAAAA\nAAAA\nPrivate-Lines: 1\nAAAAAAAA\nPrivate-MAC: 00\n',
      'PuTTY-User-Key-File-2 files are produced by puttygen.',
    ],
  },
};

const PGP_BODY = pemLines(
  'lQVYBGVx3pIBDAC/PtYgjmUhBel31iEl2hpChYgCfrL1spNxnyVmihA/2O76UMFx',
  'jORS/6ilI8ihN5KXSc7Tvo/hBKqFYY/kv5ZJr3J1TWDtkwtDDb+xHKas1VOqg6YY',
  'ZYn9ZhyiA4uoRgnatmUdjAWtGSU8po+799NksnRH9ucAUsdMlHUvTCQCyEZDz/Td',
  '=dJ8H',
);

const pgpPrivateKey: SecretRule = {
  id: 'private-key-pgp',
  name: 'PGP private key block',
  description:
    'An OpenPGP secret key in ASCII armour (BEGIN PGP PRIVATE KEY BLOCK): signs commits, releases and mail, and decrypts messages, as its owner.',
  provider: 'openpgp',
  identityKind: 'human',
  credentialType: 'certificate',
  severity: 'critical',
  pattern: armour('PGP PRIVATE KEY BLOCK'),
  secretGroup: 1,
  keywords: ['begin pgp private key block'],
  verify: pemHasBody,
  examples: {
    positive: [
      `-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\n${PGP_BODY}\n-----END PGP PRIVATE KEY BLOCK-----\n`,
    ],
    negative: [
      `-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n${PGP_BODY}\n-----END PGP PUBLIC KEY BLOCK-----\n`,
      '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n...\n-----END PGP PRIVATE KEY BLOCK-----',
    ],
  },
};

const ageSecretKey: SecretRule = {
  id: 'age-secret-key',
  name: 'age secret key',
  description:
    'An age encryption identity (AGE-SECRET-KEY-1…, Bech32 with its checksum checked): decrypts every file encrypted to it, such as SOPS-encrypted secrets.',
  provider: 'age',
  identityKind: 'workload',
  credentialType: 'secret',
  severity: 'critical',
  pattern: String.raw`\b(AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58})\b`,
  secretGroup: 1,
  keywords: ['age-secret-key-1'],
  verify: hasValidBech32Checksum,
  examples: {
    positive: [
      `# created: 2026-01-14T09:12:44Z\n# public key: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\n${glue('AGE-SECRET-KEY-1', '0GH7YQ7SWV77EFWFCQY2ZNP37CMEUGHXZGLDSMN6CK6W4P325XDSQE0MFP')}\n`,
    ],
    negative: [
      // One character changed: the Bech32 checksum no longer holds.
      'AGE-SECRET-KEY-10GH7YQ7SWV77EFWFCQY2ZNP37CMEUGHXZGLDSMN6CK6W4P325XDSQE0MFQ',
      'AGE-SECRET-KEY-1XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
    ],
  },
};

/** Private keys. */
export const PRIVATE_KEY_RULES: readonly SecretRule[] = [
  rsaPrivateKey,
  ecPrivateKey,
  dsaPrivateKey,
  pkcs8PrivateKey,
  encryptedPrivateKey,
  opensshPrivateKey,
  puttyPrivateKey,
  pgpPrivateKey,
  ageSecretKey,
];
