import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// Test only: the importer turns the example into the inventory these functions read.
import { kubernetesImporter } from '../../adapters/importers/kubernetes/kubernetes-importer.js';
import type { Credential, Entitlement, Identity, IdentityRecord, Policy, Statement } from '../inventory/identity.js';
import { clusterAdminEquivalence, K8S_TECHNIQUES, type RbacEdge, rbacEscalations } from './rbac.js';

// ---------------------------------------------------------------------------------------
// Builders, in the shapes the Kubernetes importer writes (docs/importers/kubernetes.md)

const CLUSTER = 'test';

function makeIdentity(local: string, kind: Identity['kind'], name: string, extra: Partial<Identity>): Identity {
  const cluster = extra.systemOfRecord?.slice('kubernetes:'.length) ?? CLUSTER;
  return {
    id: `kubernetes:${cluster}/${local}`,
    provider: 'kubernetes',
    externalId: `${cluster}/${local}`,
    kind,
    name,
    owner: null,
    systemOfRecord: `kubernetes:${cluster}`,
    status: 'active',
    createdAt: null,
    lastUsedAt: null,
    expiresAt: null,
    usageTracked: false,
    mfaEnabled: null,
    credentials: [],
    entitlements: [],
    memberOf: [],
    tags: {},
    attributes: {},
    firstSeenAt: '2026-01-01T00:00:00.000Z',
    lastSeenAt: '2026-01-01T00:00:00.000Z',
    deletedAt: null,
    importId: 'import-1',
    origin: `k8s:${cluster}`,
    ...extra,
  };
}

function serviceAccount(namespace: string, name: string, extra: Partial<Identity> = {}): Identity {
  const username = `system:serviceaccount:${namespace}:${name}`;
  return makeIdentity(username, 'service-account', `${namespace}/${name}`, {
    ...extra,
    attributes: { namespace, username, ...extra.attributes },
  });
}

function user(name: string, extra: Partial<Identity> = {}): Identity {
  return makeIdentity(`user:${name}`, 'human', name, { ...extra, attributes: { username: name } });
}

function group(name: string, extra: Partial<Identity> = {}): Identity {
  return makeIdentity(`group:${name}`, 'group', name, { ...extra, attributes: { group: name } });
}

function allow(actions: string[], resources: string[]): Statement {
  return { effect: 'allow', actions, resources, conditional: false };
}

/** A ClusterRoleBinding of a ClusterRole: statements cluster-wide. */
function clusterRoleBinding(binding: string, role: string, statements: Statement[]): Entitlement {
  return {
    type: 'k8s-cluster-role',
    name: role,
    via: `ClusterRoleBinding ${binding}`,
    policyId: `kubernetes:${CLUSTER}/clusterrole:${role}`,
    document: null,
    statements,
  };
}

/** A RoleBinding of a ClusterRole or a Role: statements prefixed `namespaces/<ns>/`. */
function roleBinding(
  namespace: string,
  binding: string,
  role: string,
  statements: Statement[],
  kind: 'ClusterRole' | 'Role' = 'ClusterRole',
): Entitlement {
  return {
    type: kind === 'Role' ? 'k8s-role' : 'k8s-cluster-role',
    name: role,
    via: `RoleBinding ${namespace}/${binding}`,
    policyId:
      kind === 'Role' ? `kubernetes:${CLUSTER}/role:${namespace}/${role}` : `kubernetes:${CLUSTER}/clusterrole:${role}`,
    document: null,
    statements,
  };
}

function tokenSecret(namespace: string, secret: string, status: Credential['status'] = 'active'): Credential {
  return {
    id: `${namespace}/${secret}`,
    type: 'token',
    status,
    createdAt: null,
    lastUsedAt: null,
    lastRotatedAt: null,
    expiresAt: null,
    fingerprint: `uid-${secret}`,
  };
}

function clusterRolePolicy(name: string, statements: Statement[], rules: unknown[] = []): Policy {
  return {
    id: `kubernetes:${CLUSTER}/clusterrole:${name}`,
    provider: 'kubernetes',
    externalId: `${CLUSTER}/clusterrole:${name}`,
    name,
    document: JSON.stringify({ kind: 'ClusterRole', metadata: { name }, rules }),
    statements,
    versions: [],
    attributes: { kind: 'ClusterRole' },
  };
}

function rolePolicy(namespace: string, name: string, statements: Statement[], rules: unknown[] = []): Policy {
  return {
    ...clusterRolePolicy(name, statements, rules),
    id: `kubernetes:${CLUSTER}/role:${namespace}/${name}`,
    externalId: `${CLUSTER}/role:${namespace}/${name}`,
    name: `${namespace}/${name}`,
    attributes: { kind: 'Role', namespace },
  };
}

/** The estate every case starts from: two namespaces, two users, a group. */
function estate(): Identity[] {
  return [
    serviceAccount('ci', 'deployer', { credentials: [tokenSecret('ci', 'deployer-token')] }),
    serviceAccount('ci', 'runner', { attributes: { automountServiceAccountToken: false } }),
    serviceAccount('data', 'etl'),
    user('alice@example.com'),
    user('bob@example.com'),
    group('team-platform'),
  ];
}

/** The edges of one actor (a user `mallory` with these bindings), in the estate. */
function edgesOf(
  entitlements: Entitlement[],
  options: { identities?: Identity[]; policies?: Policy[]; actor?: Identity } = {},
): RbacEdge[] {
  const actor = options.actor ?? user('mallory', { entitlements });
  const identities = [...(options.identities ?? estate()), actor];
  const policies = new Map((options.policies ?? []).map((p) => [p.id, p]));
  return rbacEscalations(identities, policies).filter((e) => e.from === actor.id);
}

/** `technique → target`, short, for compact assertions. */
function reach(edges: readonly RbacEdge[], technique?: string): string[] {
  return edges
    .filter((e) => technique === undefined || e.technique === technique)
    .map((e) => `${e.technique} → ${e.to.kind === 'cluster-admin' ? `cluster-admin:${e.to.cluster}` : short(e.to.id)}`);
}

function short(id: string): string {
  return id.replace(/^kubernetes:[^/]+\//, '').replace(/^system:serviceaccount:([^:]+):/, '$1/');
}

function edge(edges: readonly RbacEdge[], technique: string, target: string): RbacEdge {
  const found = edges.find(
    (e) =>
      e.technique === technique &&
      (e.to.kind === 'cluster-admin' ? `cluster-admin:${e.to.cluster}` : short(e.to.id)) === target,
  );
  if (found === undefined) throw new Error(`no ${technique} edge to ${target} in ${reach(edges).join('; ')}`);
  return found;
}

// ---------------------------------------------------------------------------------------

describe('K8S_TECHNIQUES', () => {
  it('lists each technique once, with a name and a description', () => {
    const ids = K8S_TECHNIQUES.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([
      'cluster-admin-equivalent',
      'create-pod-with-service-account',
      'exec-into-pod',
      'read-service-account-token-secret',
      'create-token-secret',
      'create-service-account-token',
      'impersonate-user',
      'impersonate-group',
      'impersonate-service-account',
      'rbac-bind-role',
      'rbac-escalate-role',
      'node-proxy',
      'admission-webhook',
    ]);
    for (const technique of K8S_TECHNIQUES) {
      expect(technique.name.length).toBeGreaterThan(0);
      expect(technique.description.length).toBeGreaterThan(20);
    }
  });
});

describe('clusterAdminEquivalence', () => {
  const none = new Map<string, Policy>();

  it('finds * on * granted cluster-wide, naming the binding and the role', () => {
    const admin = serviceAccount('ci', 'deployer', {
      entitlements: [clusterRoleBinding('ci-deployer-admin', 'cluster-admin', [allow(['*'], ['*'])])],
    });
    expect(clusterAdminEquivalence(admin, none)).toEqual({
      evidence: ['ClusterRoleBinding ci-deployer-admin grants * on * cluster-wide (ClusterRole cluster-admin: * on *)'],
    });
  });

  it('does not count * on * inside one namespace (a RoleBinding of cluster-admin)', () => {
    const nsAdmin = user('carol', {
      entitlements: [roleBinding('ci', 'carol-admin', 'cluster-admin', [allow(['*'], ['namespaces/ci/*'])])],
    });
    expect(clusterAdminEquivalence(nsAdmin, none)).toBeNull();
  });

  it('does not count every verb on some resources, or some verbs on every resource', () => {
    const broad = user('carol', {
      entitlements: [
        clusterRoleBinding('a', 'all-core', [allow(['*'], ['core/*', 'apps/*'])]),
        clusterRoleBinding('b', 'reader', [allow(['get', 'list', 'watch'], ['*'])]),
      ],
    });
    expect(clusterAdminEquivalence(broad, none)).toBeNull();
  });

  it('finds the group system:masters itself and its members', () => {
    const masters = group('system:masters');
    expect(clusterAdminEquivalence(masters, none)?.evidence).toEqual([
      'is the group system:masters, whose members the API server never asks RBAC about',
    ]);
    const member = user('root', { memberOf: [masters.id] });
    expect(clusterAdminEquivalence(member, none)?.evidence).toEqual([
      'is a member of group system:masters, whose members the API server never asks RBAC about',
    ]);
    // Another cluster's system:masters is not this cluster's.
    const elsewhere = user('root', { memberOf: ['kubernetes:other/group:system:masters'] });
    expect(clusterAdminEquivalence(elsewhere, none)).toBeNull();
  });

  it('reads the shared policy, scoped to the binding, when the entitlement carries no statements', () => {
    const policy = clusterRolePolicy('root', [allow(['*'], ['*'])]);
    const policies = new Map([[policy.id, policy]]);
    const clusterWide = user('carol', { entitlements: [clusterRoleBinding('root', 'root', [])] });
    expect(clusterAdminEquivalence(clusterWide, policies)?.evidence).toEqual([
      'ClusterRoleBinding root grants * on * cluster-wide (ClusterRole root: * on *)',
    ]);
    const inNamespace = user('carol', { entitlements: [roleBinding('ci', 'root', 'root', [])] });
    expect(clusterAdminEquivalence(inNamespace, policies)).toBeNull();
  });

  it('ignores identities of other providers', () => {
    const aws = { ...user('x'), provider: 'aws', id: 'aws:arn:aws:iam::1:user/x', externalId: 'arn:aws:iam::1:user/x' };
    expect(clusterAdminEquivalence(aws, none)).toBeNull();
  });

  it('is drawn as a cluster-admin-equivalent edge', () => {
    const edges = edgesOf([clusterRoleBinding('root', 'cluster-admin', [allow(['*'], ['*'])])]);
    expect(edge(edges, 'cluster-admin-equivalent', 'cluster-admin:test').evidence).toEqual([
      'ClusterRoleBinding root grants * on * cluster-wide (ClusterRole cluster-admin: * on *)',
    ]);
  });
});

describe('create-pod-with-service-account', () => {
  const technique = 'create-pod-with-service-account';

  it('reaches every service account of the namespace where pods can be created, saying which rule', () => {
    const edges = edgesOf([
      roleBinding('ci', 'mallory-edit', 'edit', [allow(['create'], ['namespaces/ci/core/pods'])]),
    ]);
    expect(reach(edges)).toEqual([`${technique} → ci/deployer`, `${technique} → ci/runner`]);
    const deployer = edge(edges, technique, 'ci/deployer');
    expect(deployer.evidence).toEqual([
      'RoleBinding ci/mallory-edit grants create on pods in namespace ci (ClusterRole edit: create on namespaces/ci/core/pods)',
    ]);
    expect(deployer.assumptions).toEqual([
      'a pod can be created with any service account of the namespace (no admission policy is known)',
    ]);
    // runner turns token automounting off; the pod can turn it back on.
    expect(edge(edges, technique, 'ci/runner').assumptions[1]).toMatch(/automountServiceAccountToken: false/);
  });

  it('reaches them through a workload controller, naming the resource and assuming the controller', () => {
    const edges = edgesOf([
      roleBinding('data', 'etl', 'etl', [allow(['*'], ['namespaces/data/batch/cronjobs'])], 'Role'),
    ]);
    const etl = edge(edges, technique, 'data/etl');
    expect(etl.evidence).toEqual([
      'RoleBinding data/etl grants create on batch/cronjobs in namespace data (Role data/etl: * on namespaces/data/batch/cronjobs)',
    ]);
    expect(etl.assumptions).toContain(
      'the controller creates the pods from the template, with the service account it names (the actor needs no right on pods)',
    );
  });

  it('stays in the namespace of a RoleBinding', () => {
    const edges = edgesOf([
      roleBinding('data', 'x', 'edit', [allow(['create'], ['namespaces/data/apps/deployments'])]),
    ]);
    expect(reach(edges)).toEqual([`${technique} → data/etl`]);
  });

  it('covers every namespace when a ClusterRoleBinding grants it', () => {
    const edges = edgesOf([clusterRoleBinding('x', 'pod-maker', [allow(['create'], ['core/pods'])])]);
    expect(reach(edges)).toEqual([`${technique} → ci/deployer`, `${technique} → ci/runner`, `${technique} → data/etl`]);
  });

  it('draws nothing from a create restricted by resourceNames (create names no object)', () => {
    const edges = edgesOf([
      roleBinding('ci', 'x', 'r', [allow(['create'], ['namespaces/ci/core/pods/web-0'])], 'Role'),
    ]);
    expect(edges).toEqual([]);
  });

  it('draws nothing from reading or changing pods without create', () => {
    const edges = edgesOf([
      roleBinding('ci', 'x', 'r', [allow(['get', 'list', 'watch', 'update', 'patch'], ['namespaces/ci/core/pods'])]),
    ]);
    expect(edges).toEqual([]);
  });

  it('draws nothing for a resource that makes no pod', () => {
    const edges = edgesOf([roleBinding('ci', 'x', 'r', [allow(['create'], ['namespaces/ci/core/configmaps'])])]);
    expect(edges).toEqual([]);
  });
});

describe('exec-into-pod', () => {
  const technique = 'exec-into-pod';

  it('reaches the namespace’s service accounts with create on pods/exec, assuming such a pod runs', () => {
    const edges = edgesOf([
      roleBinding('ci', 'debug', 'debugger', [allow(['create'], ['namespaces/ci/core/pods/exec'])], 'Role'),
    ]);
    expect(reach(edges)).toEqual([`${technique} → ci/deployer`, `${technique} → ci/runner`]);
    const deployer = edge(edges, technique, 'ci/deployer');
    expect(deployer.evidence).toEqual([
      'RoleBinding ci/debug grants create on pods/exec in namespace ci (Role ci/debugger: create on namespaces/ci/core/pods/exec)',
    ]);
    expect(deployer.assumptions).toEqual([
      'a pod that runs as ci/deployer with its token mounted exists in namespace ci (Vigil does not know the pods)',
    ]);
  });

  it('accepts get on pods/exec with the older-cluster assumption', () => {
    const edges = edgesOf([roleBinding('ci', 'x', 'r', [allow(['get'], ['namespaces/ci/core/pods/exec'])])]);
    expect(edge(edges, technique, 'ci/deployer').assumptions).toContain(
      'get is enough only where the API server authorises a WebSocket exec or attach as get (older clusters); newer ones need create',
    );
  });

  it('accepts pods/attach, assuming stdin is open', () => {
    const edges = edgesOf([roleBinding('ci', 'x', 'r', [allow(['create'], ['namespaces/ci/core/pods/attach'])])]);
    expect(edge(edges, technique, 'ci/deployer').assumptions).toContain(
      'attach reaches a container only when it was started with stdin open',
    );
  });

  it('draws nothing from get on pods without pods/exec', () => {
    const edges = edgesOf([roleBinding('ci', 'x', 'r', [allow(['get', 'list'], ['namespaces/ci/core/pods'])])]);
    expect(edges).toEqual([]);
  });

  it('stays in the namespace of a RoleBinding', () => {
    const edges = edgesOf([roleBinding('data', 'x', 'r', [allow(['create'], ['namespaces/data/core/pods/exec'])])]);
    expect(reach(edges)).toEqual([`${technique} → data/etl`]);
  });

  it('draws nothing from exec on named pods (which account they run as is unknown)', () => {
    const edges = edgesOf([roleBinding('ci', 'x', 'r', [allow(['create'], ['namespaces/ci/core/pods/exec/web-0'])])]);
    expect(edges).toEqual([]);
  });

  it('covers every namespace when a ClusterRoleBinding grants it, and a */exec rule too', () => {
    const edges = edgesOf([clusterRoleBinding('x', 'r', [allow(['create'], ['core/*/exec'])])]);
    expect(reach(edges)).toEqual([`${technique} → ci/deployer`, `${technique} → ci/runner`, `${technique} → data/etl`]);
  });
});

describe('read-service-account-token-secret', () => {
  const technique = 'read-service-account-token-secret';

  it('reaches the service account whose legacy token secret it can read, naming the secret', () => {
    const edges = edgesOf([
      roleBinding('ci', 'reader', 'secret-reader', [allow(['get'], ['namespaces/ci/core/secrets'])]),
    ]);
    // runner has no token secret: not reached.
    expect(reach(edges)).toEqual([`${technique} → ci/deployer`]);
    expect(edge(edges, technique, 'ci/deployer').evidence).toEqual([
      'RoleBinding ci/reader grants get on secrets "deployer-token" in namespace ci (ClusterRole secret-reader: get on namespaces/ci/core/secrets)',
      'secret ci/deployer-token is a legacy token of service account ci/deployer, which never expires',
    ]);
  });

  it('respects resourceNames: the token secret named, or not', () => {
    const named = (secret: string) =>
      edgesOf([roleBinding('ci', 'x', 'r', [allow(['get'], [`namespaces/ci/core/secrets/${secret}`])], 'Role')]);
    expect(reach(named('deployer-token'))).toEqual([`${technique} → ci/deployer`]);
    expect(named('ledger-db')).toEqual([]);
  });

  it('draws nothing from a binding in another namespace', () => {
    expect(edgesOf([roleBinding('data', 'x', 'r', [allow(['list'], ['namespaces/data/core/secrets'])])])).toEqual([]);
  });

  it('draws nothing without a reading verb', () => {
    expect(
      edgesOf([roleBinding('ci', 'x', 'r', [allow(['create', 'update', 'delete'], ['namespaces/ci/core/secrets'])])]),
    ).toEqual([]);
  });

  it('accepts list or watch cluster-wide', () => {
    const edges = edgesOf([clusterRoleBinding('x', 'r', [allow(['list', 'watch'], ['core/secrets'])])]);
    expect(reach(edges)).toEqual([`${technique} → ci/deployer`]);
    expect(edge(edges, technique, 'ci/deployer').evidence).toHaveLength(3);
  });

  it('skips inactive tokens and deleted service accounts', () => {
    const identities = [
      serviceAccount('ci', 'old', { credentials: [tokenSecret('ci', 'old-token', 'inactive')] }),
      serviceAccount('ci', 'gone', { status: 'deleted', credentials: [tokenSecret('ci', 'gone-token')] }),
    ];
    expect(
      edgesOf([roleBinding('ci', 'x', 'r', [allow(['get'], ['namespaces/ci/core/secrets'])])], { identities }),
    ).toEqual([]);
  });
});

describe('create-token-secret', () => {
  const technique = 'create-token-secret';
  const create = (namespace: string) => allow(['create'], [`namespaces/${namespace}/core/secrets`]);

  it('reaches every service account of the namespace where it can create and read secrets', () => {
    const edges = edgesOf([
      roleBinding('ci', 'x', 'edit', [create('ci'), allow(['get'], ['namespaces/ci/core/secrets/mine'])]),
    ]);
    // The read is restricted to a name, but the actor names the secret it creates.
    expect(reach(edges, technique)).toEqual([`${technique} → ci/deployer`, `${technique} → ci/runner`]);
    expect(edge(edges, technique, 'ci/runner').evidence).toEqual([
      'RoleBinding ci/x grants create on secrets in namespace ci (ClusterRole edit: create on namespaces/ci/core/secrets)',
      'RoleBinding ci/x grants get on secrets in namespace ci (ClusterRole edit: get on namespaces/ci/core/secrets/mine)',
      'a secret of type kubernetes.io/service-account-token created in ci with the annotation kubernetes.io/service-account.name is filled with a token for that account',
    ]);
  });

  it('needs both create and a read in the same namespace', () => {
    expect(reach(edgesOf([roleBinding('ci', 'x', 'r', [create('ci')])]))).toEqual([]);
    expect(
      reach(
        edgesOf([
          roleBinding('ci', 'x', 'r', [create('ci')]),
          roleBinding('data', 'y', 'r', [allow(['list'], ['namespaces/data/core/secrets'])]),
        ]),
        technique,
      ),
    ).toEqual([]);
  });

  it('draws nothing from a create restricted by resourceNames', () => {
    const edges = edgesOf([
      roleBinding('ci', 'x', 'r', [
        allow(['create'], ['namespaces/ci/core/secrets/mine']),
        allow(['get'], ['namespaces/ci/core/secrets/mine']),
      ]),
    ]);
    expect(reach(edges, technique)).toEqual([]);
  });

  it('covers every namespace when a ClusterRoleBinding grants it', () => {
    const edges = edgesOf([clusterRoleBinding('x', 'r', [allow(['create', 'watch'], ['core/secrets'])])]);
    expect(reach(edges, technique)).toEqual([
      `${technique} → ci/deployer`,
      `${technique} → ci/runner`,
      `${technique} → data/etl`,
    ]);
  });
});

describe('create-service-account-token', () => {
  const technique = 'create-service-account-token';

  it('reaches every service account of the namespace with create on serviceaccounts/token', () => {
    const edges = edgesOf([
      roleBinding('ci', 'x', 'edit', [allow(['create'], ['namespaces/ci/core/serviceaccounts/token'])]),
    ]);
    expect(reach(edges)).toEqual([`${technique} → ci/deployer`, `${technique} → ci/runner`]);
    expect(edge(edges, technique, 'ci/runner').evidence).toEqual([
      'RoleBinding ci/x grants create on serviceaccounts/token "runner" in namespace ci (ClusterRole edit: create on namespaces/ci/core/serviceaccounts/token)',
    ]);
  });

  it('reaches only the accounts resourceNames names', () => {
    const edges = edgesOf([
      roleBinding('ci', 'x', 'r', [allow(['create'], ['namespaces/ci/core/serviceaccounts/token/runner'])], 'Role'),
    ]);
    expect(reach(edges)).toEqual([`${technique} → ci/runner`]);
  });

  it('stays in the namespace of a RoleBinding', () => {
    const edges = edgesOf([
      roleBinding('data', 'x', 'r', [allow(['create'], ['namespaces/data/core/serviceaccounts/token'])]),
    ]);
    expect(reach(edges)).toEqual([`${technique} → data/etl`]);
  });

  it('draws nothing from create on serviceaccounts, or get on the token', () => {
    expect(
      edgesOf([
        roleBinding('ci', 'x', 'r', [
          allow(['create'], ['namespaces/ci/core/serviceaccounts']),
          allow(['get'], ['namespaces/ci/core/serviceaccounts/token']),
        ]),
      ]),
    ).toEqual([]);
  });

  it('reads core/serviceaccounts/token as the account named token when the role document says so', () => {
    const statements = [allow(['create'], ['namespaces/ci/core/serviceaccounts/token'])];
    const rules = [{ apiGroups: [''], resources: ['serviceaccounts'], resourceNames: ['token'], verbs: ['create'] }];
    const policies = [clusterRolePolicy('odd', [allow(['create'], ['core/serviceaccounts/token'])], rules)];
    expect(edgesOf([roleBinding('ci', 'x', 'odd', statements)], { policies })).toEqual([]);
    // The same string from a role that lists the subresource is the subresource.
    const real = [{ apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] }];
    const subresource = [clusterRolePolicy('odd', [allow(['create'], ['core/serviceaccounts/token'])], real)];
    expect(reach(edgesOf([roleBinding('ci', 'x', 'odd', statements)], { policies: subresource }))).toHaveLength(2);
  });
});

describe('impersonate-user', () => {
  const technique = 'impersonate-user';

  it('reaches every user of the cluster when unrestricted', () => {
    const edges = edgesOf([clusterRoleBinding('imp', 'impersonator', [allow(['impersonate'], ['core/users'])])]);
    expect(reach(edges)).toEqual([`${technique} → user:alice@example.com`, `${technique} → user:bob@example.com`]);
    expect(edge(edges, technique, 'user:alice@example.com').evidence).toEqual([
      'ClusterRoleBinding imp grants impersonate on users "alice@example.com" (ClusterRole impersonator: impersonate on core/users)',
    ]);
  });

  it('reaches only the users resourceNames names', () => {
    const edges = edgesOf([clusterRoleBinding('imp', 'r', [allow(['impersonate'], ['core/users/bob@example.com'])])]);
    expect(reach(edges)).toEqual([`${technique} → user:bob@example.com`]);
  });

  it('draws nothing from a RoleBinding (users are not in a namespace)', () => {
    expect(edgesOf([roleBinding('ci', 'imp', 'r', [allow(['impersonate'], ['namespaces/ci/core/users'])])])).toEqual(
      [],
    );
  });

  it('draws nothing without the impersonate verb', () => {
    expect(edgesOf([clusterRoleBinding('x', 'r', [allow(['get', 'list'], ['core/users'])])])).toEqual([]);
  });
});

describe('impersonate-service-account', () => {
  const technique = 'impersonate-service-account';

  it('reaches every service account of the cluster through a ClusterRoleBinding', () => {
    const edges = edgesOf([clusterRoleBinding('imp', 'r', [allow(['impersonate'], ['core/serviceaccounts'])])]);
    expect(reach(edges)).toEqual([`${technique} → ci/deployer`, `${technique} → ci/runner`, `${technique} → data/etl`]);
  });

  it('stays in the namespace of a RoleBinding', () => {
    const edges = edgesOf([
      roleBinding('data', 'imp', 'edit', [allow(['impersonate'], ['namespaces/data/core/serviceaccounts'])]),
    ]);
    expect(reach(edges)).toEqual([`${technique} → data/etl`]);
  });

  it('reaches only the accounts resourceNames names', () => {
    const edges = edgesOf([
      roleBinding('ci', 'imp', 'r', [allow(['impersonate'], ['namespaces/ci/core/serviceaccounts/runner'])], 'Role'),
    ]);
    expect(reach(edges)).toEqual([`${technique} → ci/runner`]);
  });

  it('draws nothing from get on serviceaccounts', () => {
    expect(edgesOf([clusterRoleBinding('x', 'r', [allow(['get', 'list'], ['core/serviceaccounts'])])])).toEqual([]);
  });
});

describe('impersonate-group', () => {
  const technique = 'impersonate-group';
  const masters = group('system:masters');

  it('reaches every group, and cluster-admin through system:masters, when it can impersonate a user too', () => {
    const edges = edgesOf([clusterRoleBinding('imp', 'r', [allow(['impersonate'], ['core/groups', 'core/users'])])], {
      identities: [...estate(), masters],
    });
    expect(reach(edges, technique)).toEqual([
      `${technique} → cluster-admin:test`,
      `${technique} → group:system:masters`,
      `${technique} → group:team-platform`,
    ]);
    expect(edge(edges, technique, 'cluster-admin:test').evidence).toEqual([
      'ClusterRoleBinding imp grants impersonate on groups "system:masters" (ClusterRole r: impersonate on core/groups)',
      'ClusterRoleBinding imp grants impersonate on users (ClusterRole r: impersonate on core/users)',
      'impersonating groups needs a user impersonated with them, which the actor can do',
      'requests as a member of system:masters skip authorization altogether',
    ]);
  });

  it('reaches cluster-admin through system:masters even when the inventory has no such group', () => {
    const edges = edgesOf([
      clusterRoleBinding('imp', 'r', [allow(['impersonate'], ['core/groups/system:masters', 'core/serviceaccounts'])]),
    ]);
    expect(reach(edges, technique)).toEqual([`${technique} → cluster-admin:test`]);
  });

  it('draws nothing without a user or service account to impersonate alongside', () => {
    expect(edgesOf([clusterRoleBinding('imp', 'r', [allow(['impersonate'], ['core/groups'])])])).toEqual([]);
  });

  it('reaches only the groups resourceNames names, and not cluster-admin', () => {
    const edges = edgesOf(
      [clusterRoleBinding('imp', 'r', [allow(['impersonate'], ['core/groups/team-platform', 'core/users'])])],
      { identities: [...estate(), masters] },
    );
    expect(reach(edges, technique)).toEqual([`${technique} → group:team-platform`]);
  });

  it('draws nothing from a RoleBinding (groups are not in a namespace)', () => {
    const edges = edgesOf([
      roleBinding('ci', 'imp', 'r', [
        allow(['impersonate'], ['namespaces/ci/core/groups', 'namespaces/ci/core/users']),
      ]),
    ]);
    expect(edges).toEqual([]);
  });
});

describe('rbac-bind-role', () => {
  const technique = 'rbac-bind-role';
  const bindAll = allow(['bind'], ['rbac.authorization.k8s.io/clusterroles']);
  const createCrb = allow(['create'], ['rbac.authorization.k8s.io/clusterrolebindings']);

  it('reaches cluster-admin with bind on cluster-admin and create on clusterrolebindings', () => {
    const edges = edgesOf([clusterRoleBinding('rbac', 'rbac-manager', [bindAll, createCrb])]);
    const admin = edge(edges, technique, 'cluster-admin:test');
    expect(admin.evidence).toEqual([
      'ClusterRoleBinding rbac grants bind on rbac.authorization.k8s.io/clusterroles "cluster-admin" (ClusterRole rbac-manager: bind on rbac.authorization.k8s.io/clusterroles)',
      'ClusterRoleBinding rbac grants create on rbac.authorization.k8s.io/clusterrolebindings (ClusterRole rbac-manager: create on rbac.authorization.k8s.io/clusterrolebindings)',
      'a ClusterRoleBinding of ClusterRole cluster-admin to itself grants * on * cluster-wide',
    ]);
    expect(admin.assumptions).toEqual(['the built-in ClusterRole cluster-admin exists (every cluster has it)']);
  });

  it('needs both: bind without writing bindings, or writing bindings without bind, is nothing', () => {
    expect(reach(edgesOf([clusterRoleBinding('a', 'r', [bindAll])]))).toEqual([]);
    expect(
      reach(
        edgesOf([
          clusterRoleBinding('a', 'r', [createCrb, allow(['create'], ['rbac.authorization.k8s.io/rolebindings'])]),
        ]),
      ),
    ).toEqual([]);
  });

  it('respects resourceNames on bind: cluster-admin named counts, another role does not', () => {
    const named = (role: string) =>
      reach(
        edgesOf([
          clusterRoleBinding('a', 'r', [
            allow(['bind'], [`rbac.authorization.k8s.io/clusterroles/${role}`]),
            createCrb,
          ]),
        ]),
      );
    expect(named('cluster-admin')).toContain(`${technique} → cluster-admin:test`);
    expect(named('view')).toEqual([]);
  });

  it('counts another ClusterRole that grants * on *', () => {
    const root = clusterRolePolicy('root', [allow(['*'], ['*'])]);
    const edges = edgesOf(
      [clusterRoleBinding('a', 'r', [allow(['bind'], ['rbac.authorization.k8s.io/clusterroles/root']), createCrb])],
      { policies: [root] },
    );
    expect(edge(edges, technique, 'cluster-admin:test').evidence).toContain(
      'a ClusterRoleBinding of ClusterRole root to itself grants * on * cluster-wide',
    );
  });

  it('within a namespace reaches its service accounts only, and says so', () => {
    const edges = edgesOf([
      roleBinding('ci', 'rbac', 'ns-rbac', [
        allow(['bind'], ['namespaces/ci/rbac.authorization.k8s.io/clusterroles']),
        allow(['create'], ['namespaces/ci/rbac.authorization.k8s.io/rolebindings']),
      ]),
    ]);
    expect(reach(edges)).toEqual([`${technique} → ci/deployer`, `${technique} → ci/runner`]);
    expect(edge(edges, technique, 'ci/runner').evidence).toContain(
      'within namespace ci only: a RoleBinding of ClusterRole cluster-admin to itself grants every right in ci, so it can run a pod as any service account of it',
    );
  });

  it('binds an all-powerful Role of the namespace too', () => {
    const owner = rolePolicy('data', 'owner', [allow(['*'], ['namespaces/data/*'])]);
    const edges = edgesOf(
      [
        roleBinding('data', 'rbac', 'binder', [
          allow(['bind'], ['namespaces/data/rbac.authorization.k8s.io/roles/owner']),
          allow(['patch'], ['namespaces/data/rbac.authorization.k8s.io/rolebindings']),
        ]),
      ],
      { policies: [owner] },
    );
    expect(reach(edges)).toEqual([`${technique} → data/etl`]);
  });

  it('draws nothing when the binding rights are in another namespace than the targets', () => {
    const identities = estate().filter((i) => !i.id.includes(':data:'));
    const edges = edgesOf(
      [
        roleBinding('data', 'rbac', 'r', [
          allow(['bind'], ['namespaces/data/rbac.authorization.k8s.io/clusterroles']),
          allow(['create'], ['namespaces/data/rbac.authorization.k8s.io/rolebindings']),
        ]),
      ],
      { identities },
    );
    expect(edges).toEqual([]);
  });
});

describe('rbac-escalate-role', () => {
  const technique = 'rbac-escalate-role';

  it('reaches cluster-admin by rewriting a ClusterRole bound to it cluster-wide', () => {
    const edges = edgesOf([
      clusterRoleBinding('ops', 'ops', [allow(['escalate', 'update'], ['rbac.authorization.k8s.io/clusterroles'])]),
    ]);
    expect(reach(edges)).toEqual([`${technique} → cluster-admin:test`]);
    expect(edge(edges, technique, 'cluster-admin:test').evidence).toEqual([
      'ClusterRoleBinding ops grants escalate on rbac.authorization.k8s.io/clusterroles "ops" (ClusterRole ops: escalate, update on rbac.authorization.k8s.io/clusterroles)',
      'ClusterRoleBinding ops grants update on rbac.authorization.k8s.io/clusterroles "ops" (ClusterRole ops: escalate, update on rbac.authorization.k8s.io/clusterroles)',
      'ClusterRoleBinding ops binds ClusterRole ops to it',
      'adding * on * to ClusterRole ops gives it every right cluster-wide',
    ]);
  });

  it('needs both escalate and update or patch', () => {
    expect(
      edgesOf([clusterRoleBinding('ops', 'ops', [allow(['escalate'], ['rbac.authorization.k8s.io/clusterroles'])])]),
    ).toEqual([]);
    expect(
      edgesOf([
        clusterRoleBinding('ops', 'ops', [allow(['update', 'patch'], ['rbac.authorization.k8s.io/clusterroles'])]),
      ]),
    ).toEqual([]);
  });

  it('draws nothing when resourceNames leave out the role bound to it', () => {
    const edges = edgesOf([
      clusterRoleBinding('ops', 'ops', [
        allow(['escalate', 'patch'], ['rbac.authorization.k8s.io/clusterroles/other']),
      ]),
    ]);
    expect(edges).toEqual([]);
  });

  it('within a namespace rewrites a Role bound there, reaching that namespace’s service accounts', () => {
    const edges = edgesOf([
      roleBinding(
        'ci',
        'dev',
        'dev',
        [allow(['escalate', 'patch'], ['namespaces/ci/rbac.authorization.k8s.io/roles/dev'])],
        'Role',
      ),
    ]);
    expect(reach(edges)).toEqual([`${technique} → ci/deployer`, `${technique} → ci/runner`]);
    expect(edge(edges, technique, 'ci/deployer').evidence).toContain('RoleBinding ci/dev binds Role ci/dev to it');
  });

  it('draws nothing from a RoleBinding granting escalate on clusterroles (they are not in a namespace)', () => {
    const edges = edgesOf([
      roleBinding('ci', 'x', 'ops', [
        allow(['escalate', 'update'], ['namespaces/ci/rbac.authorization.k8s.io/clusterroles']),
      ]),
    ]);
    expect(edges).toEqual([]);
  });
});

describe('node-proxy', () => {
  const technique = 'node-proxy';

  it('reaches cluster-admin with get on nodes/proxy cluster-wide', () => {
    const edges = edgesOf([clusterRoleBinding('kubelet-api', 'kubelet-api', [allow(['get'], ['core/nodes/proxy'])])]);
    expect(reach(edges)).toEqual([`${technique} → cluster-admin:test`]);
    const proxy = edge(edges, technique, 'cluster-admin:test');
    expect(proxy.evidence[0]).toBe(
      'ClusterRoleBinding kubelet-api grants get on nodes/proxy (ClusterRole kubelet-api: get on core/nodes/proxy)',
    );
    expect(proxy.assumptions).toHaveLength(2);
  });

  it('draws nothing from nodes/metrics or nodes alone', () => {
    expect(
      edgesOf([clusterRoleBinding('m', 'metrics', [allow(['get'], ['core/nodes/metrics', 'core/nodes'])])]),
    ).toEqual([]);
  });

  it('draws nothing from named nodes only', () => {
    expect(edgesOf([clusterRoleBinding('m', 'r', [allow(['get'], ['core/nodes/proxy/node-1'])])])).toEqual([]);
  });

  it('draws nothing from a RoleBinding (nodes are not in a namespace)', () => {
    expect(
      edgesOf([roleBinding('ci', 'm', 'r', [allow(['get', 'create'], ['namespaces/ci/core/nodes/proxy'])])]),
    ).toEqual([]);
  });
});

describe('admission-webhook', () => {
  const technique = 'admission-webhook';

  it('reaches cluster-admin with create on mutatingwebhookconfigurations', () => {
    const edges = edgesOf([
      clusterRoleBinding('hooks', 'hooks', [
        allow(['create'], ['admissionregistration.k8s.io/mutatingwebhookconfigurations']),
      ]),
    ]);
    expect(reach(edges)).toEqual([`${technique} → cluster-admin:test`]);
    expect(edge(edges, technique, 'cluster-admin:test').evidence[0]).toBe(
      'ClusterRoleBinding hooks grants create on admissionregistration.k8s.io/mutatingwebhookconfigurations (ClusterRole hooks: create on admissionregistration.k8s.io/mutatingwebhookconfigurations)',
    );
  });

  it('accepts patch on a named validating configuration, assuming it exists', () => {
    const edges = edgesOf([
      clusterRoleBinding('hooks', 'r', [
        allow(['patch'], ['admissionregistration.k8s.io/validatingwebhookconfigurations/policy-hook']),
      ]),
    ]);
    expect(edge(edges, technique, 'cluster-admin:test').assumptions).toContain(
      'the validatingwebhookconfigurations object "policy-hook" exists; rewriting its rules makes it intercept every request',
    );
  });

  it('draws nothing from create restricted by resourceNames, or from reading', () => {
    expect(
      edgesOf([
        clusterRoleBinding('hooks', 'r', [
          allow(['create'], ['admissionregistration.k8s.io/mutatingwebhookconfigurations/x']),
          allow(['get', 'list', 'watch'], ['admissionregistration.k8s.io/validatingwebhookconfigurations']),
        ]),
      ]),
    ).toEqual([]);
  });

  it('draws nothing from a RoleBinding (webhook configurations are not in a namespace)', () => {
    expect(
      edgesOf([
        roleBinding('ci', 'hooks', 'r', [
          allow(['create'], ['namespaces/ci/admissionregistration.k8s.io/mutatingwebhookconfigurations']),
        ]),
      ]),
    ).toEqual([]);
  });
});

describe('rbacEscalations', () => {
  it('never crosses clusters', () => {
    const other = (namespace: string, name: string) =>
      serviceAccount(namespace, name, { systemOfRecord: 'kubernetes:other' });
    const edges = edgesOf([clusterRoleBinding('x', 'r', [allow(['create'], ['core/pods'])])], {
      identities: [...estate(), other('ci', 'deployer'), other('web', 'frontend')],
    });
    for (const e of edges) expect(e.to.kind === 'identity' && e.to.id.startsWith('kubernetes:test/')).toBe(true);
    expect(edges).toHaveLength(3);
  });

  it('draws no edge from an identity to itself, and none from or to deleted identities', () => {
    const self = serviceAccount('data', 'etl', {
      entitlements: [roleBinding('data', 'x', 'r', [allow(['create'], ['namespaces/data/core/pods'])])],
    });
    const identities = [...estate().filter((i) => i.id !== self.id)];
    expect(edgesOf([], { identities, actor: self })).toEqual([]);
    const ghost = serviceAccount('ci', 'ghost', {
      status: 'deleted',
      entitlements: [clusterRoleBinding('x', 'cluster-admin', [allow(['*'], ['*'])])],
    });
    expect(edgesOf([], { actor: ghost })).toEqual([]);
    const withDeleted = [...estate(), serviceAccount('ci', 'gone', { status: 'deleted' })];
    const edges = edgesOf([roleBinding('ci', 'x', 'r', [allow(['create'], ['namespaces/ci/core/pods'])])], {
      identities: withDeleted,
    });
    expect(reach(edges)).not.toContain('create-pod-with-service-account → ci/gone');
  });

  it('draws a group’s edges from the group, not again from its members', () => {
    const ops = group('ops', {
      entitlements: [roleBinding('ci', 'ops', 'r', [allow(['create'], ['namespaces/ci/core/pods'])])],
    });
    const member = user('dan', { memberOf: [ops.id] });
    const edges = rbacEscalations([...estate(), ops, member], new Map());
    expect(edges.filter((e) => e.from === ops.id).map((e) => short(e.to.kind === 'identity' ? e.to.id : ''))).toEqual([
      'ci/deployer',
      'ci/runner',
    ]);
    expect(edges.filter((e) => e.from === member.id)).toEqual([]);
  });

  it('draws from the member an escalation that needs its own grant and its group’s together', () => {
    const binders = group('binders', {
      entitlements: [
        clusterRoleBinding('binders', 'binder', [allow(['bind'], ['rbac.authorization.k8s.io/clusterroles'])]),
      ],
    });
    const member = user('erin', {
      memberOf: [binders.id],
      entitlements: [
        clusterRoleBinding('erin', 'crb-writer', [
          allow(['create'], ['rbac.authorization.k8s.io/clusterrolebindings']),
        ]),
      ],
    });
    const edges = rbacEscalations([...estate(), binders, member], new Map());
    expect(edges.filter((e) => e.from === binders.id)).toEqual([]);
    const combined = edges.find((e) => e.from === member.id && e.to.kind === 'cluster-admin');
    expect(combined?.technique).toBe('rbac-bind-role');
    expect(combined?.evidence[0]).toMatch(/ClusterRoleBinding binders grants bind .*, held through group binders\)$/);
  });

  it('draws from the member a rewrite of a role its group holds, with its own escalate and update', () => {
    const ops = group('ops', {
      entitlements: [clusterRoleBinding('ops', 'ops', [allow(['get'], ['core/pods'])])],
    });
    const member = user('frank', {
      memberOf: [ops.id],
      entitlements: [
        clusterRoleBinding('frank', 'role-editor', [
          allow(['escalate', 'patch'], ['rbac.authorization.k8s.io/clusterroles/ops']),
        ]),
      ],
    });
    const edges = rbacEscalations([...estate(), ops, member], new Map());
    expect(edges.filter((e) => e.from === ops.id)).toEqual([]);
    const rewrite = edges.find((e) => e.from === member.id && e.technique === 'rbac-escalate-role');
    expect(rewrite?.to).toEqual({ kind: 'cluster-admin', cluster: 'test' });
    expect(rewrite?.evidence).toContain('ClusterRoleBinding ops binds ClusterRole ops to it (through group ops)');
    // Without the group the member holds no role to rewrite.
    const alone = rbacEscalations([...estate(), { ...member, memberOf: [] }], new Map());
    expect(alone.filter((e) => e.from === member.id)).toEqual([]);
  });

  it('returns the same edges in the same order whatever the input order', () => {
    const actor = user('mallory', {
      entitlements: [
        clusterRoleBinding('a', 'r', [allow(['create'], ['core/pods']), allow(['impersonate'], ['core/users'])]),
        clusterRoleBinding('b', 'cluster-admin', [allow(['*'], ['*'])]),
      ],
    });
    const identities = [...estate(), actor];
    const forward = rbacEscalations(identities, new Map());
    const backward = rbacEscalations([...identities].reverse(), new Map());
    expect(backward).toEqual(forward);
    expect(forward[0]?.to).toEqual({ kind: 'cluster-admin', cluster: 'test' });
    expect(forward[0]?.technique).toBe('cluster-admin-equivalent');
  });

  it('ignores entitlements of other types and statements it cannot read', () => {
    const custom: Entitlement = {
      type: 'custom',
      name: 'x',
      via: null,
      policyId: null,
      document: null,
      statements: [allow(['*'], ['*'])],
    };
    const odd = clusterRoleBinding('x', 'r', [allow(['create'], ['url:/pods', 'nonsense'])]);
    expect(edgesOf([custom, odd])).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------
// The example estate, through the real importer

describe('rbacEscalations on examples/k8s/cluster-rbac.json', () => {
  const text = readFileSync(new URL('../../../examples/k8s/cluster-rbac.json', import.meta.url), 'utf8');
  const batch = kubernetesImporter.parse(
    { name: 'examples/k8s/cluster-rbac.json', text },
    { ownerTagKeys: ['owner'], scope: 'prod-eu-1' },
  );
  const identities = batch.identities.map(stored);
  const policies = new Map(batch.policies.map((p) => [p.id, p]));
  const edges = rbacEscalations(identities, policies);
  const id = (local: string) => `kubernetes:prod-eu-1/${local}`;
  const from = (local: string) => edges.filter((e) => e.from === id(local));

  it('makes ci/deployer cluster-admin, by its binding and by every cluster-wide technique', () => {
    const deployer = from('system:serviceaccount:ci:deployer');
    expect(reach(deployer.filter((e) => e.to.kind === 'cluster-admin'))).toEqual([
      'cluster-admin-equivalent → cluster-admin:prod-eu-1',
      'impersonate-group → cluster-admin:prod-eu-1',
      'rbac-bind-role → cluster-admin:prod-eu-1',
      'rbac-escalate-role → cluster-admin:prod-eu-1',
      'node-proxy → cluster-admin:prod-eu-1',
      'admission-webhook → cluster-admin:prod-eu-1',
    ]);
    expect(deployer[0]?.evidence).toEqual([
      'ClusterRoleBinding ci-deployer-admin grants * on * cluster-wide (ClusterRole cluster-admin: * on *)',
    ]);
    expect(reach(deployer, 'create-pod-with-service-account')).toContain(
      'create-pod-with-service-account → payments/payments-api',
    );
  });

  it('finds exactly ci/deployer and system:masters cluster-admin equivalent', () => {
    const equivalent = identities.filter((i) => clusterAdminEquivalence(i, policies) !== null).map((i) => i.name);
    expect(equivalent).toEqual(['system:masters', 'ci/deployer']);
    const admins = new Set(edges.filter((e) => e.to.kind === 'cluster-admin').map((e) => short(e.from)));
    expect([...admins].sort()).toEqual(['ci/deployer', 'group:system:masters']);
  });

  it('lets ci/runner become ci/deployer by creating a pod (and so reach cluster-admin in two steps)', () => {
    const runner = from('system:serviceaccount:ci:runner');
    expect(reach(runner)).toEqual(['create-pod-with-service-account → ci/deployer']);
    expect(runner[0]?.evidence).toEqual([
      'RoleBinding ci/ci-runner grants create on pods in namespace ci (Role ci/ci-runner: create, delete, get, list, watch on namespaces/ci/core/pods)',
      'RoleBinding ci/ci-runner grants create on batch/jobs in namespace ci (Role ci/ci-runner: create, get, list, watch on namespaces/ci/batch/jobs)',
    ]);
  });

  it('keeps alice (edit in payments) inside payments', () => {
    const alice = from('user:alice.nguyen@lumenfreight.example');
    const targets = new Set(alice.map((e) => (e.to.kind === 'identity' ? short(e.to.id) : 'cluster-admin')));
    expect([...targets].sort()).toEqual(['payments/fraud-scorer', 'payments/ledger-worker', 'payments/payments-api']);
    expect(reach(alice.filter((e) => e.to.kind === 'identity' && e.to.id.endsWith(':payments-api')))).toEqual([
      'create-pod-with-service-account → payments/payments-api',
      'exec-into-pod → payments/payments-api',
      'create-token-secret → payments/payments-api',
      'create-service-account-token → payments/payments-api',
      'impersonate-service-account → payments/payments-api',
    ]);
  });

  it('lets the etl Role’s holders reach the data namespace through jobs and cronjobs', () => {
    expect(reach(from('system:serviceaccount:data:etl-runner'))).toEqual([
      'create-pod-with-service-account → data/ml-feature-sync',
      'create-pod-with-service-account → data/report-exporter',
      'create-pod-with-service-account → data/warehouse-loader',
    ]);
  });

  it('draws nothing for report-exporter: the only token secret it can read belongs to a deleted account', () => {
    expect(from('system:serviceaccount:data:report-exporter')).toEqual([]);
  });

  it('draws nothing for read-only and narrow accounts', () => {
    for (const local of [
      'group:team-platform',
      'system:serviceaccount:kube-system:metrics-server',
      'system:serviceaccount:kube-system:cluster-autoscaler',
      'system:serviceaccount:kube-system:coredns',
      'system:serviceaccount:payments:payments-api',
      'system:serviceaccount:payments:fraud-scorer',
    ]) {
      expect(from(local), local).toEqual([]);
    }
  });
});

/** An import batch's record as the inventory holds it. */
function stored(record: IdentityRecord): Identity {
  return {
    ...record,
    firstSeenAt: '2026-01-01T00:00:00.000Z',
    lastSeenAt: '2026-01-01T00:00:00.000Z',
    deletedAt: null,
    importId: 'import-1',
    origin: 'k8s:prod-eu-1',
  };
}
