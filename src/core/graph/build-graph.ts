/**
 * Builds the access graph from the inventory:
 *
 * - every active identity is a node, labelled with its provider's own identifier (an ARN,
 *   `system:serviceaccount:ci:deployer`);
 * - `member-of` edges from `memberOf` (a user holds its groups' rights through them);
 * - each account's and cluster's administrator is a node of sensitivity `admin`, reached by
 *   `has-permission` from the identities that are admin-equivalent and by `can-escalate` from
 *   those that can become so (core/aws/escalation.ts, core/kubernetes/rbac.ts);
 * - `can-assume` and `can-escalate` edges between identities, one per technique, with the
 *   permissions that prove it as evidence;
 * - privileges (an action on a resource pattern, shared by everyone who holds it) reached by
 *   `has-permission` from each identity's own allowing statements, with a sensitivity from
 *   the rules of sensitivity.ts;
 * - cross-system edges: a Kubernetes service account annotated with an AWS role (IRSA) can
 *   assume that role; a GitHub identity that can push to a repository can assume the AWS roles
 *   that trust that repository's Actions tokens (github-oidc.ts).
 *
 * What is over-approximated, and so never understated: a user reaches its groups' privileges
 * through `member-of` even where its own boundary or a Deny on it would refuse them; a Deny
 * that covers only part of a privilege's resources leaves the privilege in the graph.
 */
import { parseIamArn } from '../aws/arn.js';
import { adminEquivalence, awsEscalations, type RoleSet } from '../aws/escalation.js';
import { type PolicyStatementJson, toList } from '../aws/policy-document.js';
import { conditionsHold, evaluate } from '../aws/policy-evaluation.js';
import { type AwsPrincipal, awsEstate, type PolicyProblem } from '../aws/principals.js';
import type { Identity, Policy, Statement } from '../inventory/identity.js';
import { clusterAdminEquivalence, rbacEscalations } from '../kubernetes/rbac.js';
import { type AccessGraph, type Evidence, GraphBuilder } from './access-graph.js';
import { githubOidcEdges } from './github-oidc.js';
import { DEFAULT_SENSITIVITY_RULES, privilegeSensitivity, type SensitivityRule } from './sensitivity.js';

export interface GraphInput {
  identities: readonly Identity[];
  policies: ReadonlyMap<string, Policy>;
  /** Rules placed before the defaults. */
  sensitivityRules?: readonly SensitivityRule[];
}

export interface BuiltGraph {
  graph: AccessGraph;
  /** Policy documents that could not be read: their principals are analysed without them. */
  problems: readonly PolicyProblem[];
}

/**
 * The access graph of an inventory.
 *
 * @example
 * const { graph, problems } = buildAccessGraph({ identities: snapshot.identities, policies: snapshot.policies });
 */
export function buildAccessGraph(input: GraphInput): BuiltGraph {
  const rules = [...(input.sensitivityRules ?? []), ...DEFAULT_SENSITIVITY_RULES];
  const builder = new GraphBuilder();
  const active = input.identities.filter((identity) => identity.status === 'active');
  const byId = new Map(active.map((identity) => [identity.id, identity]));

  for (const identity of active) {
    builder.node({ key: identity.id, kind: 'identity', label: providerLabel(identity), sensitivity: null });
  }
  const identityNode = (id: string): number | undefined => builder.find(id);

  // Membership.
  for (const identity of active) {
    const from = identityNode(identity.id);
    if (from === undefined) continue;
    for (const groupId of identity.memberOf) {
      const group = identityNode(groupId);
      const groupIdentity = byId.get(groupId);
      if (group === undefined || groupIdentity === undefined) continue;
      builder.edge(
        from,
        group,
        'member-of',
        fact(`${providerLabel(identity)} is a member of ${providerLabel(groupIdentity)}`),
      );
    }
  }

  // AWS: administrators, escalations and assumptions, privileges.
  const estate = awsEstate(active, input.policies);
  // The administrator of an account or a cluster: one node each, sensitivity admin.
  const adminNode = (scope: string, label: string): number =>
    builder.node({ key: `admin:${scope}`, kind: 'privilege', label, sensitivity: 'admin' });
  const awsAdmin = (account: string): number => adminNode(`aws:${account}`, `administrator of AWS account ${account}`);
  const clusterAdmin = (cluster: string): number =>
    adminNode(`kubernetes:${cluster}`, `administrator of Kubernetes cluster ${cluster}`);
  for (const principal of estate.principals.values()) {
    const from = identityNode(principal.id);
    if (from === undefined) continue;
    const admin = adminEquivalence(principal);
    if (admin !== null) {
      builder.edge(from, awsAdmin(principal.account), 'has-permission', {
        text: `admin-equivalent: ${admin.evidence.join('; ')}`,
        assumptions: admin.assumptions,
      });
    }
    addAwsPrivileges(builder, from, principal, rules);
  }
  // A set of roles reached alike (core/aws/escalation.ts, RoleSet): one node, an edge to each member.
  const roleSetNodes = new Map<string, number>();
  const roleSetNode = (set: RoleSet): number => {
    const known = roleSetNodes.get(set.key);
    if (known !== undefined) return known;
    const hub = builder.node({ key: `roles:aws:${set.key}`, kind: 'privilege', label: set.label, sensitivity: null });
    roleSetNodes.set(set.key, hub);
    for (const member of set.members) {
      const role = estate.principals.get(member.arn);
      const to = role === undefined ? undefined : identityNode(role.id);
      if (to === undefined) continue;
      builder.edge(hub, to, 'can-assume', techniqueEvidence({ ...member, technique: 'sts-assume-role' }));
    }
    return hub;
  };
  for (const edge of awsEscalations(estate)) {
    const actor = estate.principals.get(edge.from);
    const from = actor === undefined ? undefined : identityNode(actor.id);
    if (from === undefined || actor === undefined) continue;
    const evidence = techniqueEvidence(edge);
    if (edge.to.kind === 'admin') {
      builder.edge(from, awsAdmin(edge.to.account), 'can-escalate', evidence);
      continue;
    }
    if (edge.to.kind === 'roles') {
      builder.edge(from, roleSetNode(edge.to), 'can-assume', evidence);
      continue;
    }
    const target = estate.principals.get(edge.to.arn);
    const to = target === undefined ? undefined : identityNode(target.id);
    if (to === undefined) continue;
    builder.edge(from, to, edge.technique === 'sts-assume-role' ? 'can-assume' : 'can-escalate', evidence);
  }

  // GitHub Actions workflows that AWS roles trust: whoever can push to the repository.
  for (const edge of githubOidcEdges(active, input.policies, estate.principals.values())) {
    const from = identityNode(edge.from);
    const role = estate.principals.get(edge.role);
    const to = role === undefined ? undefined : identityNode(role.id);
    if (from === undefined || to === undefined) continue;
    builder.edge(from, to, 'can-assume', techniqueEvidence({ ...edge, technique: 'github-actions-oidc' }));
  }

  // Kubernetes: administrators, escalations, privileges.
  for (const identity of active) {
    if (identity.provider !== 'kubernetes') continue;
    const from = identityNode(identity.id);
    if (from === undefined) continue;
    const cluster = clusterOf(identity);
    const admin = clusterAdminEquivalence(identity, input.policies);
    if (admin !== null) {
      builder.edge(from, clusterAdmin(cluster), 'has-permission', {
        text: `cluster-admin equivalent: ${admin.evidence.join('; ')}`,
        assumptions: [],
      });
    }
    addStatementPrivileges(builder, from, identity, input.policies, rules);
    addWorkloadIdentity(builder, from, identity, estate.principals);
  }
  for (const edge of rbacEscalations(active, input.policies)) {
    // Drawn above as the identity's has-permission edge to the administrator.
    if (edge.technique === 'cluster-admin-equivalent') continue;
    const from = identityNode(edge.from);
    if (from === undefined) continue;
    const evidence = techniqueEvidence(edge);
    if (edge.to.kind === 'cluster-admin') {
      builder.edge(from, clusterAdmin(edge.to.cluster), 'can-escalate', evidence);
      continue;
    }
    const to = identityNode(edge.to.id);
    if (to !== undefined)
      builder.edge(from, to, edge.technique.startsWith('impersonate') ? 'can-assume' : 'can-escalate', evidence);
  }

  // Every other provider: privileges from its normalised statements.
  for (const identity of active) {
    if (identity.provider === 'aws' || identity.provider === 'kubernetes') continue;
    const from = identityNode(identity.id);
    if (from !== undefined) addStatementPrivileges(builder, from, identity, input.policies, rules);
  }

  return { graph: builder.build(), problems: estate.problems };
}

function fact(text: string): Evidence {
  return { text, assumptions: [] };
}

/** An escalation edge's evidence: the permissions and facts that prove it, and what it assumes. */
function techniqueEvidence(edge: {
  technique: string;
  evidence: readonly string[];
  assumptions: readonly string[];
}): Evidence {
  return { text: edge.evidence.join('; '), assumptions: edge.assumptions, technique: edge.technique };
}

/**
 * The provider's own name for an identity: the ARN for AWS, `system:serviceaccount:NS:NAME`,
 * `user:NAME` or `group:NAME` for Kubernetes (without the cluster), else the external id.
 */
export function providerLabel(identity: Pick<Identity, 'provider' | 'externalId'>): string {
  if (identity.provider === 'kubernetes') {
    const slash = identity.externalId.indexOf('/');
    return slash === -1 ? identity.externalId : identity.externalId.slice(slash + 1);
  }
  return identity.externalId;
}

function clusterOf(identity: Identity): string {
  const slash = identity.externalId.indexOf('/');
  return slash === -1 ? 'default' : identity.externalId.slice(0, slash);
}

/** Privileges from a principal's own allowing statements that its policies do not deny or bound. */
function addAwsPrivileges(
  builder: GraphBuilder,
  from: number,
  principal: AwsPrincipal,
  rules: readonly SensitivityRule[],
): void {
  const scope = `aws:${principal.account}`;
  const scopeLabel = `AWS account ${principal.account}`;
  const own = principal.policies.identity.filter((set) => !set.label.includes(' (via group '));
  // Without a boundary or a Deny, what a policy allows is what its holder may do: the holder
  // reaches the policy, and the policy's privileges are drawn once for all who hold it.
  const unconstrained =
    principal.policies.boundary === null &&
    principal.policies.identity.every((set) => set.statements.every((statement) => statement.Effect !== 'Deny'));
  for (const set of own) {
    if (unconstrained) {
      const shared = set.label.startsWith('managed policy ');
      const key = `policy:${scope}:${shared ? '' : `${principal.arn}:`}${set.label}`;
      const known = builder.find(key);
      const policy = builder.node({ key, kind: 'policy', label: `${set.label} (${scopeLabel})`, sensitivity: null });
      builder.edge(from, policy, 'has-permission', fact(`${principal.arn} holds ${set.label}`));
      if (known !== undefined) continue;
      for (const statement of set.statements) {
        if (statement.Effect !== 'Allow') continue;
        const conditions = conditionsHold(statement, { action: '', resource: '' });
        const assumptions =
          conditions.value === 'unknown'
            ? [`the statement applies if ${conditions.unknown.join(' and ')}: assumed to hold`]
            : [];
        forEachGrant(statement, (action, resource) =>
          addPrivilege(builder, policy, {
            scope,
            scopeLabel,
            action,
            resource,
            resourceKey: awsResourceKey(action, resource),
            rules,
            evidence: { text: `${set.label} allows ${action} on ${resource}`, assumptions },
          }),
        );
      }
      continue;
    }
    for (const statement of set.statements) {
      if (statement.Effect !== 'Allow') continue;
      forEachGrant(statement, (action, resource) => {
        const probe = action.startsWith('* except ') ? null : evaluate(principal.policies, { action, resource });
        if (probe !== null && !probe.allowed) return;
        addPrivilege(builder, from, {
          scope,
          scopeLabel,
          action,
          resource,
          resourceKey: awsResourceKey(action, resource),
          rules,
          evidence: { text: `${set.label} allows ${action} on ${resource}`, assumptions: probe?.assumptions ?? [] },
        });
      });
    }
  }
}

/** Each action and resource a statement names (`NotAction`/`NotResource` as `* except …`). */
function forEachGrant(statement: PolicyStatementJson, each: (action: string, resource: string) => void): void {
  const actions = toList(statement.Action) ?? (toList(statement.NotAction) ?? []).map((action) => `* except ${action}`);
  const resources =
    toList(statement.Resource) ?? (toList(statement.NotResource) ?? []).map((resource) => `* except ${resource}`);
  for (const action of actions) for (const resource of resources) each(action, resource);
}

/** Privileges from the normalised statements of an identity's entitlements (and their shared policies). */
function addStatementPrivileges(
  builder: GraphBuilder,
  from: number,
  identity: Identity,
  policies: ReadonlyMap<string, Policy>,
  rules: readonly SensitivityRule[],
): void {
  const scope = identity.provider === 'kubernetes' ? `kubernetes:${clusterOf(identity)}` : identity.systemOfRecord;
  for (const entitlement of identity.entitlements) {
    const statements: readonly Statement[] =
      entitlement.statements.length > 0
        ? entitlement.statements
        : ((entitlement.policyId === null ? undefined : policies.get(entitlement.policyId))?.statements ?? []);
    for (const statement of statements) {
      if (statement.effect !== 'allow') continue;
      for (const action of statement.actions) {
        for (const resource of statement.resources) {
          addPrivilege(builder, from, {
            scope,
            scopeLabel: scope,
            action,
            resource,
            resourceKey: resource,
            rules,
            ...(identity.provider === 'kubernetes' ? { sensitivityAction: `${action} ${lastSegment(resource)}` } : {}),
            evidence: {
              text: `${entitlement.name}${entitlement.via === null ? '' : ` (via ${entitlement.via})`} allows ${action} on ${resource}`,
              assumptions: statement.conditional ? ['the grant has conditions, assumed to hold'] : [],
            },
          });
        }
      }
    }
  }
}

interface PrivilegeGrant {
  /** `aws:<account>`, `kubernetes:<cluster>`, a system of record. */
  scope: string;
  scopeLabel: string;
  action: string;
  resource: string;
  /** The resource it acts on, with object paths and the like folded (`arn:aws:s3:::bucket`). */
  resourceKey: string;
  /** The sensitivity rules; for Kubernetes the action is matched as `<verb> <resource type>`. */
  rules: readonly SensitivityRule[];
  sensitivityAction?: string;
  evidence: Evidence;
}

/**
 * A privilege (an action on a resource pattern, shared by all who hold it) granted to `from`,
 * and for a sensitive one, the resource it acts on, which carries the sensitivity: reaching a
 * bucket counts once however many actions reach it. A privilege's sensitivity and resource are
 * worked out once, when it is first met.
 */
function addPrivilege(builder: GraphBuilder, from: number, grant: PrivilegeGrant): void {
  const key = `privilege:${grant.scope}:${grant.action}|${grant.resource}`;
  const known = builder.find(key);
  const privilege =
    known ??
    builder.node({
      key,
      kind: 'privilege',
      label: `${grant.action} on ${grant.resource} (${grant.scopeLabel})`,
      sensitivity: null,
    });
  // The evidence names the policy, the action and the resource: no other edge has the same.
  builder.edge(from, privilege, 'has-permission', grant.evidence, grant.evidence.assumptions.length === 0);
  if (known !== undefined) return;
  const sensitivity = privilegeSensitivity(grant.sensitivityAction ?? grant.action, grant.resource, grant.rules);
  if (sensitivity === null) return;
  const resource = builder.node({
    key: `resource:${grant.scope}:${grant.resourceKey}`,
    kind: 'resource',
    label: `${grant.resourceKey} (${grant.scopeLabel})`,
    sensitivity,
  });
  builder.edge(
    privilege,
    resource,
    'acts-on',
    { text: `${grant.action} acts on ${grant.resource}`, assumptions: [] },
    true,
  );
}

/**
 * The resource an AWS privilege acts on: an S3 bucket for its objects, every resource of the
 * action's service for `*`, else the ARN pattern as written.
 */
function awsResourceKey(action: string, resource: string): string {
  if (resource === '*' || resource.startsWith('* except ')) {
    const colon = action.indexOf(':');
    return colon === -1 ? 'every resource' : `every ${action.slice(0, colon)} resource`;
  }
  if (resource.startsWith('arn:aws:s3:::')) {
    const slash = resource.indexOf('/');
    return slash === -1 ? resource : resource.slice(0, slash);
  }
  return resource;
}

function lastSegment(resource: string): string {
  const parts = resource.split('/');
  // `namespaces/ns/core/secrets[/name]`: the resource type is the segment after the API group.
  const typeIndex = parts[0] === 'namespaces' ? 3 : 1;
  return parts[typeIndex] ?? resource;
}

/** A Kubernetes service account annotated with an AWS role (IRSA) can act as that role. */
function addWorkloadIdentity(
  builder: GraphBuilder,
  from: number,
  identity: Identity,
  principals: ReadonlyMap<string, AwsPrincipal>,
): void {
  const links = identity.attributes.workloadIdentity;
  if (!Array.isArray(links)) return;
  for (const link of links as unknown[]) {
    if (link === null || typeof link !== 'object') continue;
    const { principal, annotation } = link as { principal?: unknown; annotation?: unknown };
    if (typeof principal !== 'string' || parseIamArn(principal) === null) continue;
    const role = principals.get(principal);
    const to = role === undefined ? undefined : builder.find(role.id);
    if (to === undefined) continue;
    builder.edge(from, to, 'can-assume', {
      text: `service account annotated ${String(annotation)}: ${principal}`,
      assumptions: [`the role's trust policy accepts the cluster's OIDC tokens for ${providerLabel(identity)}`],
    });
  }
}
