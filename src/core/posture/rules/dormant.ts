/**
 * `dormant`: an identity that can be used but has not been for longer than the
 * dormancy threshold (or never has, long after it was created). Unused access is
 * pure risk: it does no work, and a stolen credential for it goes unnoticed.
 */
import type { Identity, IdentityKind } from '../../inventory/identity.js';
import { isDeleted } from '../admin-grants.js';
import { ageInDays, describeIdentity, latestTimestamp, makeFinding, type PostureRule } from './rule.js';

/** Kinds that can authenticate on their own even when the source lists no credential for them. */
const USABLE_KINDS: ReadonlySet<IdentityKind> = new Set([
  'human',
  'service-account',
  'role',
  'access-key',
  'api-key',
  'token',
  'certificate',
]);

function isUsable(identity: Identity): boolean {
  return identity.credentials.length > 0 || USABLE_KINDS.has(identity.kind);
}

export const dormantRule: PostureRule = {
  code: 'dormant',
  title: 'Dormant identity',
  owasp: ['NHI1'],
  nistCsf: ['PR.AA-01', 'ID.AM-08'],
  evaluate(identity, { config, now, access }) {
    if (isDeleted(identity) || !isUsable(identity)) return [];
    const lastUsedAt = latestTimestamp([identity.lastUsedAt, ...identity.credentials.map((c) => c.lastUsedAt)]);
    const admin = access.adminGrants(identity)[0];
    // A disabled identity cannot be used until someone enables it: still worth removing, less urgent.
    const severity = identity.status === 'disabled' ? 'low' : admin === undefined ? 'medium' : 'high';
    const remediation =
      'Confirm with the owner whether it is still needed; disable it now and delete it after a grace period if not.';
    const common = {
      kind: identity.kind,
      status: identity.status,
      dormantDays: config.dormantDays,
      holdsAdmin: admin !== undefined,
    };
    if (lastUsedAt !== null) {
      const days = ageInDays(now, lastUsedAt);
      if (days === null || days <= config.dormantDays) return [];
      return [
        makeFinding(dormantRule, identity, {
          severity,
          summary: `${describeIdentity(identity)} has not been used for ${days} days.`,
          evidence: { ...common, neverUsed: false, lastUsedAt, daysSinceLastUse: days },
          remediation,
        }),
      ];
    }
    // No recorded use means "never used" only where the source records use at all.
    if (!identity.usageTracked) return [];
    const daysSinceCreated = ageInDays(now, identity.createdAt);
    if (daysSinceCreated === null || daysSinceCreated <= config.dormantDays) return [];
    return [
      makeFinding(dormantRule, identity, {
        severity,
        summary: `${describeIdentity(identity)} has no recorded use in the ${daysSinceCreated} days since it was created.`,
        evidence: { ...common, neverUsed: true, createdAt: identity.createdAt, daysSinceCreated },
        remediation,
      }),
    ];
  },
};
