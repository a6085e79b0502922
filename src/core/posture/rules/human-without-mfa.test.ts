import { describe, expect, it } from 'vitest';
import { makeContext, makeCredential, makeIdentity } from '../testing.js';
import { humanWithoutMfaRule } from './human-without-mfa.js';

describe('human-without-mfa', () => {
  it('flags an active person with MFA off, mentioning the password when there is one', () => {
    const person = makeIdentity({
      externalId: 'carlos',
      provider: 'okta',
      kind: 'human',
      mfaEnabled: false,
      credentials: [makeCredential({ id: 'password', type: 'password' })],
    });
    const [finding] = humanWithoutMfaRule.evaluate(person, makeContext());
    expect(finding).toMatchObject({
      id: 'human-without-mfa:okta:carlos',
      severity: 'high',
      nistCsf: ['PR.AA-03'],
      evidence: { mfaEnabled: false, activePassword: true },
    });
    expect(finding?.summary).toContain('password');
  });

  it('says nothing of a password the source does not report', () => {
    const person = makeIdentity({ externalId: 'dana', kind: 'human', mfaEnabled: false });
    const [finding] = humanWithoutMfaRule.evaluate(person, makeContext());
    expect(finding?.evidence.activePassword).toBeNull();
    expect(finding?.summary).not.toContain('password');
  });

  it('does not flag MFA on, MFA unknown, disabled people or groups (control)', () => {
    const ctx = makeContext();
    for (const identity of [
      makeIdentity({ externalId: 'on', kind: 'human', mfaEnabled: true }),
      makeIdentity({ externalId: 'unknown', kind: 'human', mfaEnabled: null }),
      makeIdentity({ externalId: 'off', kind: 'human', mfaEnabled: false, status: 'disabled' }),
      makeIdentity({ externalId: 'grp', kind: 'group', mfaEnabled: false }),
    ]) {
      expect(humanWithoutMfaRule.evaluate(identity, ctx)).toEqual([]);
    }
  });
});
