/**
 * Which identities hold full administrator access, and how: directly, through a
 * binding, or through a group they are a member of. This is posture's view
 * ("does any grant say `*` on `*`?"); the access graph does full policy evaluation.
 */
import type { EntitlementType, Identity, Policy, Statement } from '../inventory/identity.js';

/** How an identity holds a grant. */
export type HeldVia = 'direct' | 'binding' | 'group';

/** One grant of full administrator access. */
export interface AdminGrant {
  /** The entitlement's name (a policy name, a cluster role, a custom name). */
  entitlementName: string;
  entitlementType: EntitlementType;
  /** The shared policy the statements come from, when there is one. */
  policyId: string | null;
  /** The policy's name when it is shared, else the entitlement's name. */
  policyName: string;
  heldVia: HeldVia;
  /** The binding or role that grants it (`binding`), the group's id (`group`), `null` when direct. */
  via: string | null;
  /** The group's display name when `heldVia` is `group`. */
  groupName: string | null;
}

/** Answers "which admin grants does this identity hold?", resolving shared policies and group membership. */
export interface AccessResolver {
  adminGrants(identity: Identity): readonly AdminGrant[];
}

/** Entitlement types that describe limits or who may assume a role, not what the holder may do. */
const NON_GRANTING_TYPES: ReadonlySet<EntitlementType> = new Set(['aws-trust-policy', 'aws-permissions-boundary']);

const WILDCARD_ACTIONS: ReadonlySet<string> = new Set(['*', '*:*']);

/**
 * `true` for a standing, unconditional `allow` of every action on every resource:
 * AWS `AdministratorAccess`, a Kubernetes `cluster-admin` rule.
 *
 * @example isWildcardAdminStatement({ effect: 'allow', actions: ['*'], resources: ['*'], conditional: false }) // true
 */
export function isWildcardAdminStatement(statement: Statement): boolean {
  return (
    statement.effect === 'allow' &&
    !statement.conditional &&
    statement.actions.some((action) => WILDCARD_ACTIONS.has(action)) &&
    statement.resources.includes('*')
  );
}

/** `true` when the identity is gone, upstream or from the inventory. */
export function isDeleted(identity: Identity): boolean {
  return identity.status === 'deleted' || identity.deletedAt !== null;
}

/**
 * Builds a resolver over the whole inventory. Results are cached per identity, so
 * asking for every identity costs one pass over each one's groups.
 */
export function createAccessResolver(
  identities: readonly Identity[],
  policies: ReadonlyMap<string, Policy>,
): AccessResolver {
  const byId = new Map<string, Identity>();
  for (const identity of identities) byId.set(identity.id, identity);
  const ownCache = new Map<string, readonly AdminGrant[]>();
  const allCache = new Map<string, readonly AdminGrant[]>();

  const ownGrants = (identity: Identity): readonly AdminGrant[] => {
    const cached = ownCache.get(identity.id);
    if (cached !== undefined) return cached;
    const grants: AdminGrant[] = [];
    for (const entitlement of identity.entitlements) {
      if (NON_GRANTING_TYPES.has(entitlement.type)) continue;
      const policy = entitlement.policyId === null ? undefined : policies.get(entitlement.policyId);
      // An entitlement's own statements win: a Kubernetes binding carries them scoped to its
      // namespace, while its ClusterRole's are not. An AWS managed policy's live on the policy.
      const statements = entitlement.statements.length > 0 ? entitlement.statements : (policy?.statements ?? []);
      if (!statements.some(isWildcardAdminStatement)) continue;
      grants.push({
        entitlementName: entitlement.name,
        entitlementType: entitlement.type,
        policyId: entitlement.policyId,
        policyName: policy?.name ?? entitlement.name,
        heldVia: entitlement.via === null ? 'direct' : 'binding',
        via: entitlement.via,
        groupName: null,
      });
    }
    ownCache.set(identity.id, grants);
    return grants;
  };

  const adminGrants = (identity: Identity): readonly AdminGrant[] => {
    const cached = allCache.get(identity.id);
    if (cached !== undefined) return cached;
    const grants = [...ownGrants(identity)];
    for (const group of groupsOf(identity, byId)) {
      for (const grant of ownGrants(group)) {
        grants.push({ ...grant, heldVia: 'group', via: group.id, groupName: group.name });
      }
    }
    grants.sort(compareGrants);
    allCache.set(identity.id, grants);
    return grants;
  };

  return { adminGrants };
}

/** The live groups an identity belongs to, transitively (groups in groups), each once. */
function groupsOf(identity: Identity, byId: ReadonlyMap<string, Identity>): Identity[] {
  const seen = new Set<string>([identity.id]);
  const out: Identity[] = [];
  const queue = [...identity.memberOf];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (seen.has(next)) continue;
    seen.add(next);
    const group = byId.get(next);
    // A deleted group grants nothing; an unknown id is a group another import has not brought yet.
    if (group === undefined || isDeleted(group)) continue;
    out.push(group);
    queue.push(...group.memberOf);
  }
  return out;
}

const HELD_ORDER: Record<HeldVia, number> = { direct: 0, binding: 1, group: 2 };

function compareGrants(a: AdminGrant, b: AdminGrant): number {
  return (
    HELD_ORDER[a.heldVia] - HELD_ORDER[b.heldVia] ||
    compare(a.policyName, b.policyName) ||
    compare(a.via ?? '', b.via ?? '') ||
    compare(a.entitlementName, b.entitlementName)
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
