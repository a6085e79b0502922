import { describe, expect, it } from 'vitest';
import { daysAgo, makeContext, makeCredential, makeIdentity } from '../testing.js';
import { consolePasswordOnServiceRule } from './console-password-on-service.js';

describe('console-password-on-service', () => {
  it('flags a non-human identity with an active password', () => {
    const sa = makeIdentity({
      externalId: 'user/svc-reports',
      credentials: [makeCredential({ id: 'password', type: 'password', lastUsedAt: daysAgo(2) })],
    });
    const [finding] = consolePasswordOnServiceRule.evaluate(sa, makeContext());
    expect(finding).toMatchObject({ severity: 'high', owasp: ['NHI10'], evidence: { credentialId: 'password' } });
    expect(finding?.summary).toContain('used to sign in');
  });

  it('does not flag a person with a password, nor an inactive password (control)', () => {
    const ctx = makeContext();
    const person = makeIdentity({
      externalId: 'alice',
      kind: 'human',
      credentials: [makeCredential({ id: 'password', type: 'password' })],
    });
    const sa = makeIdentity({
      externalId: 'svc',
      credentials: [makeCredential({ id: 'password', type: 'password', status: 'inactive' })],
    });
    expect(consolePasswordOnServiceRule.evaluate(person, ctx)).toEqual([]);
    expect(consolePasswordOnServiceRule.evaluate(sa, ctx)).toEqual([]);
  });
});
