import { describe, expect, it } from 'vitest';
import { daysAgo, makeContext, makeCredential, makeIdentity } from '../testing.js';
import { unrotatedCredentialRule } from './unrotated-credential.js';

describe('unrotated-credential', () => {
  it('flags each active key older than rotationDays, one finding per credential', () => {
    const sa = makeIdentity({
      externalId: 'ci',
      credentials: [
        makeCredential({ id: 'AKIAOLD1', createdAt: daysAgo(200) }),
        makeCredential({ id: 'AKIAOLD2', type: 'api-key', createdAt: daysAgo(500) }),
      ],
    });
    const findings = unrotatedCredentialRule.evaluate(sa, makeContext());
    expect(findings.map((f) => [f.id, f.severity])).toEqual([
      ['unrotated-credential:aws:ci:AKIAOLD1', 'medium'],
      ['unrotated-credential:aws:ci:AKIAOLD2', 'high'],
    ]);
    expect(findings[0]).toMatchObject({
      credentialId: 'AKIAOLD1',
      owasp: ['NHI7'],
      evidence: { basis: 'createdAt', ageDays: 200, rotationDays: 90 },
    });
  });

  it('measures from the last rotation when there is one', () => {
    const sa = makeIdentity({
      externalId: 'rotated',
      credentials: [makeCredential({ id: 'tok', type: 'token', createdAt: daysAgo(900), lastRotatedAt: daysAgo(10) })],
    });
    expect(unrotatedCredentialRule.evaluate(sa, makeContext())).toEqual([]);
  });

  it('does not flag young, inactive, or non-secret credentials (control)', () => {
    const sa = makeIdentity({
      externalId: 'fine',
      credentials: [
        makeCredential({ id: 'young', createdAt: daysAgo(20) }),
        makeCredential({ id: 'off', status: 'inactive', createdAt: daysAgo(900) }),
        makeCredential({ id: 'cert', type: 'certificate', createdAt: daysAgo(900) }),
        makeCredential({ id: 'pw', type: 'password', createdAt: daysAgo(900) }),
      ],
    });
    expect(unrotatedCredentialRule.evaluate(sa, makeContext())).toEqual([]);
  });
});
