/**
 * `human-without-mfa`: an active person without a second factor. A phished or
 * reused password is then all it takes, and people often hold the keys to the
 * machines.
 */
import { isDeleted } from '../admin-grants.js';
import { describeIdentity, makeFinding, type PostureRule } from './rule.js';

export const humanWithoutMfaRule: PostureRule = {
  code: 'human-without-mfa',
  title: 'Person without MFA',
  // The OWASP NHI Top 10 is about machines; this is a human-identity finding.
  owasp: [],
  nistCsf: ['PR.AA-03'],
  evaluate(identity) {
    if (identity.kind !== 'human' || identity.status !== 'active' || isDeleted(identity)) return [];
    if (identity.mfaEnabled !== false) return [];
    const password = identity.credentials.find((c) => c.status === 'active' && c.type === 'password');
    return [
      makeFinding(humanWithoutMfaRule, identity, {
        severity: 'high',
        summary:
          password === undefined
            ? `${describeIdentity(identity)} has no MFA enrolled.`
            : `${describeIdentity(identity)} can sign in with a password and has no MFA enrolled.`,
        evidence: {
          mfaEnabled: false,
          // `null`: the source did not say whether a password exists.
          activePassword: password === undefined ? null : true,
          passwordLastUsedAt: password?.lastUsedAt ?? null,
        },
        remediation:
          'Enrol a phishing-resistant second factor (FIDO2/WebAuthn) and enforce MFA for the account at the identity provider.',
      }),
    ];
  },
};
