/**
 * `orphaned`: a non-human identity nobody owns. Nobody will notice when it is no
 * longer needed, rotate its keys, or answer for what it does.
 */
import { isNonHuman } from '../../inventory/identity.js';
import { isDeleted } from '../admin-grants.js';
import { describeIdentity, makeFinding, type PostureRule } from './rule.js';

export const orphanedRule: PostureRule = {
  code: 'orphaned',
  title: 'Non-human identity without an owner',
  owasp: ['NHI1'],
  nistCsf: ['PR.AA-01', 'ID.AM-08'],
  evaluate(identity, { access }) {
    if (!isNonHuman(identity.kind) || isDeleted(identity) || identity.owner !== null) return [];
    const admin = access.adminGrants(identity)[0];
    return [
      makeFinding(orphanedRule, identity, {
        severity: admin === undefined ? 'medium' : 'high',
        summary: `${describeIdentity(identity)} has no owner${admin === undefined ? '' : ' and holds administrator access'}.`,
        evidence: {
          kind: identity.kind,
          provider: identity.provider,
          status: identity.status,
          holdsAdmin: admin !== undefined,
          adminPolicy: admin?.policyName ?? null,
        },
        remediation:
          'Assign an owning team (an owner tag at the source, the YAML `owner` field, or `vigil inventory set-owner`), or remove the identity if nobody claims it.',
      }),
    ];
  },
};
