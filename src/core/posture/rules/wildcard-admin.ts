/**
 * `wildcard-admin`: standing, unconditional `*` on `*`. Whoever compromises the
 * identity owns the account or cluster; the blast radius is everything.
 */
import { isNonHuman } from '../../inventory/identity.js';
import { type AdminGrant, isDeleted } from '../admin-grants.js';
import { describeIdentity, makeFinding, type PostureRule } from './rule.js';

function howHeld(grant: AdminGrant): string {
  switch (grant.heldVia) {
    case 'direct':
      return `through "${grant.policyName}"`;
    case 'binding':
      return `through "${grant.policyName}" (bound by "${grant.via ?? ''}")`;
    case 'group':
      return `through "${grant.policyName}" via group "${grant.groupName ?? grant.via ?? ''}"`;
  }
}

export const wildcardAdminRule: PostureRule = {
  code: 'wildcard-admin',
  title: 'Standing full administrator access',
  owasp: ['NHI5'],
  nistCsf: ['PR.AA-05'],
  evaluate(identity, { access }) {
    // A group is where admin is granted, not who uses it: the finding lands on each member.
    if (identity.kind === 'group' || isDeleted(identity)) return [];
    const grants = access.adminGrants(identity);
    const first = grants[0];
    if (first === undefined) return [];
    const nonHuman = isNonHuman(identity.kind);
    return [
      makeFinding(wildcardAdminRule, identity, {
        severity: nonHuman ? 'critical' : 'high',
        summary: `${describeIdentity(identity)} holds standing full administrator access (* on *) ${howHeld(first)}.`,
        evidence: {
          policy: first.policyName,
          policyId: first.policyId,
          entitlementType: first.entitlementType,
          heldVia: first.heldVia,
          via: first.via,
          standing: true,
          grants: grants.length,
          allPolicies: [...new Set(grants.map((g) => g.policyName))].join(', ').slice(0, 2048),
        },
        remediation: nonHuman
          ? 'Replace the admin grant with a policy scoped to what the workload does (use last-accessed data to draft it).'
          : 'Remove standing admin; grant it just in time, with approval and an expiry, when the work needs it.',
      }),
    ];
  },
};
