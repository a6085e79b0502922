import { describe, expect, it } from 'vitest';
import { daysAgo, makeContext, makeCredential, makeIdentity } from '../testing.js';
import { credentialNoExpiryRule } from './credential-no-expiry.js';

describe('credential-no-expiry', () => {
  it('flags an active machine key without expiry as low', () => {
    const sa = makeIdentity({ externalId: 'ci', credentials: [makeCredential({ id: 'AKIA1', expiresAt: null })] });
    const [finding] = credentialNoExpiryRule.evaluate(sa, makeContext());
    expect(finding).toMatchObject({
      id: 'credential-no-expiry:aws:ci:AKIA1',
      severity: 'low',
      evidence: { kubernetesLegacyToken: false },
    });
  });

  it('flags a Kubernetes legacy token as medium', () => {
    const sa = makeIdentity({
      externalId: 'prod-eu-1/payments/default',
      provider: 'k8s',
      credentials: [makeCredential({ id: 'default-token-x7k2q', type: 'token', expiresAt: null })],
    });
    const [finding] = credentialNoExpiryRule.evaluate(sa, makeContext());
    expect(finding).toMatchObject({ severity: 'medium', evidence: { kubernetesLegacyToken: true } });
    expect(finding?.remediation).toContain('projected');
  });

  it('does not flag credentials with an expiry, or of an identity that expires (control)', () => {
    const ctx = makeContext();
    const expiring = makeIdentity({
      externalId: 'a',
      credentials: [makeCredential({ id: 'k', expiresAt: daysAgo(-10) })],
    });
    const expiringIdentity = makeIdentity({
      externalId: 'b',
      expiresAt: daysAgo(-60),
      credentials: [makeCredential({ id: 'k', type: 'api-key', expiresAt: null })],
    });
    expect(credentialNoExpiryRule.evaluate(expiring, ctx)).toEqual([]);
    expect(credentialNoExpiryRule.evaluate(expiringIdentity, ctx)).toEqual([]);
  });

  it('does not flag people, inactive credentials or passwords (control)', () => {
    const ctx = makeContext();
    const person = makeIdentity({
      externalId: 'alice',
      kind: 'human',
      credentials: [makeCredential({ id: 'AKIA2', expiresAt: null })],
    });
    const sa = makeIdentity({
      externalId: 'sa',
      credentials: [
        makeCredential({ id: 'off', expiresAt: null, status: 'inactive' }),
        makeCredential({ id: 'pw', type: 'password', expiresAt: null }),
      ],
    });
    expect(credentialNoExpiryRule.evaluate(person, ctx)).toEqual([]);
    expect(credentialNoExpiryRule.evaluate(sa, ctx)).toEqual([]);
  });
});
