import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { secretFingerprint } from './fingerprint.js';

describe('secretFingerprint', () => {
  it('is the SHA-256 hex of rule id, colon, secret', () => {
    const expected = createHash('sha256').update('github-pat:ghp_example', 'utf8').digest('hex');
    expect(secretFingerprint('github-pat', 'ghp_example')).toBe(expected);
  });

  it('is stable across calls', () => {
    expect(secretFingerprint('jwt', 'a.b.c')).toBe(secretFingerprint('jwt', 'a.b.c'));
  });

  it('is a known value for a known input', () => {
    // printf 'aws-access-key-id:AKIAQYLPMN5HHHFPZAM2' | sha256sum
    expect(secretFingerprint('aws-access-key-id', 'AKIAQYLPMN5HHHFPZAM2')).toBe(
      '68c9c2dca5af6a0d83981b2defbe90a6fa4ae72a71fc139404b49874e9666d32',
    );
  });

  it('differs between rules for the same secret', () => {
    expect(secretFingerprint('generic-token', 's3cr3t-value')).not.toBe(
      secretFingerprint('generic-api-key', 's3cr3t-value'),
    );
  });

  it('does not contain the secret', () => {
    expect(secretFingerprint('generic-password', 'abc123')).not.toContain('abc123');
  });
});
