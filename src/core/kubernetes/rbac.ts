/**
 * Kubernetes RBAC for the access graph: who, inside a cluster, can become whom, and who is
 * cluster-admin equivalent.
 *
 * The input is the inventory as the Kubernetes importer writes it: a binding's statements sit
 * on the entitlement of each subject, already scoped (`namespaces/<ns>/` before every resource
 * when a RoleBinding grants them, `*` alone for every resource cluster-wide). Each escalation
 * is drawn only from the statements that grant the verbs it needs, and says which ones, so a
 * person can check every edge against the cluster. RBAC has no deny, so a grant is a grant:
 * what is unknown (pods, admission control, the kubelet's mode) is stated as an assumption.
 *
 * Edges rest on an identity's own bindings; a group's edges reach its members through the
 * graph's member-of edges. Only an escalation that needs grants held in two places (its own and
 * a group's) is drawn from the member itself, naming the group. See docs/graph/kubernetes-rbac.md.
 */
import type { Entitlement, Identity, Policy, Statement } from '../inventory/identity.js';

/** What an escalation reaches: control of a whole cluster, or one identity of it. */
export type RbacTarget = { kind: 'cluster-admin'; cluster: string } | { kind: 'identity'; id: string };

/** One way an actor can become another identity, or the cluster's administrator. */
export interface RbacEdge {
  /** Vigil identity id of the actor (a service account, user or group). */
  from: string;
  to: RbacTarget;
  /** An id from {@link K8S_TECHNIQUES}. */
  technique: string;
  /** The binding, role and rule that grant each needed verb, in words. */
  evidence: string[];
  /** What must hold for the edge to stand, that the inventory cannot know. */
  assumptions: string[];
}

/** An escalation technique: a stable id, a name and what it takes. */
export interface Technique {
  id: string;
  name: string;
  description: string;
}

type TechniqueId =
  | 'cluster-admin-equivalent'
  | 'create-pod-with-service-account'
  | 'exec-into-pod'
  | 'read-service-account-token-secret'
  | 'create-token-secret'
  | 'create-service-account-token'
  | 'impersonate-user'
  | 'impersonate-group'
  | 'impersonate-service-account'
  | 'rbac-bind-role'
  | 'rbac-escalate-role'
  | 'node-proxy'
  | 'admission-webhook';

/**
 * Every technique {@link rbacEscalations} draws, in the order its edges are sorted.
 *
 * @example K8S_TECHNIQUES.map((t) => t.id) // ['cluster-admin-equivalent', 'create-pod-with-service-account', …]
 */
export const K8S_TECHNIQUES: readonly Technique[] = [
  {
    id: 'cluster-admin-equivalent',
    name: 'Cluster-admin equivalent',
    description:
      'Holds every verb on every resource cluster-wide (* on *), or is the group system:masters or a member of it, whose requests the API server never asks RBAC about.',
  },
  {
    id: 'create-pod-with-service-account',
    name: 'Create a pod that runs as a service account',
    description:
      'create on pods, or on a controller that makes pods (deployments, daemonsets, statefulsets, replicasets, jobs, cronjobs, replicationcontrollers), in a namespace: the pod may name any service account of that namespace and its command can read the mounted token.',
  },
  {
    id: 'exec-into-pod',
    name: 'Exec or attach into a pod',
    description:
      'create (or, where the API server authorises a WebSocket upgrade as get, get) on pods/exec or pods/attach in a namespace: a shell in a pod that runs as a service account of that namespace reads its token.',
  },
  {
    id: 'read-service-account-token-secret',
    name: 'Read a legacy service-account token secret',
    description:
      'get, list or watch on secrets in a namespace where a service account has a legacy token secret (kubernetes.io/service-account-token): the secret holds a bearer token that never expires.',
  },
  {
    id: 'create-token-secret',
    name: 'Have a token secret filled in',
    description:
      'create together with get, list or watch on secrets in a namespace: a new secret of type kubernetes.io/service-account-token that names a service account of the namespace is filled with a token for it, which the actor then reads.',
  },
  {
    id: 'create-service-account-token',
    name: 'Request a service-account token',
    description:
      'create on serviceaccounts/token in a namespace (for the named accounts when resourceNames restrict it): the TokenRequest API issues a token for the account.',
  },
  {
    id: 'impersonate-user',
    name: 'Impersonate a user',
    description:
      'impersonate on users (the named users when resourceNames restrict it): every request can be sent as the user.',
  },
  {
    id: 'impersonate-group',
    name: 'Impersonate a group',
    description:
      'impersonate on groups together with impersonate on some user or service account (the API server refuses groups without a user): requests carry the group, system:masters included.',
  },
  {
    id: 'impersonate-service-account',
    name: 'Impersonate a service account',
    description:
      'impersonate on serviceaccounts in the account’s namespace (the named accounts when resourceNames restrict it): every request can be sent as the account.',
  },
  {
    id: 'rbac-bind-role',
    name: 'Bind an all-powerful role',
    description:
      'bind on cluster-admin (or any role granting * on *) together with create, update or patch on the bindings: a ClusterRoleBinding to itself makes the actor cluster-admin; a RoleBinding makes it all-powerful in one namespace, and so every service account of it.',
  },
  {
    id: 'rbac-escalate-role',
    name: 'Rewrite a role bound to oneself',
    description:
      'escalate together with update or patch on a Role or ClusterRole already bound to the actor: it adds * on * to the role; cluster-admin through a ClusterRoleBinding, every service account of the namespace through a RoleBinding.',
  },
  {
    id: 'node-proxy',
    name: 'Kubelet API through nodes/proxy',
    description:
      'get or create on nodes/proxy for every node: the kubelet API runs commands in any pod of any node, which is cluster-admin in effect.',
  },
  {
    id: 'admission-webhook',
    name: 'Register an admission webhook',
    description:
      'create, update or patch on mutatingwebhookconfigurations or validatingwebhookconfigurations: a webhook rewrites or receives every object the cluster admits, which is cluster-admin in effect.',
  },
] satisfies ReadonlyArray<Technique & { id: TechniqueId }>;

/**
 * Whether an identity is cluster-admin equivalent, from its own bindings: an unconditional
 * `allow *` on `*` cluster-wide (which only a ClusterRoleBinding can grant), or being the group
 * `system:masters` or a member of it (the API server skips authorization for them). The
 * statements are the entitlement's; when it carries none, the shared policy's, scoped to the
 * binding. Returns the evidence in words, or `null`.
 *
 * @example
 * clusterAdminEquivalence(deployer, policies)
 * // { evidence: ['ClusterRoleBinding ci-deployer-admin grants * on * cluster-wide (ClusterRole cluster-admin: * on *)'] }
 */
export function clusterAdminEquivalence(
  identity: Identity,
  policies: ReadonlyMap<string, Policy>,
): { evidence: string[] } | null {
  const place = locate(identity);
  if (place === null) return null;
  const evidence: string[] = [];
  for (const entitlement of identity.entitlements) {
    if (!isRbacEntitlement(entitlement)) continue;
    const binding = bindingPlace(entitlement.via);
    const policy = entitlement.policyId === null ? undefined : policies.get(entitlement.policyId);
    const everything = bindingStatements(entitlement, policy, binding).find(grantsEverything);
    if (everything === undefined) continue;
    evidence.push(
      `${bindingLabel(entitlement)} grants * on * cluster-wide (${roleLabel(entitlement, binding, policy)}: ${everything.actions.join(', ')} on *)`,
    );
  }
  const masters = groupId(place.cluster, SYSTEM_MASTERS);
  if (identity.id === masters) {
    evidence.push(`is the group ${SYSTEM_MASTERS}, whose members the API server never asks RBAC about`);
  } else if (identity.memberOf.includes(masters)) {
    evidence.push(`is a member of group ${SYSTEM_MASTERS}, whose members the API server never asks RBAC about`);
  }
  return evidence.length === 0 ? null : { evidence };
}

/**
 * Every escalation edge among the inventory's Kubernetes identities: per cluster (never from one
 * cluster into another), from every live service account, user and group, to the identities it
 * can become and to its cluster's `cluster-admin`. Deleted identities neither act nor are
 * reached; an edge never points back at its actor. Sorted by actor, target (cluster-admin
 * first), then technique in {@link K8S_TECHNIQUES} order.
 *
 * @example
 * const edges = rbacEscalations(identities, policies);
 * new Set(edges.filter((e) => e.to.kind === 'cluster-admin').map((e) => e.from))
 * // Set { 'kubernetes:prod-eu-1/group:system:masters', 'kubernetes:prod-eu-1/system:serviceaccount:ci:deployer' }
 */
export function rbacEscalations(identities: readonly Identity[], policies: ReadonlyMap<string, Policy>): RbacEdge[] {
  const reader = new GrantReader(policies);
  const edges = new Map<string, RbacEdge>();
  for (const [cluster, members] of byCluster(identities)) {
    const run: ClusterRun = {
      view: clusterView(cluster, members, policies),
      liveGroups: new Map(),
      holdings: new Map(),
      asGroup: new Map(),
      own: new Map(),
    };
    const actors = members.filter((m) => m.subject !== null && !isDeleted(m.identity));
    for (const actor of actors) {
      const id = actor.identity.id;
      const held = reader.holdings(actor.identity, null);
      run.holdings.set(id, held);
      run.own.set(id, keyed(findingsFor(id, held, run.view)));
      if (actor.subject?.kind === 'group') {
        run.liveGroups.set(id, actor);
        run.asGroup.set(id, reader.holdings(actor.identity, actor.subject.name));
      }
    }
    for (const actor of actors) {
      const id = actor.identity.id;
      const equivalence = clusterAdminEquivalence(actor.identity, policies);
      if (equivalence !== null) {
        addEdge(edges, id, {
          to: { kind: 'cluster-admin', cluster },
          technique: 'cluster-admin-equivalent',
          evidence: equivalence.evidence,
          assumptions: [],
        });
      }
      for (const finding of run.own.get(id)?.values() ?? []) addEdge(edges, id, finding);
      for (const finding of combinedFindings(actor, run)) addEdge(edges, id, finding);
    }
  }
  return [...edges.values()].sort(compareEdges);
}

// ---------------------------------------------------------------------------------------
// Identities of a cluster

const PROVIDER = 'kubernetes';
const SYSTEM_MASTERS = 'system:masters';
const CLUSTER_ADMIN = 'cluster-admin';
const RBAC_GROUP = 'rbac.authorization.k8s.io';
const ADMISSION_GROUP = 'admissionregistration.k8s.io';
const SERVICE_ACCOUNT_NAME = /^system:serviceaccount:([^:/]+):([^:/]+)$/;

/** Which RBAC subject an identity is, from its external id. */
type Subject =
  | { kind: 'service-account'; namespace: string; name: string }
  | { kind: 'user'; name: string }
  | { kind: 'group'; name: string };

interface Member {
  identity: Identity;
  subject: Subject | null;
}

interface ServiceAccountTarget {
  id: string;
  namespace: string;
  name: string;
  /** `automountServiceAccountToken` of the account; `null` when it says nothing. */
  automount: boolean | null;
  /** Active legacy token credentials: `<ns>/<secret>`. */
  tokens: readonly string[];
}

interface NamedTarget {
  id: string;
  name: string;
}

/** What the techniques need to know of one cluster. */
interface ClusterView {
  cluster: string;
  serviceAccounts: readonly ServiceAccountTarget[];
  /** Live service accounts by namespace, namespaces in order. */
  byNamespace: ReadonlyMap<string, readonly ServiceAccountTarget[]>;
  users: readonly NamedTarget[];
  groups: readonly NamedTarget[];
  /** ClusterRoles that grant * on *: cluster-admin first (every cluster has it), then any other. */
  adminClusterRoles: readonly string[];
  /** Roles that grant * on everything in their namespace, by namespace. */
  adminRoles: ReadonlyMap<string, readonly string[]>;
  /** Whether the inventory holds the cluster-admin ClusterRole (else it is known by name only). */
  hasClusterAdminPolicy: boolean;
}

/** The cluster an identity belongs to and its id within it, or `null` for other providers. */
function locate(identity: Identity): { cluster: string; local: string } | null {
  if (identity.provider !== PROVIDER) return null;
  const externalId = identity.externalId;
  // The system of record names the cluster exactly, even one with a `/` in its name.
  if (identity.systemOfRecord.startsWith(`${PROVIDER}:`)) {
    const cluster = identity.systemOfRecord.slice(PROVIDER.length + 1);
    if (cluster !== '' && externalId.startsWith(`${cluster}/`)) {
      return { cluster, local: externalId.slice(cluster.length + 1) };
    }
  }
  const slash = externalId.indexOf('/');
  return slash <= 0 ? null : { cluster: externalId.slice(0, slash), local: externalId.slice(slash + 1) };
}

function subjectOf(local: string): Subject | null {
  const sa = SERVICE_ACCOUNT_NAME.exec(local);
  if (sa?.[1] !== undefined && sa[2] !== undefined) return { kind: 'service-account', namespace: sa[1], name: sa[2] };
  if (local.startsWith('user:') && local.length > 'user:'.length) return { kind: 'user', name: local.slice(5) };
  if (local.startsWith('group:') && local.length > 'group:'.length) return { kind: 'group', name: local.slice(6) };
  return null;
}

function groupId(cluster: string, name: string): string {
  return `${PROVIDER}:${cluster}/group:${name}`;
}

function isDeleted(identity: Identity): boolean {
  return identity.status === 'deleted' || identity.deletedAt !== null;
}

function byCluster(identities: readonly Identity[]): Map<string, Member[]> {
  const out = new Map<string, Member[]>();
  for (const identity of identities) {
    const place = locate(identity);
    if (place === null) continue;
    const members = out.get(place.cluster) ?? [];
    members.push({ identity, subject: subjectOf(place.local) });
    out.set(place.cluster, members);
  }
  return new Map([...out.entries()].sort(([a], [b]) => compare(a, b)));
}

function clusterView(cluster: string, members: readonly Member[], policies: ReadonlyMap<string, Policy>): ClusterView {
  const serviceAccounts: ServiceAccountTarget[] = [];
  const users: NamedTarget[] = [];
  const groups: NamedTarget[] = [];
  for (const { identity, subject } of members) {
    if (subject === null || isDeleted(identity)) continue;
    if (subject.kind === 'service-account') {
      const automount = identity.attributes.automountServiceAccountToken;
      serviceAccounts.push({
        id: identity.id,
        namespace: subject.namespace,
        name: subject.name,
        automount: typeof automount === 'boolean' ? automount : null,
        tokens: identity.credentials
          .filter((c) => c.type === 'token' && c.status === 'active' && c.id.includes('/'))
          .map((c) => c.id)
          .sort(compare),
      });
    } else if (subject.kind === 'user') {
      users.push({ id: identity.id, name: subject.name });
    } else {
      groups.push({ id: identity.id, name: subject.name });
    }
  }
  serviceAccounts.sort((a, b) => compare(a.id, b.id));
  users.sort((a, b) => compare(a.id, b.id));
  groups.sort((a, b) => compare(a.id, b.id));
  const byNamespace = new Map<string, ServiceAccountTarget[]>();
  for (const account of [...serviceAccounts].sort((a, b) => compare(a.namespace, b.namespace))) {
    const list = byNamespace.get(account.namespace) ?? [];
    list.push(account);
    byNamespace.set(account.namespace, list);
  }
  return { cluster, serviceAccounts, byNamespace, users, groups, ...adminRolesOf(cluster, policies) };
}

/** The roles of the cluster whose binding gives everything: what `bind` on them is worth. */
function adminRolesOf(
  cluster: string,
  policies: ReadonlyMap<string, Policy>,
): Pick<ClusterView, 'adminClusterRoles' | 'adminRoles' | 'hasClusterAdminPolicy'> {
  const clusterRolePrefix = `${PROVIDER}:${cluster}/clusterrole:`;
  const rolePrefix = `${PROVIDER}:${cluster}/role:`;
  const clusterRoles: string[] = [];
  const roles = new Map<string, string[]>();
  for (const policy of policies.values()) {
    if (policy.id.startsWith(clusterRolePrefix)) {
      const name = policy.id.slice(clusterRolePrefix.length);
      if (name !== CLUSTER_ADMIN && policy.statements.some(grantsEverything)) clusterRoles.push(name);
    } else if (policy.id.startsWith(rolePrefix)) {
      const [namespace, name] = splitOnce(policy.id.slice(rolePrefix.length), '/');
      const everything = `namespaces/${namespace}/*`;
      const all = policy.statements.some(
        (s) => isPlainAllow(s) && s.actions.includes('*') && s.resources.includes(everything),
      );
      if (name !== '' && all) roles.set(namespace, [...(roles.get(namespace) ?? []), name].sort(compare));
    }
  }
  return {
    adminClusterRoles: [CLUSTER_ADMIN, ...clusterRoles.sort(compare)],
    adminRoles: roles,
    hasClusterAdminPolicy: policies.has(`${clusterRolePrefix}${CLUSTER_ADMIN}`),
  };
}

/** The live groups an identity is in, transitively, within its cluster. */
function groupsOf(member: Member, liveGroups: ReadonlyMap<string, Member>): Member[] {
  const seen = new Set<string>([member.identity.id]);
  const out: Member[] = [];
  const queue = [...member.identity.memberOf];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (seen.has(next)) continue;
    seen.add(next);
    const group = liveGroups.get(next);
    if (group === undefined) continue;
    out.push(group);
    queue.push(...group.identity.memberOf);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Reading grants from entitlements

/** Where a binding grants: the whole cluster, or one namespace; `null` when `via` says neither. */
type BindingPlace = { kind: 'cluster' } | { kind: 'namespace'; namespace: string } | null;

/** One resource of a statement, read back from its normalised string. */
interface RuleResource {
  /** The namespace a RoleBinding confines it to; `null` for every namespace and the cluster's own objects. */
  namespace: string | null;
  group: string;
  resource: string;
  subresource: string | null;
  /** The one object it names (resourceNames), or `null` for all. */
  name: string | null;
  /** The string as the statement wrote it. */
  text: string;
}

/** One statement of a binding, with what it takes to name it in evidence. */
interface Grant {
  /** `RoleBinding ci/deployer-edit`, `ClusterRoleBinding ci-deployer-admin`. */
  binding: string;
  /** `ClusterRole edit`, `Role ci/ci-runner`. */
  role: string;
  /** The group the grant is held through, or `null` when it is the actor's own. */
  through: string | null;
  actions: readonly string[];
  resources: readonly RuleResource[];
}

/** A role bound to the actor, for the techniques that rewrite it. */
interface HeldRole {
  binding: string;
  role: string;
  through: string | null;
  kind: 'ClusterRole' | 'Role';
  name: string;
  /** The RoleBinding's namespace; `null` for a ClusterRoleBinding. */
  namespace: string | null;
}

interface Holdings {
  grants: readonly Grant[];
  roles: readonly HeldRole[];
}

/**
 * Subresource names of the Kubernetes API and of the kubelet's authorization (`nodes/proxy`,
 * `nodes/metrics`). Used to read `<group>/<resource>/<x>`, which is either a subresource or a
 * resource name, when the role's own document cannot tell.
 */
const KNOWN_SUBRESOURCES: ReadonlySet<string> = new Set([
  'approval',
  'attach',
  'binding',
  'checkpoint',
  'configz',
  'ephemeralcontainers',
  'eviction',
  'exec',
  'finalize',
  'healthz',
  'log',
  'metrics',
  'pods',
  'portforward',
  'proxy',
  'resize',
  'scale',
  'spec',
  'stats',
  'status',
  'token',
]);

/** Reads an identity's bindings as grants, caching what each shared policy's document says. */
class GrantReader {
  private readonly subresources = new Map<string, ReadonlySet<string> | null>();

  constructor(private readonly policies: ReadonlyMap<string, Policy>) {}

  holdings(identity: Identity, through: string | null): Holdings {
    const grants: Grant[] = [];
    const roles: HeldRole[] = [];
    for (const entitlement of identity.entitlements) {
      if (!isRbacEntitlement(entitlement)) continue;
      const place = bindingPlace(entitlement.via);
      const policy = entitlement.policyId === null ? undefined : this.policies.get(entitlement.policyId);
      const binding = bindingLabel(entitlement);
      const role = roleLabel(entitlement, place, policy);
      const subresources = this.subresourcesOf(policy);
      for (const statement of bindingStatements(entitlement, policy, place)) {
        if (!isPlainAllow(statement)) continue;
        const resources = statement.resources.flatMap((text) => parseResource(text, subresources) ?? []);
        if (resources.length > 0) grants.push({ binding, role, through, actions: statement.actions, resources });
      }
      if (place !== null) {
        roles.push({
          binding,
          role,
          through,
          kind: entitlement.type === 'k8s-role' ? 'Role' : 'ClusterRole',
          name: entitlement.name,
          namespace: place.kind === 'namespace' ? place.namespace : null,
        });
      }
    }
    return { grants, roles };
  }

  /** The subresources (`pods/exec`) the role's document lists, or `null` when it cannot be read. */
  private subresourcesOf(policy: Policy | undefined): ReadonlySet<string> | null {
    if (policy === undefined) return null;
    const cached = this.subresources.get(policy.id);
    if (cached !== undefined) return cached;
    const found = documentSubresources(policy.document);
    this.subresources.set(policy.id, found);
    return found;
  }
}

function isRbacEntitlement(entitlement: Entitlement): boolean {
  return entitlement.type === 'k8s-role' || entitlement.type === 'k8s-cluster-role';
}

/** An unconditional allow with no NotAction/NotResource: the only form RBAC produces. */
function isPlainAllow(statement: Statement): boolean {
  return (
    statement.effect === 'allow' &&
    !statement.conditional &&
    (statement.notActions ?? []).length === 0 &&
    (statement.notResources ?? []).length === 0
  );
}

/** `allow *` on `*`: every verb on every resource, cluster-wide. */
function grantsEverything(statement: Statement): boolean {
  return isPlainAllow(statement) && statement.actions.includes('*') && statement.resources.includes('*');
}

function bindingPlace(via: string | null): BindingPlace {
  if (via === null) return null;
  const roleBinding = /^RoleBinding ([^/\s]+)\/\S+$/.exec(via);
  if (roleBinding?.[1] !== undefined) return { kind: 'namespace', namespace: roleBinding[1] };
  return /^ClusterRoleBinding \S+$/.test(via) ? { kind: 'cluster' } : null;
}

function bindingLabel(entitlement: Entitlement): string {
  return entitlement.via ?? `entitlement ${entitlement.name}`;
}

function roleLabel(entitlement: Entitlement, place: BindingPlace, policy: Policy | undefined): string {
  if (entitlement.type === 'k8s-cluster-role') return `ClusterRole ${entitlement.name}`;
  if (policy !== undefined) return `Role ${policy.name}`;
  return place?.kind === 'namespace' ? `Role ${place.namespace}/${entitlement.name}` : `Role ${entitlement.name}`;
}

/**
 * A binding's statements in its scope. The importer writes them on the entitlement; when an
 * entitlement carries none but its shared policy does, the policy's are scoped as the importer
 * would: a Role's already name its namespace, a ClusterRole's get `namespaces/<ns>/` under a
 * RoleBinding (non-resource URLs dropped). A binding of unknown kind gets nothing rather than a guess.
 */
function bindingStatements(entitlement: Entitlement, policy: Policy | undefined, place: BindingPlace): Statement[] {
  if (entitlement.statements.length > 0 || policy === undefined) return entitlement.statements;
  if (entitlement.type === 'k8s-role' || place?.kind === 'cluster') return policy.statements;
  if (place?.kind !== 'namespace') return [];
  const prefix = `namespaces/${place.namespace}/`;
  return policy.statements.flatMap((statement) => {
    const resources = statement.resources
      .filter((r) => !r.startsWith('url:'))
      .map((r) => (r.startsWith('namespaces/') ? r : `${prefix}${r}`));
    return resources.length === 0 ? [] : [{ ...statement, resources }];
  });
}

/**
 * A statement's resource string read back: `*`, `namespaces/<ns>/*`, and
 * `[namespaces/<ns>/]<group>/<resource>[/<subresource>][/<name>]`. Three parts are ambiguous
 * (`core/pods/exec` is the subresource, or the pod named `exec`): the role's document decides
 * when it lists its subresources, else the known subresource names do. `null` for non-resource URLs.
 */
function parseResource(text: string, subresources: ReadonlySet<string> | null): RuleResource | null {
  if (text.startsWith('url:')) return null;
  if (text === '*') return { namespace: null, group: '*', resource: '*', subresource: null, name: null, text };
  let parts = text.split('/');
  let namespace: string | null = null;
  if (parts[0] === 'namespaces' && parts.length >= 3) {
    namespace = parts[1] ?? '';
    parts = parts.slice(2);
    if (parts.length === 1 && parts[0] === '*') {
      return { namespace, group: '*', resource: '*', subresource: null, name: null, text };
    }
  }
  const [group = '', resource = '', third = '', fourth = ''] = parts;
  if (group === '' || resource === '' || parts.some((p) => p === '')) return null;
  const base = { namespace, group, resource, text };
  if (parts.length === 2) return { ...base, subresource: null, name: null };
  if (parts.length === 4) return { ...base, subresource: third, name: fourth };
  if (parts.length !== 3) return null;
  const isSubresource =
    subresources === null ? KNOWN_SUBRESOURCES.has(third) : subresources.has(`${resource}/${third}`);
  return isSubresource ? { ...base, subresource: third, name: null } : { ...base, subresource: null, name: third };
}

/** The `resource/subresource` entries of a Role or ClusterRole document's rules; `null` when there are no rules to read. */
function documentSubresources(document: string): ReadonlySet<string> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    return null;
  }
  if (!isRecord(parsed) || !Array.isArray(parsed.rules) || parsed.rules.length === 0) return null;
  const out = new Set<string>();
  for (const rule of parsed.rules) {
    if (!isRecord(rule) || !Array.isArray(rule.resources)) continue;
    for (const resource of rule.resources)
      if (typeof resource === 'string' && resource.includes('/')) out.add(resource);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Authorization: does a grant cover a request?

const ANY = Symbol('any');
type Any = typeof ANY;

/** A request, as RBAC's authorizer sees it. */
interface Query {
  verb: string;
  /** The namespace; `null` for a cluster-scoped object; `ANY` for some namespace. */
  namespace: string | null | Any;
  group: string;
  resource: string;
  subresource: string | null;
  /** The object's name; `null` when the request names none (create, an unrestricted list); `ANY` for some name. */
  name: string | null | Any;
}

interface Match {
  query: Query;
  grant: Grant;
  resource: RuleResource;
}

/** Every grant that allows the request, each with the first of its resources that covers it. */
function matches(grants: readonly Grant[], query: Query): Match[] {
  const out: Match[] = [];
  for (const grant of grants) {
    if (!grant.actions.includes('*') && !grant.actions.includes(query.verb)) continue;
    const resource = grant.resources.find((r) => covers(r, query));
    if (resource !== undefined) out.push({ query, grant, resource });
  }
  return out;
}

/** RBAC's rule matching (`rbac/v1` ResourceMatches): `*`, an exact resource, or `*`/subresource. */
function covers(rule: RuleResource, query: Query): boolean {
  if (rule.namespace !== null && query.namespace !== ANY && query.namespace !== rule.namespace) return false;
  if (rule.group !== '*' && rule.group !== query.group) return false;
  const resource =
    (rule.resource === '*' && rule.subresource === null) ||
    (rule.resource === query.resource && rule.subresource === query.subresource) ||
    (rule.resource === '*' && rule.subresource !== null && rule.subresource === query.subresource);
  if (!resource) return false;
  return rule.name === null || query.name === ANY || rule.name === query.name;
}

/** Evidence lines for every grant that allows the request. */
function granted(grants: readonly Grant[], query: Query): string[] {
  return matches(grants, query).map(describeMatch);
}

/** `RoleBinding ci/x grants create on pods in namespace ci (ClusterRole edit: create, delete on namespaces/ci/core/pods)` */
function describeMatch({ query, grant, resource }: Match): string {
  const through = grant.through === null ? '' : `, held through group ${grant.through}`;
  return `${grant.binding} grants ${query.verb} on ${describeQuery(query)} (${grant.role}: ${grant.actions.join(', ')} on ${resource.text}${through})`;
}

function describeQuery(query: Query): string {
  const group = query.group === 'core' ? '' : `${query.group}/`;
  const subresource = query.subresource === null ? '' : `/${query.subresource}`;
  const name = typeof query.name === 'string' ? ` "${query.name}"` : '';
  const where =
    query.namespace === null ? '' : query.namespace === ANY ? ' in some namespace' : ` in namespace ${query.namespace}`;
  return `${group}${query.resource}${subresource}${name}${where}`;
}

function query(
  verb: string,
  namespace: Query['namespace'],
  group: string,
  resource: string,
  subresource: string | null,
  name: Query['name'],
): Query {
  return { verb, namespace, group, resource, subresource, name };
}

// ---------------------------------------------------------------------------------------
// Techniques

/** An edge before it has its actor. */
interface Finding {
  to: RbacTarget;
  technique: TechniqueId;
  evidence: string[];
  assumptions: string[];
}

const NO_ADMISSION = 'a pod can be created with any service account of the namespace (no admission policy is known)';

/**
 * The findings of one actor's holdings, without edges back to itself. `combined` keeps to the
 * techniques that need two grants at once (creating a token secret and reading it, impersonating
 * a group with a user, bind with a binding write, escalate with an update): any other edge rests
 * on one grant, so on one source.
 */
function findingsFor(actorId: string, holdings: Holdings, view: ClusterView, combined = false): Finding[] {
  const single = combined
    ? []
    : [
        ...createPodFindings(holdings.grants, view),
        ...execFindings(holdings.grants, view),
        ...tokenSecretFindings(holdings.grants, view),
        ...tokenRequestFindings(holdings.grants, view),
        ...nodeProxyFindings(holdings.grants, view),
        ...webhookFindings(holdings.grants, view),
      ];
  const findings = [
    ...single,
    ...tokenSecretCreationFindings(holdings.grants, view),
    ...impersonationFindings(holdings.grants, view),
    ...bindFindings(holdings.grants, view),
    ...escalateFindings(holdings, view),
  ];
  return findings.filter((f) => f.to.kind !== 'identity' || f.to.id !== actorId);
}

/**
 * The namespaces (with their service accounts) that the grants can touch at all: every one when
 * a grant is cluster-wide, else those the RoleBindings name. Saves asking about the others.
 */
function reachableNamespaces(
  grants: readonly Grant[],
  view: ClusterView,
): Iterable<[string, readonly ServiceAccountTarget[]]> {
  const named = new Set<string>();
  for (const grant of grants) {
    for (const resource of grant.resources) {
      if (resource.namespace === null) return view.byNamespace;
      named.add(resource.namespace);
    }
  }
  return [...view.byNamespace].filter(([namespace]) => named.has(namespace));
}

/** The live service accounts of the namespaces the grants can touch. */
function reachableAccounts(grants: readonly Grant[], view: ClusterView): readonly ServiceAccountTarget[] {
  const namespaces = [...reachableNamespaces(grants, view)];
  return namespaces.length === view.byNamespace.size
    ? view.serviceAccounts
    : namespaces.flatMap(([, accounts]) => accounts).sort((a, b) => compare(a.id, b.id));
}

/** Resources whose creation makes a pod, pods first. */
const POD_MAKERS: ReadonlyArray<readonly [group: string, resource: string]> = [
  ['core', 'pods'],
  ['apps', 'deployments'],
  ['apps', 'daemonsets'],
  ['apps', 'statefulsets'],
  ['apps', 'replicasets'],
  ['batch', 'jobs'],
  ['batch', 'cronjobs'],
  ['core', 'replicationcontrollers'],
];

function createPodFindings(grants: readonly Grant[], view: ClusterView): Finding[] {
  const out: Finding[] = [];
  for (const [namespace, accounts] of reachableNamespaces(grants, view)) {
    let pods = false;
    const evidence: string[] = [];
    for (const [group, resource] of POD_MAKERS) {
      // A create request names no object, so a rule restricted by resourceNames never allows it.
      const lines = granted(grants, query('create', namespace, group, resource, null, null));
      if (resource === 'pods' && lines.length > 0) pods = true;
      evidence.push(...lines);
    }
    if (evidence.length === 0) continue;
    for (const account of accounts) {
      const assumptions = [NO_ADMISSION];
      if (!pods) {
        assumptions.push(
          'the controller creates the pods from the template, with the service account it names (the actor needs no right on pods)',
        );
      }
      if (account.automount === false) {
        assumptions.push(
          `service account ${account.namespace}/${account.name} sets automountServiceAccountToken: false, which the pod overrides by setting it to true`,
        );
      }
      out.push({ to: toIdentity(account.id), technique: 'create-pod-with-service-account', evidence, assumptions });
    }
  }
  return out;
}

function execFindings(grants: readonly Grant[], view: ClusterView): Finding[] {
  const out: Finding[] = [];
  for (const [namespace, accounts] of reachableNamespaces(grants, view)) {
    // Named pods are left out: which service account a named pod runs as is not in the inventory.
    const line = (verb: string, subresource: string) =>
      granted(grants, query(verb, namespace, 'core', 'pods', subresource, null));
    // create is what the API asks; get only where a WebSocket upgrade is still authorised as get.
    const created = { exec: line('create', 'exec'), attach: line('create', 'attach') };
    const byCreate = created.exec.length > 0 || created.attach.length > 0;
    const exec = byCreate ? created.exec : line('get', 'exec');
    const attach = byCreate ? created.attach : line('get', 'attach');
    if (exec.length === 0 && attach.length === 0) continue;
    for (const account of accounts) {
      const assumptions = [
        `a pod that runs as ${account.namespace}/${account.name} with its token mounted exists in namespace ${namespace} (Vigil does not know the pods)`,
      ];
      if (!byCreate) {
        assumptions.push(
          'get is enough only where the API server authorises a WebSocket exec or attach as get (older clusters); newer ones need create',
        );
      }
      if (exec.length === 0) assumptions.push('attach reaches a container only when it was started with stdin open');
      if (account.automount === false) {
        assumptions.push(
          `service account ${account.namespace}/${account.name} sets automountServiceAccountToken: false, so only its pods that set it back to true have the token`,
        );
      }
      out.push({ to: toIdentity(account.id), technique: 'exec-into-pod', evidence: [...exec, ...attach], assumptions });
    }
  }
  return out;
}

function tokenSecretFindings(grants: readonly Grant[], view: ClusterView): Finding[] {
  const out: Finding[] = [];
  const readers = ['get', 'list', 'watch'];
  if (readers.every((verb) => matches(grants, query(verb, ANY, 'core', 'secrets', null, ANY)).length === 0)) return out;
  for (const account of reachableAccounts(grants, view)) {
    const evidence: string[] = [];
    for (const credential of account.tokens) {
      const [namespace, secret] = splitOnce(credential, '/');
      const lines = readers.flatMap((verb) => granted(grants, query(verb, namespace, 'core', 'secrets', null, secret)));
      if (lines.length === 0) continue;
      evidence.push(
        ...lines,
        `secret ${credential} is a legacy token of service account ${account.namespace}/${account.name}, which never expires`,
      );
    }
    if (evidence.length > 0) {
      out.push({
        to: toIdentity(account.id),
        technique: 'read-service-account-token-secret',
        evidence,
        assumptions: ['the token secret still holds a token Kubernetes accepts, as it did at the export'],
      });
    }
  }
  return out;
}

function tokenSecretCreationFindings(grants: readonly Grant[], view: ClusterView): Finding[] {
  const out: Finding[] = [];
  for (const [namespace, accounts] of reachableNamespaces(grants, view)) {
    // create names no object; the actor names the new secret, so a read restricted to a name suffices.
    const create = granted(grants, query('create', namespace, 'core', 'secrets', null, null));
    if (create.length === 0) continue;
    const read = ['get', 'list', 'watch'].flatMap((verb) =>
      granted(grants, query(verb, namespace, 'core', 'secrets', null, ANY)),
    );
    if (read.length === 0) continue;
    const evidence = [
      ...create,
      ...read,
      `a secret of type kubernetes.io/service-account-token created in ${namespace} with the annotation kubernetes.io/service-account.name is filled with a token for that account`,
    ];
    const assumptions = [
      'the token controller fills in token secrets created by hand (it does, unless an admission policy forbids creating them)',
    ];
    for (const account of accounts) {
      out.push({ to: toIdentity(account.id), technique: 'create-token-secret', evidence, assumptions });
    }
  }
  return out;
}

function tokenRequestFindings(grants: readonly Grant[], view: ClusterView): Finding[] {
  if (matches(grants, query('create', ANY, 'core', 'serviceaccounts', 'token', ANY)).length === 0) return [];
  return reachableAccounts(grants, view).flatMap((account): Finding[] => {
    const evidence = granted(
      grants,
      query('create', account.namespace, 'core', 'serviceaccounts', 'token', account.name),
    );
    return evidence.length === 0
      ? []
      : [{ to: toIdentity(account.id), technique: 'create-service-account-token', evidence, assumptions: [] }];
  });
}

function impersonationFindings(grants: readonly Grant[], view: ClusterView): Finding[] {
  const impersonate = (namespace: Query['namespace'], resource: string, name: Query['name']) =>
    granted(grants, query('impersonate', namespace, 'core', resource, null, name));
  const out: Finding[] = [];
  const anyUser = impersonate(null, 'users', ANY);
  if (anyUser.length > 0) {
    for (const user of view.users) {
      const evidence = impersonate(null, 'users', user.name);
      if (evidence.length > 0)
        out.push({ to: toIdentity(user.id), technique: 'impersonate-user', evidence, assumptions: [] });
    }
  }
  const anyAccount = impersonate(ANY, 'serviceaccounts', ANY);
  if (anyAccount.length > 0) {
    for (const account of reachableAccounts(grants, view)) {
      const evidence = impersonate(account.namespace, 'serviceaccounts', account.name);
      if (evidence.length > 0) {
        out.push({ to: toIdentity(account.id), technique: 'impersonate-service-account', evidence, assumptions: [] });
      }
    }
  }
  // The API server refuses Impersonate-Group without Impersonate-User: a group needs a user too.
  const asSomeone = [...anyUser, ...anyAccount];
  if (asSomeone.length === 0) return out;
  const withUser = 'impersonating groups needs a user impersonated with them, which the actor can do';
  for (const group of view.groups) {
    const lines = impersonate(null, 'groups', group.name);
    if (lines.length > 0) {
      out.push({
        to: toIdentity(group.id),
        technique: 'impersonate-group',
        evidence: [...lines, ...asSomeone, withUser],
        assumptions: [],
      });
    }
  }
  const masters = impersonate(null, 'groups', SYSTEM_MASTERS);
  if (masters.length > 0) {
    out.push({
      to: { kind: 'cluster-admin', cluster: view.cluster },
      technique: 'impersonate-group',
      evidence: [
        ...masters,
        ...asSomeone,
        withUser,
        `requests as a member of ${SYSTEM_MASTERS} skip authorization altogether`,
      ],
      assumptions: [],
    });
  }
  return out;
}

/** Lines for create, update or patch on a binding resource, unrestricted by name. */
function writeBindings(grants: readonly Grant[], namespace: string | null, resource: string): string[] {
  return ['create', 'update', 'patch'].flatMap((verb) =>
    granted(grants, query(verb, namespace, RBAC_GROUP, resource, null, null)),
  );
}

function bindFindings(grants: readonly Grant[], view: ClusterView): Finding[] {
  const out: Finding[] = [];
  const builtin = (role: string) =>
    role === CLUSTER_ADMIN && !view.hasClusterAdminPolicy
      ? ['the built-in ClusterRole cluster-admin exists (every cluster has it)']
      : [];
  const clusterWrite = writeBindings(grants, null, 'clusterrolebindings');
  if (clusterWrite.length > 0) {
    for (const role of view.adminClusterRoles) {
      const bind = granted(grants, query('bind', null, RBAC_GROUP, 'clusterroles', null, role));
      if (bind.length === 0) continue;
      out.push({
        to: { kind: 'cluster-admin', cluster: view.cluster },
        technique: 'rbac-bind-role',
        evidence: [
          ...bind,
          ...clusterWrite,
          `a ClusterRoleBinding of ClusterRole ${role} to itself grants * on * cluster-wide`,
        ],
        assumptions: builtin(role),
      });
      break;
    }
  }
  for (const [namespace, accounts] of reachableNamespaces(grants, view)) {
    const write = writeBindings(grants, namespace, 'rolebindings');
    if (write.length === 0) continue;
    const bindable = [
      ...view.adminClusterRoles.map((name) => ({ kind: 'ClusterRole', resource: 'clusterroles', name })),
      ...(view.adminRoles.get(namespace) ?? []).map((name) => ({ kind: 'Role', resource: 'roles', name })),
    ];
    for (const role of bindable) {
      const bind = granted(grants, query('bind', namespace, RBAC_GROUP, role.resource, null, role.name));
      if (bind.length === 0) continue;
      const label = role.kind === 'Role' ? `Role ${namespace}/${role.name}` : `ClusterRole ${role.name}`;
      const evidence = [
        ...bind,
        ...write,
        `within namespace ${namespace} only: a RoleBinding of ${label} to itself grants every right in ${namespace}, so it can run a pod as any service account of it`,
      ];
      const assumptions = [NO_ADMISSION, ...(role.kind === 'ClusterRole' ? builtin(role.name) : [])];
      for (const account of accounts) {
        out.push({ to: toIdentity(account.id), technique: 'rbac-bind-role', evidence, assumptions });
      }
      break;
    }
  }
  return out;
}

function escalateFindings(holdings: Holdings, view: ClusterView): Finding[] {
  const out: Finding[] = [];
  for (const held of holdings.roles) {
    // A ClusterRole is a cluster-scoped object even when a RoleBinding binds it; a Role lives in its namespace.
    const namespace = held.kind === 'Role' ? held.namespace : null;
    if (held.kind === 'Role' && namespace === null) continue;
    const resource = held.kind === 'Role' ? 'roles' : 'clusterroles';
    const escalate = granted(holdings.grants, query('escalate', namespace, RBAC_GROUP, resource, null, held.name));
    const update = ['update', 'patch'].flatMap((verb) =>
      granted(holdings.grants, query(verb, namespace, RBAC_GROUP, resource, null, held.name)),
    );
    if (escalate.length === 0 || update.length === 0) continue;
    const bound = `${held.binding} binds ${held.role} to it${held.through === null ? '' : ` (through group ${held.through})`}`;
    if (held.namespace === null) {
      out.push({
        to: { kind: 'cluster-admin', cluster: view.cluster },
        technique: 'rbac-escalate-role',
        evidence: [...escalate, ...update, bound, `adding * on * to ${held.role} gives it every right cluster-wide`],
        assumptions: [],
      });
      continue;
    }
    const evidence = [
      ...escalate,
      ...update,
      bound,
      `within namespace ${held.namespace} only: adding * on * to ${held.role} gives it every right in ${held.namespace}, so it can run a pod as any service account of it`,
    ];
    for (const account of view.byNamespace.get(held.namespace) ?? []) {
      out.push({ to: toIdentity(account.id), technique: 'rbac-escalate-role', evidence, assumptions: [NO_ADMISSION] });
    }
  }
  return out;
}

function nodeProxyFindings(grants: readonly Grant[], view: ClusterView): Finding[] {
  // Named nodes are left out: what runs on a given node is not in the inventory.
  const create = granted(grants, query('create', null, 'core', 'nodes', 'proxy', null));
  const get = granted(grants, query('get', null, 'core', 'nodes', 'proxy', null));
  if (create.length === 0 && get.length === 0) return [];
  const assumptions =
    create.length > 0
      ? ['the kubelets authorise their API through the API server (webhook mode, the default)']
      : [
          'the kubelets authorise their API through the API server (webhook mode, the default)',
          'with get alone, the actor reaches a kubelet (port 10250) directly: the kubelet authorises a WebSocket exec as get on nodes/proxy',
        ];
  return [
    {
      to: { kind: 'cluster-admin', cluster: view.cluster },
      technique: 'node-proxy',
      evidence: [
        ...create,
        ...get,
        'the kubelet API behind nodes/proxy (/exec, /run) runs commands in any pod of every node, and so with every service account and host mount of the cluster',
      ],
      assumptions,
    },
  ];
}

const WEBHOOKS: ReadonlyArray<{ resource: string; effect: string }> = [
  {
    resource: 'mutatingwebhookconfigurations',
    effect:
      'a mutating admission webhook can rewrite every object the cluster admits: a pod’s service account, its containers, a RoleBinding’s subjects',
  },
  {
    resource: 'validatingwebhookconfigurations',
    effect:
      'a validating admission webhook receives every object written to the cluster that it asks for, Secrets with their values included',
  },
];

function webhookFindings(grants: readonly Grant[], view: ClusterView): Finding[] {
  const evidence: string[] = [];
  const assumptions = ['the actor can run a webhook server the API server reaches (in a pod, or outside the cluster)'];
  for (const { resource, effect } of WEBHOOKS) {
    // create cannot be restricted by name; update and patch of a named configuration rewrite that one.
    const create = granted(grants, query('create', null, ADMISSION_GROUP, resource, null, null));
    const update = ['update', 'patch'].flatMap((verb) =>
      matches(grants, query(verb, null, ADMISSION_GROUP, resource, null, ANY)),
    );
    if (create.length === 0 && update.length === 0) continue;
    evidence.push(...create, ...update.map(describeMatch), effect);
    for (const { resource: named } of update) {
      if (named.name !== null) {
        assumptions.push(
          `the ${resource} object "${named.name}" exists; rewriting its rules makes it intercept every request`,
        );
      }
    }
  }
  if (evidence.length === 0) return [];
  return [
    { to: { kind: 'cluster-admin', cluster: view.cluster }, technique: 'admission-webhook', evidence, assumptions },
  ];
}

/** One cluster's actors as {@link rbacEscalations} works through them. */
interface ClusterRun {
  view: ClusterView;
  /** Live groups by id. */
  liveGroups: Map<string, Member>;
  /** Each actor's own holdings. */
  holdings: Map<string, Holdings>;
  /** Each live group's holdings as its members hold them (`through` the group). */
  asGroup: Map<string, Holdings>;
  /** Each actor's findings from its own holdings, by target and technique. */
  own: Map<string, Map<string, Finding>>;
}

/**
 * Edges that need grants held in more than one place: the actor's own and its groups', or
 * several groups'. An edge the actor has on its own, or that one group has alone (and reaches
 * the actor through member-of), is not repeated.
 */
function combinedFindings(actor: Member, run: ClusterRun): Finding[] {
  const groups = groupsOf(actor, run.liveGroups);
  if (groups.length === 0) return [];
  const mine = run.holdings.get(actor.identity.id) ?? { grants: [], roles: [] };
  const sources = [mine, ...groups.map((g) => run.asGroup.get(g.identity.id) ?? { grants: [], roles: [] })].filter(
    (h) => h.grants.length > 0 || h.roles.length > 0,
  );
  // With one source of grants, every edge is that source's own.
  if (sources.length < 2) return [];
  const combined: Holdings = {
    grants: sources.flatMap((h) => h.grants),
    roles: sources.flatMap((h) => h.roles),
  };
  const alone = [actor, ...groups].map((m) => run.own.get(m.identity.id));
  return findingsFor(actor.identity.id, combined, run.view, true).filter((f) => {
    const key = findingKey(f);
    return !alone.some((findings) => findings?.has(key));
  });
}

// ---------------------------------------------------------------------------------------
// Edges

function toIdentity(id: string): RbacTarget {
  return { kind: 'identity', id };
}

function targetKey(target: RbacTarget): string {
  return target.kind === 'cluster-admin' ? `cluster-admin:${target.cluster}` : `identity:${target.id}`;
}

function findingKey(finding: Finding): string {
  return `${targetKey(finding.to)}\n${finding.technique}`;
}

function keyed(findings: readonly Finding[]): Map<string, Finding> {
  const out = new Map<string, Finding>();
  for (const finding of findings) {
    const key = findingKey(finding);
    const existing = out.get(key);
    out.set(key, existing === undefined ? finding : mergeFinding(existing, finding));
  }
  return out;
}

function mergeFinding(a: Finding, b: Finding): Finding {
  return {
    ...a,
    evidence: unique([...a.evidence, ...b.evidence]),
    assumptions: unique([...a.assumptions, ...b.assumptions]),
  };
}

function addEdge(edges: Map<string, RbacEdge>, from: string, finding: Finding): void {
  const key = `${from}\n${findingKey(finding)}`;
  const existing = edges.get(key);
  if (existing === undefined) {
    edges.set(key, {
      from,
      to: finding.to,
      technique: finding.technique,
      evidence: unique(finding.evidence),
      assumptions: unique(finding.assumptions),
    });
    return;
  }
  existing.evidence = unique([...existing.evidence, ...finding.evidence]);
  existing.assumptions = unique([...existing.assumptions, ...finding.assumptions]);
}

const TECHNIQUE_ORDER = new Map(K8S_TECHNIQUES.map((t, i) => [t.id, i]));

function compareEdges(a: RbacEdge, b: RbacEdge): number {
  return (
    compare(a.from, b.from) ||
    compare(targetKey(a.to), targetKey(b.to)) ||
    (TECHNIQUE_ORDER.get(a.technique) ?? 0) - (TECHNIQUE_ORDER.get(b.technique) ?? 0)
  );
}

// ---------------------------------------------------------------------------------------
// Helpers

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + separator.length)];
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
