/**
 * `deleted-with-credentials`: the source says the identity is deleted, yet some
 * of its credentials are still active. Offboarding stopped halfway; the keys may
 * still open doors (and nobody watches a deleted identity).
 */
import { describeIdentity, makeFinding, type PostureRule } from './rule.js';

export const deletedWithCredentialsRule: PostureRule = {
  code: 'deleted-with-credentials',
  title: 'Deleted identity with active credentials',
  owasp: ['NHI1'],
  nistCsf: ['PR.AA-01', 'ID.AM-08'],
  evaluate(identity) {
    if (identity.status !== 'deleted') return [];
    const active = identity.credentials.filter((c) => c.status === 'active');
    if (active.length === 0) return [];
    return [
      makeFinding(deletedWithCredentialsRule, identity, {
        severity: 'high',
        summary: `${describeIdentity(identity)} is deleted but still has ${active.length} active credential${active.length > 1 ? 's' : ''}.`,
        evidence: {
          activeCredentials: active.length,
          credentialIds: active
            .map((c) => c.id)
            .sort()
            .join(', ')
            .slice(0, 2048),
          credentialTypes: [...new Set(active.map((c) => c.type))].sort().join(', '),
        },
        remediation: 'Revoke or delete the remaining credentials at the source, then confirm nothing still uses them.',
      }),
    ];
  },
};
