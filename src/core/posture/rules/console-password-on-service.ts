/**
 * `console-password-on-service`: a machine identity that a person can sign in as.
 * Whoever knows the password acts as the service, outside any person's
 * accountability and usually without MFA (OWASP NHI10, human use of NHI).
 */
import { isNonHuman } from '../../inventory/identity.js';
import { isDeleted } from '../admin-grants.js';
import { describeIdentity, makeFinding, type PostureRule } from './rule.js';

export const consolePasswordOnServiceRule: PostureRule = {
  code: 'console-password-on-service',
  title: 'Password sign-in on a non-human identity',
  owasp: ['NHI10'],
  nistCsf: ['PR.AA-01', 'PR.AA-03'],
  evaluate(identity) {
    if (!isNonHuman(identity.kind) || isDeleted(identity)) return [];
    const password = identity.credentials.find((c) => c.status === 'active' && c.type === 'password');
    if (password === undefined) return [];
    const used = password.lastUsedAt !== null;
    return [
      makeFinding(consolePasswordOnServiceRule, identity, {
        severity: 'high',
        summary: `${describeIdentity(identity)} has an active password${used ? ' that has been used to sign in' : ''}, so people can sign in as it.`,
        evidence: {
          credentialId: password.id,
          passwordLastUsedAt: password.lastUsedAt,
          passwordCreatedAt: password.createdAt,
          mfaEnabled: identity.mfaEnabled,
        },
        remediation:
          'Remove the password (console access) from the machine identity; people should use their own accounts with MFA and, where needed, just-in-time access.',
      }),
    ];
  },
};
