import RE2 from 're2';
import { describe, expect, it } from 'vitest';
import type { SecretRule } from '../secret-rule.js';
import { PRIVATE_KEY_RULES } from './private-keys.js';
import { glue } from './shared.js';
import { type CompilePattern, expectSecrets, positiveSecrets, ruleIn, secretsFound } from './testing.js';

const re2: CompilePattern = (pattern, flags) => new RE2(pattern, flags);
const rule = (id: string): SecretRule => ruleIn(PRIVATE_KEY_RULES, id);

const PEM_IDS = [
  ['private-key-rsa', 'RSA PRIVATE KEY'],
  ['private-key-ec', 'EC PRIVATE KEY'],
  ['private-key-dsa', 'DSA PRIVATE KEY'],
  ['private-key-pkcs8', 'PRIVATE KEY'],
  ['private-key-encrypted', 'ENCRYPTED PRIVATE KEY'],
  ['private-key-openssh', 'OPENSSH PRIVATE KEY'],
] as const;

describe('private-key rules', () => {
  it.each(PEM_IDS)('%s takes the whole block, BEGIN to END, in every example', (id, label) => {
    for (const [secret] of positiveSecrets(rule(id), re2)) {
      expect(secret?.startsWith(`-----BEGIN ${label}-----`)).toBe(true);
      expect(secret?.endsWith(`-----END ${label}-----`)).toBe(true);
    }
  });

  it('finds a key pasted into code as concatenated string literals', () => {
    const example = rule('private-key-rsa').examples.positive[3] ?? '';
    expect(example).toContain('" +\n');
    expect(secretsFound(rule('private-key-rsa'), example, re2)).toHaveLength(1);
  });

  it('finds a passphrase-encrypted PKCS #1 key with its Proc-Type and DEK-Info headers', () => {
    const [secret] = secretsFound(rule('private-key-rsa'), rule('private-key-rsa').examples.positive[2] ?? '', re2);
    expect(secret).toContain('Proc-Type: 4,ENCRYPTED');
  });

  it('does not mistake a PKCS #8 rule for the RSA one, or the reverse', () => {
    const rsa = rule('private-key-rsa').examples.positive[0] ?? '';
    expect(secretsFound(rule('private-key-pkcs8'), rsa, re2)).toEqual([]);
    const pkcs8 = rule('private-key-pkcs8').examples.positive[0] ?? '';
    expect(secretsFound(rule('private-key-rsa'), pkcs8, re2)).toEqual([]);
  });

  it('takes a PuTTY key from its header to the end of its private lines', () => {
    const [secret] = secretsFound(rule('private-key-putty'), rule('private-key-putty').examples.positive[0] ?? '', re2);
    expect(secret?.startsWith('PuTTY-User-Key-File-3: ssh-ed25519\n')).toBe(true);
    expect(secret).toContain('Private-Lines: 2\n');
    expect(secret).not.toContain('Private-MAC');
  });

  it('takes the whole PGP private key block', () => {
    const [secret] = secretsFound(rule('private-key-pgp'), rule('private-key-pgp').examples.positive[0] ?? '', re2);
    expect(secret).toMatch(/^-----BEGIN PGP PRIVATE KEY BLOCK-----[\s\S]+-----END PGP PRIVATE KEY BLOCK-----$/);
  });

  it('finds an age secret key whose Bech32 checksum holds', () => {
    expectSecrets(
      rule('age-secret-key'),
      [glue('AGE-SECRET-KEY-1', '0GH7YQ7SWV77EFWFCQY2ZNP37CMEUGHXZGLDSMN6CK6W4P325XDSQE0MFP')],
      re2,
    );
  });

  it('never reports a certificate or a public key', () => {
    const certificate = rule('private-key-rsa').examples.negative.find((n) => n.includes('CERTIFICATE')) ?? '';
    for (const r of PRIVATE_KEY_RULES) {
      expect(secretsFound(r, certificate, re2)).toEqual([]);
      expect(secretsFound(r, rule('private-key-pgp').examples.negative[0] ?? '', re2)).toEqual([]);
    }
  });
});
