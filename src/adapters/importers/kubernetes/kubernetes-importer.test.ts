import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { IdentityRecord } from '../../../core/inventory/identity.js';
import { type ImportBatch, ImportBatchSchema, type ImportOptions } from '../../../core/inventory/import-batch.js';
import { expectInputError } from '../testing.js';
import { kubernetesImporter } from './kubernetes-importer.js';

const EXAMPLE = new URL('../../../../examples/k8s/cluster-rbac.json', import.meta.url);
const OPTIONS: ImportOptions = { ownerTagKeys: ['owner', 'lumenfreight.example/owner'], scope: 'prod-eu-1' };
const FILE = 'rbac.json';

function parse(text: string, options: ImportOptions = OPTIONS, name = FILE): ImportBatch {
  const batch = kubernetesImporter.parse({ name, text }, options);
  return ImportBatchSchema.parse(batch);
}

function list(items: unknown[], kind = 'List'): string {
  return JSON.stringify({ apiVersion: 'v1', kind, items, metadata: { resourceVersion: '' } });
}

function find(batch: ImportBatch, name: string, kind?: IdentityRecord['kind']): IdentityRecord {
  const found = batch.identities.find((i) => i.name === name && (kind === undefined || i.kind === kind));
  if (found === undefined) throw new Error(`no identity named ${name}`);
  return found;
}

const sa = (namespace: string, name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name, namespace, uid: `uid-${namespace}-${name}`, creationTimestamp: '2025-01-01T00:00:00Z' },
  ...extra,
});
const clusterRole = (name: string, rules: unknown[], extra: Record<string, unknown> = {}) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name },
  rules,
  ...extra,
});
const crb = (name: string, role: string, subjects: unknown[]) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
  subjects,
});
const rb = (namespace: string, name: string, roleKind: string, role: string, subjects: unknown[]) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name, namespace },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: role },
  subjects,
});
const saSubject = (namespace: string, name: string) => ({ kind: 'ServiceAccount', name, namespace });

describe('kubernetesImporter on examples/k8s/cluster-rbac.json', () => {
  const text = readFileSync(EXAMPLE, 'utf8');
  const batch = parse(text, OPTIONS, 'examples/k8s/cluster-rbac.json');

  it('imports the whole example as a full batch for the cluster', () => {
    expect(batch.source).toBe('k8s');
    expect(batch.scope).toBe('prod-eu-1');
    expect(batch.mode).toBe('full');
    for (const identity of batch.identities) {
      expect(identity.provider).toBe('kubernetes');
      expect(identity.systemOfRecord).toBe('kubernetes:prod-eu-1');
      expect(identity.id).toBe(`kubernetes:${identity.externalId}`);
    }
  });

  it('finds the service accounts, the user and the groups', () => {
    const count = (kind: string) => batch.identities.filter((i) => i.kind === kind).length;
    expect(count('service-account')).toBe(13); // 12 in the export + data/old-etl, known only from its token
    expect(count('human')).toBe(1);
    expect(count('group')).toBe(2);
    expect(batch.identities).toHaveLength(16);
    expect(batch.policies).toHaveLength(10);
    expect(find(batch, 'ci/deployer').externalId).toBe('prod-eu-1/system:serviceaccount:ci:deployer');
    expect(find(batch, 'alice.nguyen@lumenfreight.example').externalId).toBe(
      'prod-eu-1/user:alice.nguyen@lumenfreight.example',
    );
    expect(find(batch, 'team-platform').externalId).toBe('prod-eu-1/group:team-platform');
  });

  it('takes owners from labels, then annotations, matching keys case-insensitively', () => {
    expect(find(batch, 'payments/payments-api').owner).toEqual({
      name: 'team-payments',
      source: 'tag',
      detail: 'owner',
    });
    expect(find(batch, 'payments/fraud-scorer').owner).toEqual({
      name: 'team-payments',
      source: 'tag',
      detail: 'Owner',
    });
    expect(find(batch, 'data/warehouse-loader').owner).toEqual({
      name: 'team-data',
      source: 'tag',
      detail: 'lumenfreight.example/owner',
    });
    expect(find(batch, 'data/report-exporter').owner).toBeNull();
    expect(find(batch, 'data/report-exporter').createdAt).toBe('2024-09-03T16:45:21.000Z');
  });

  it('plants ci/deployer: cluster-admin through a ClusterRoleBinding, with a legacy token', () => {
    const deployer = find(batch, 'ci/deployer');
    expect(deployer.kind).toBe('service-account');
    expect(deployer.entitlements).toEqual([
      {
        type: 'k8s-cluster-role',
        name: 'cluster-admin',
        via: 'ClusterRoleBinding ci-deployer-admin',
        policyId: 'kubernetes:prod-eu-1/clusterrole:cluster-admin',
        document: null,
        statements: [
          { effect: 'allow', actions: ['*'], resources: ['*'], conditional: false },
          { effect: 'allow', actions: ['*'], resources: ['url:*'], conditional: false },
        ],
      },
    ]);
    const uid = secretUid(text, 'ci', 'deployer-token');
    expect(deployer.credentials).toEqual([
      {
        id: 'ci/deployer-token',
        type: 'token',
        status: 'active',
        createdAt: '2023-03-14T13:02:56.000Z',
        lastUsedAt: '2026-11-18T00:00:00.000Z',
        lastRotatedAt: null,
        expiresAt: null,
        fingerprint: uid,
      },
    ]);
  });

  it('plants data/old-etl: a deleted service account still holding a token', () => {
    const oldEtl = find(batch, 'data/old-etl');
    expect(oldEtl.status).toBe('deleted');
    expect(oldEtl.attributes.missingFromExport).toBe(true);
    expect(oldEtl.credentials).toHaveLength(1);
    expect(oldEtl.credentials[0]).toMatchObject({
      id: 'data/old-etl-token',
      type: 'token',
      status: 'active',
      expiresAt: null,
    });
    expect(oldEtl.memberOf).toEqual([]);
  });

  it('scopes a RoleBinding to a ClusterRole to its namespace', () => {
    const alice = find(batch, 'alice.nguyen@lumenfreight.example');
    expect(alice.kind).toBe('human');
    expect(alice.entitlements).toHaveLength(1);
    const edit = alice.entitlements[0];
    expect(edit).toMatchObject({
      type: 'k8s-cluster-role',
      name: 'edit',
      via: 'RoleBinding payments/alice-edit',
      policyId: 'kubernetes:prod-eu-1/clusterrole:edit',
    });
    const resources = edit?.statements.flatMap((s) => s.resources) ?? [];
    expect(resources.length).toBeGreaterThan(10);
    for (const resource of resources) expect(resource).toMatch(/^namespaces\/payments\//);
    expect(resources).toContain('namespaces/payments/core/secrets');
    expect(resources).toContain('namespaces/payments/apps/deployments');
    // The shared policy keeps the ClusterRole unscoped.
    const policy = batch.policies.find((p) => p.id === 'kubernetes:prod-eu-1/clusterrole:edit');
    expect(policy?.statements.flatMap((s) => s.resources)).toContain('core/secrets');
  });

  it('suffixes resource names and scopes Role statements to the Role namespace', () => {
    const api = find(batch, 'payments/payments-api');
    expect(api.entitlements[0]).toMatchObject({
      type: 'k8s-role',
      name: 'ledger-writer',
      via: 'RoleBinding payments/ledger-writer',
    });
    expect(api.entitlements[0]?.policyId).toBe('kubernetes:prod-eu-1/role:payments/ledger-writer');
    expect(api.entitlements[0]?.statements).toEqual([
      {
        effect: 'allow',
        actions: ['get', 'update'],
        resources: ['namespaces/payments/core/configmaps/ledger-config'],
        conditional: false,
      },
      {
        effect: 'allow',
        actions: ['get'],
        resources: ['namespaces/payments/core/secrets/ledger-db'],
        conditional: false,
      },
    ]);
  });

  it('turns non-resource URLs into url: resources for cluster-wide bindings', () => {
    const metrics = find(batch, 'kube-system/metrics-server');
    expect(metrics.entitlements[0]?.statements).toContainEqual({
      effect: 'allow',
      actions: ['get'],
      resources: ['url:/metrics'],
      conditional: false,
    });
  });

  it('marks system: groups as built-in and keeps memberOf empty for users and groups', () => {
    const masters = find(batch, 'system:masters');
    expect(masters.kind).toBe('group');
    expect(masters.attributes.builtin).toBe(true);
    expect(masters.attributes.bypassesAuthorization).toBe(true);
    expect(find(batch, 'team-platform').attributes.builtin).toBeUndefined();
    for (const identity of batch.identities) expect(identity.memberOf).toEqual([]);
  });

  it('keeps Roles and ClusterRoles as policies, without managedFields', () => {
    const admin = batch.policies.find((p) => p.id === 'kubernetes:prod-eu-1/clusterrole:cluster-admin');
    expect(admin).toBeDefined();
    expect(admin?.externalId).toBe('prod-eu-1/clusterrole:cluster-admin');
    expect(admin?.attributes.builtin).toBe(true);
    expect(admin?.document).not.toContain('managedFields');
    expect(JSON.parse(admin?.document ?? '{}').rules).toHaveLength(2);
    expect(batch.policies.find((p) => p.name === 'data/etl')?.statements[1]).toEqual({
      effect: 'allow',
      actions: ['*'],
      resources: ['namespaces/data/batch/jobs', 'namespaces/data/batch/cronjobs'],
      conditional: false,
    });
  });

  it('records the cloud role a service account can assume through workload identity', () => {
    expect(find(batch, 'data/etl-runner').attributes.workloadIdentity).toEqual([
      {
        provider: 'aws',
        principal: 'arn:aws:iam::210987654321:role/data-etl-s3',
        annotation: 'eks.amazonaws.com/role-arn',
      },
    ]);
  });

  it('never lets a secret value into the batch', () => {
    const json = JSON.stringify(batch);
    const document = JSON.parse(text) as { items: Array<{ kind: string; data?: Record<string, string> }> };
    const values = document.items.flatMap((item) => Object.values(item.data ?? {}));
    expect(values.length).toBeGreaterThan(5);
    for (const value of values) expect(json).not.toContain(value);
    // The Opaque secret was created with kubectl apply: its value is in last-applied-configuration too.
    expect(json).not.toContain('sk_live_LUMENFAKEDONOTUSE');
    expect(json).not.toContain('last-applied-configuration');
  });

  it('gives the same batch every time', () => {
    expect(parse(text)).toEqual(batch);
  });

  it('refuses a cluster name that cannot be part of an id', () => {
    expect(() => parse(text, { ownerTagKeys: [], scope: 'prod eu 1' })).toThrow(/cluster name/);
    expect(() => parse(text, { ownerTagKeys: [], scope: 'x'.repeat(254) })).toThrow(/at most 253/);
  });

  it('uses the cluster name "default" when no scope is given', () => {
    const unscoped = parse(text, { ownerTagKeys: ['owner'] });
    expect(unscoped.scope).toBe('default');
    expect(find(unscoped, 'ci/deployer').id).toBe('kubernetes:default/system:serviceaccount:ci:deployer');
    expect(find(unscoped, 'ci/deployer').systemOfRecord).toBe('kubernetes:default');
  });
});

describe('kubernetesImporter semantics', () => {
  it('accepts a typed list from the API whose items carry no kind', () => {
    const items = [{ metadata: { name: 'builder', namespace: 'ci' } }];
    const batch = parse(list(items, 'ServiceAccountList'));
    expect(batch.identities.map((i) => i.name)).toEqual(['ci/builder']);
  });

  it('accepts an empty List', () => {
    expect(parse(list([])).identities).toEqual([]);
  });

  it('skips items of other kinds without complaint', () => {
    const batch = parse(
      list([
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'ci' }, data: { a: 'b' } },
        sa('ci', 'builder'),
      ]),
    );
    expect(batch.identities).toHaveLength(1);
  });

  it('knows cluster-admin by name when the export leaves it out', () => {
    const batch = parse(
      list([sa('ci', 'deployer'), crb('deployer-admin', 'cluster-admin', [saSubject('ci', 'deployer')])]),
    );
    const deployer = find(batch, 'ci/deployer');
    expect(deployer.entitlements[0]?.statements[0]).toEqual({
      effect: 'allow',
      actions: ['*'],
      resources: ['*'],
      conditional: false,
    });
    expect(deployer.attributes.unresolvedRoles).toBeUndefined();
    const policy = batch.policies.find((p) => p.id === deployer.entitlements[0]?.policyId);
    expect(policy?.attributes).toMatchObject({ builtin: true, missingFromExport: true });
  });

  it('keeps a binding to a role absent from the export, with no statements, and says so', () => {
    const batch = parse(
      list([sa('data', 'etl'), rb('data', 'etl-ops', 'Role', 'etl-operator', [saSubject('data', 'etl')])]),
    );
    const etl = find(batch, 'data/etl');
    expect(etl.entitlements).toEqual([
      {
        type: 'k8s-role',
        name: 'etl-operator',
        via: 'RoleBinding data/etl-ops',
        policyId: 'kubernetes:prod-eu-1/role:data/etl-operator',
        document: null,
        statements: [],
      },
    ]);
    expect(etl.attributes.unresolvedRoles).toEqual([
      { kind: 'Role', name: 'etl-operator', namespace: 'data', via: 'RoleBinding data/etl-ops' },
    ]);
  });

  it('writes a rule over everything as * cluster-wide and namespaces/<ns>/* in a namespace', () => {
    const everything = [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['/healthz'], verbs: ['get'] },
    ];
    const batch = parse(
      list([
        sa('ci', 'a'),
        sa('ci', 'b'),
        clusterRole('god', everything),
        crb('a-god', 'god', [saSubject('ci', 'a')]),
        rb('ci', 'b-god', 'ClusterRole', 'god', [saSubject('ci', 'b')]),
      ]),
    );
    expect(find(batch, 'ci/a').entitlements[0]?.statements.map((s) => s.resources)).toEqual([['*'], ['url:/healthz']]);
    // Non-resource URLs mean nothing in a namespace: Kubernetes ignores them there.
    expect(find(batch, 'ci/b').entitlements[0]?.statements.map((s) => s.resources)).toEqual([['namespaces/ci/*']]);
  });

  it('reads a User subject named system:serviceaccount:<ns>:<name> as that service account', () => {
    const batch = parse(
      list([
        sa('ci', 'deployer'),
        clusterRole('reader', [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]),
        crb('r', 'reader', [
          { kind: 'User', name: 'system:serviceaccount:ci:deployer', apiGroup: 'rbac.authorization.k8s.io' },
        ]),
      ]),
    );
    expect(batch.identities).toHaveLength(1);
    expect(find(batch, 'ci/deployer').entitlements).toHaveLength(1);
  });

  it('classifies system users: nodes as workloads, control-plane components as service accounts', () => {
    const batch = parse(
      list([
        clusterRole('reader', [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]),
        crb('r', 'reader', [
          { kind: 'User', name: 'system:node:ip-10-0-1-12.eu-west-1.compute.internal' },
          { kind: 'User', name: 'system:kube-controller-manager' },
          { kind: 'User', name: 'bob@lumenfreight.example' },
          { kind: 'Group', name: 'system:serviceaccounts:ci' },
        ]),
      ]),
    );
    expect(find(batch, 'system:node:ip-10-0-1-12.eu-west-1.compute.internal').kind).toBe('workload');
    expect(find(batch, 'system:kube-controller-manager').kind).toBe('service-account');
    expect(find(batch, 'system:kube-controller-manager').attributes.builtin).toBe(true);
    expect(find(batch, 'bob@lumenfreight.example').kind).toBe('human');
    expect(find(batch, 'system:serviceaccounts:ci').attributes).toMatchObject({
      builtin: true,
      meaning: 'every service account in namespace ci',
    });
  });

  it('puts service accounts in the built-in groups Kubernetes gives them, where those groups are bound', () => {
    const batch = parse(
      list([
        sa('ci', 'runner'),
        sa('data', 'etl'),
        clusterRole('reader', [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]),
        crb('ci-readers', 'reader', [{ kind: 'Group', name: 'system:serviceaccounts:ci' }]),
        crb('everyone', 'reader', [{ kind: 'Group', name: 'system:authenticated' }]),
        crb('alice', 'reader', [{ kind: 'User', name: 'alice.nguyen@lumenfreight.example' }]),
      ]),
    );
    expect(find(batch, 'ci/runner').memberOf).toEqual([
      'kubernetes:prod-eu-1/group:system:serviceaccounts:ci',
      'kubernetes:prod-eu-1/group:system:authenticated',
    ]);
    expect(find(batch, 'data/etl').memberOf).toEqual(['kubernetes:prod-eu-1/group:system:authenticated']);
    expect(find(batch, 'alice.nguyen@lumenfreight.example').memberOf).toEqual([
      'kubernetes:prod-eu-1/group:system:authenticated',
    ]);
  });

  it('creates a deleted service account for a binding that names one absent from the export', () => {
    const batch = parse(
      list([
        clusterRole('reader', [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]),
        crb('r', 'reader', [saSubject('ci', 'ghost')]),
      ]),
    );
    const ghost = find(batch, 'ci/ghost');
    expect(ghost.status).toBe('deleted');
    expect(ghost.attributes.missingFromExport).toBe(true);
    expect(ghost.entitlements).toHaveLength(1);
  });

  it('marks a token secret inactive when its service account was re-created (uid differs)', () => {
    const batch = parse(
      list([
        sa('ci', 'deployer'),
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: {
            name: 'deployer-token',
            namespace: 'ci',
            uid: 'secret-uid',
            annotations: {
              'kubernetes.io/service-account.name': 'deployer',
              'kubernetes.io/service-account.uid': 'an-older-uid',
            },
          },
          type: 'kubernetes.io/service-account-token',
          data: { token: 'c2VjcmV0' },
        },
      ]),
    );
    const deployer = find(batch, 'ci/deployer');
    expect(deployer.credentials[0]?.status).toBe('inactive');
    expect(deployer.attributes.staleTokenSecrets).toEqual(['ci/deployer-token']);
  });

  it('resolves an aggregated ClusterRole whose rules a manifest leaves empty', () => {
    const batch = parse(
      list([
        sa('ci', 'a'),
        clusterRole('monitoring', [], {
          aggregationRule: {
            clusterRoleSelectors: [{ matchLabels: { 'lumenfreight.example/aggregate-to-monitoring': 'true' } }],
          },
        }),
        clusterRole('read-pods', [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }], {
          metadata: { name: 'read-pods', labels: { 'lumenfreight.example/aggregate-to-monitoring': 'true' } },
        }),
        crb('a-monitoring', 'monitoring', [saSubject('ci', 'a')]),
      ]),
    );
    expect(find(batch, 'ci/a').entitlements[0]?.statements).toEqual([
      { effect: 'allow', actions: ['get'], resources: ['core/pods'], conditional: false },
    ]);
  });

  it('skips secrets that are not service-account tokens', () => {
    const batch = parse(
      list([
        sa('ci', 'deployer'),
        {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'registry', namespace: 'ci' },
          type: 'kubernetes.io/dockerconfigjson',
          data: { '.dockerconfigjson': 'e30=' },
        },
      ]),
    );
    expect(find(batch, 'ci/deployer').credentials).toEqual([]);
  });
});

describe('kubernetesImporter rejects bad input', () => {
  it('rejects an empty file', () => {
    const error = expectInputError(() => parse('  \n'), FILE);
    expect(error.message).toContain('rbac.json');
    expect(error.message).toContain('empty');
  });

  it('rejects truncated JSON, naming the line and column where it ends', () => {
    const text = readFileSync(EXAMPLE, 'utf8');
    const cut = text.slice(0, text.indexOf('"metadata":', 2000) + '"metadata":'.length);
    const error = expectInputError(() => parse(cut, OPTIONS, 'cluster-rbac.json'), 'cluster-rbac.json');
    expect(error.file).toBe('cluster-rbac.json');
    const lines = cut.split('\n');
    expect(error.location).toBe(`line ${lines.length}, column ${(lines.at(-1)?.length ?? 0) + 1}`);
    expect(error.message).toContain('truncated');
  });

  it('rejects an AWS IAM export, saying what it looks like and what was expected', () => {
    const iam = JSON.stringify({ UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [] });
    const error = expectInputError(() => parse(iam, OPTIONS, 'iam.json'), 'iam.json');
    expect(error.message).toContain('iam.json');
    expect(error.message).toContain('AWS IAM export');
    expect(error.message).toContain(
      'kubectl get serviceaccounts,secrets,roles,clusterroles,rolebindings,clusterrolebindings',
    );
  });

  it('rejects a CloudTrail log', () => {
    const error = expectInputError(
      () => parse(JSON.stringify({ Records: [{ eventName: 'GetCallerIdentity' }] })),
      FILE,
    );
    expect(error.message).toContain('CloudTrail');
    expect(error.message).toContain('expected the JSON List');
  });

  it('rejects a GitHub org export', () => {
    const error = expectInputError(() => parse(JSON.stringify({ org: 'lumen-freight', members: [], repos: [] })), FILE);
    expect(error.message).toContain('GitHub org export');
  });

  it('rejects a single object that is not a List', () => {
    const error = expectInputError(() => parse(JSON.stringify(sa('ci', 'deployer'))), FILE);
    expect(error.message).toContain('single Kubernetes "ServiceAccount" object');
  });

  it('rejects a bare JSON array', () => {
    const error = expectInputError(() => parse(JSON.stringify([sa('ci', 'deployer')])), FILE);
    expect(error.message).toContain('JSON array');
  });

  it('rejects a List that holds only other kinds', () => {
    const items = [
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ci' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ci' } },
    ];
    const error = expectInputError(() => parse(list(items)), FILE);
    expect(error.location).toBe('items');
    expect(error.message).toContain('2 items of other kinds (Pod, ConfigMap)');
    expect(error.message).toContain('ServiceAccount');
  });

  it('rejects a typed list of another kind', () => {
    const error = expectInputError(() => parse(list([], 'PodList')), FILE);
    expect(error.location).toBe('kind');
    expect(error.message).toContain('"PodList"');
  });

  it('rejects a field of the wrong type, naming items[3].metadata.name', () => {
    const items = [sa('ci', 'a'), sa('ci', 'b'), sa('ci', 'c'), sa('ci', 'd')];
    (items[3] as { metadata: { name: unknown } }).metadata.name = 42;
    const error = expectInputError(() => parse(list(items)), FILE);
    expect(error.location).toBe('items[3].metadata.name');
    expect(error.message).toContain('expected string, got number');
  });

  it('rejects an item without a kind in a plain List', () => {
    const error = expectInputError(() => parse(list([{ metadata: { name: 'x' } }])), FILE);
    expect(error.location).toBe('items[0].kind');
  });

  it('rejects the same object given twice, naming both places', () => {
    const error = expectInputError(
      () => parse(list([sa('ci', 'deployer'), sa('ci', 'runner'), sa('ci', 'deployer')])),
      FILE,
    );
    expect(error.location).toBe('items[2]');
    expect(error.message).toContain('duplicate ServiceAccount "ci/deployer", already given at items[0]');
  });

  it('rejects a duplicate ClusterRole', () => {
    const rules = [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }];
    const error = expectInputError(
      () => parse(list([clusterRole('reader', rules), clusterRole('reader', rules)])),
      FILE,
    );
    expect(error.message).toContain('duplicate ClusterRole "reader", already given at items[0]');
  });

  it('rejects a subject of an unknown kind', () => {
    const error = expectInputError(() => parse(list([crb('r', 'view', [{ kind: 'Robot', name: 'x' }])])), FILE);
    expect(error.location).toBe('items[0].subjects[0].kind');
  });

  it('rejects a ClusterRoleBinding to a Role', () => {
    const binding = {
      ...crb('r', 'view', []),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'x' },
    };
    const error = expectInputError(() => parse(list([binding])), FILE);
    expect(error.location).toBe('items[0].roleRef.kind');
  });

  it('rejects a service-account subject of a ClusterRoleBinding without a namespace', () => {
    const error = expectInputError(
      () => parse(list([crb('r', 'view', [{ kind: 'ServiceAccount', name: 'deployer' }])])),
      FILE,
    );
    expect(error.location).toBe('items[0].subjects[0].namespace');
    expect(error.message).toContain('must give its namespace');
  });

  it('rejects a token secret that does not name its service account, without echoing its value', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 't', namespace: 'ci' },
      type: 'kubernetes.io/service-account-token',
      data: { token: 'VALUE-THAT-MUST-NOT-LEAK' },
    };
    const error = expectInputError(() => parse(list([secret])), FILE);
    expect(error.location).toBe('items[0].metadata.annotations["kubernetes.io/service-account.name"]');
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(
      'VALUE-THAT-MUST-NOT-LEAK',
    );
  });
});

function secretUid(text: string, namespace: string, name: string): string {
  const document = JSON.parse(text) as {
    items: Array<{ kind: string; metadata: { name: string; namespace?: string; uid: string } }>;
  };
  const secret = document.items.find(
    (item) => item.kind === 'Secret' && item.metadata.name === name && item.metadata.namespace === namespace,
  );
  if (secret === undefined) throw new Error('secret not in example');
  return secret.metadata.uid;
}
