import { describe, expect, it } from 'vitest';
import { ADMIN_STATEMENT, makeContext, makeEntitlement, makeIdentity, makePolicy } from '../testing.js';
import { wildcardAdminRule } from './wildcard-admin.js';

const ADMIN_POLICY = makePolicy({
  id: 'aws:arn:aws:iam::aws:policy/AdministratorAccess',
  name: 'AdministratorAccess',
  statements: [{ effect: 'allow', actions: ['*'], resources: ['*'], conditional: false }],
});
const policies = new Map([[ADMIN_POLICY.id, ADMIN_POLICY]]);

describe('wildcard-admin', () => {
  it('flags a non-human identity holding AdministratorAccess directly (shared policy) as critical', () => {
    const sa = makeIdentity({
      externalId: 'user/ci-deployer',
      entitlements: [
        makeEntitlement({ name: 'AdministratorAccess', type: 'aws-managed-policy', policyId: ADMIN_POLICY.id }),
      ],
    });
    const [finding] = wildcardAdminRule.evaluate(sa, makeContext({ identities: [sa], policies }));
    expect(finding).toMatchObject({
      id: 'wildcard-admin:aws:user/ci-deployer',
      severity: 'critical',
      owasp: ['NHI5'],
      nistCsf: ['PR.AA-05'],
      evidence: { policy: 'AdministratorAccess', heldVia: 'direct', via: null, standing: true, grants: 1 },
    });
  });

  it('flags a person who holds it through a group as high, naming the group', () => {
    const group = makeIdentity({
      externalId: 'group/admins',
      kind: 'group',
      name: 'admins',
      entitlements: [makeEntitlement({ name: 'AdministratorAccess', policyId: ADMIN_POLICY.id })],
    });
    const alice = makeIdentity({ externalId: 'user/alice', kind: 'human', memberOf: [group.id] });
    const [finding] = wildcardAdminRule.evaluate(alice, makeContext({ identities: [group, alice], policies }));
    expect(finding).toMatchObject({ severity: 'high', evidence: { heldVia: 'group', via: group.id } });
    expect(finding?.summary).toContain('via group "admins"');
  });

  it('flags cluster-admin held through a binding', () => {
    const sa = makeIdentity({
      externalId: 'prod-eu-1/ci/deployer',
      provider: 'k8s',
      entitlements: [
        makeEntitlement({
          name: 'cluster-admin',
          type: 'k8s-cluster-role',
          via: 'ClusterRoleBinding/ci-admin',
          statements: [ADMIN_STATEMENT],
        }),
      ],
    });
    const [finding] = wildcardAdminRule.evaluate(sa, makeContext({ identities: [sa] }));
    expect(finding?.evidence).toMatchObject({ heldVia: 'binding', via: 'ClusterRoleBinding/ci-admin' });
  });

  it('does not flag cluster-admin bound in one namespace: the binding scopes the ClusterRole (control)', () => {
    const clusterAdmin = makePolicy({
      id: 'kubernetes:prod-eu-1/clusterrole:cluster-admin',
      name: 'cluster-admin',
      statements: [ADMIN_STATEMENT],
    });
    const sa = makeIdentity({
      externalId: 'prod-eu-1/payments/api',
      provider: 'kubernetes',
      entitlements: [
        makeEntitlement({
          name: 'cluster-admin',
          type: 'k8s-cluster-role',
          via: 'RoleBinding payments/api-admin',
          policyId: clusterAdmin.id,
          statements: [{ effect: 'allow', actions: ['*'], resources: ['namespaces/payments/*'], conditional: false }],
        }),
      ],
    });
    const scoped = makeContext({ identities: [sa], policies: new Map([[clusterAdmin.id, clusterAdmin]]) });
    expect(wildcardAdminRule.evaluate(sa, scoped)).toEqual([]);
  });

  it('does not flag scoped, conditional, deny, boundary or trust statements (control)', () => {
    const sa = makeIdentity({
      externalId: 'scoped',
      entitlements: [
        makeEntitlement({
          name: 'read',
          statements: [{ effect: 'allow', actions: ['s3:GetObject'], resources: ['*'], conditional: false }],
        }),
        makeEntitlement({ name: 'cond', statements: [{ ...ADMIN_STATEMENT, conditional: true }] }),
        makeEntitlement({ name: 'deny', statements: [{ ...ADMIN_STATEMENT, effect: 'deny' }] }),
        makeEntitlement({ name: 'boundary', type: 'aws-permissions-boundary', policyId: ADMIN_POLICY.id }),
        makeEntitlement({ name: 'trust', type: 'aws-trust-policy', statements: [ADMIN_STATEMENT] }),
      ],
    });
    expect(wildcardAdminRule.evaluate(sa, makeContext({ identities: [sa], policies }))).toEqual([]);
  });

  it('does not flag the group itself, nor members of a deleted group (control)', () => {
    const group = makeIdentity({
      externalId: 'group/admins',
      kind: 'group',
      status: 'deleted',
      entitlements: [makeEntitlement({ name: 'admin', statements: [ADMIN_STATEMENT] })],
    });
    const bob = makeIdentity({ externalId: 'user/bob', kind: 'human', memberOf: [group.id] });
    const ctx = makeContext({ identities: [group, bob] });
    expect(wildcardAdminRule.evaluate(group, ctx)).toEqual([]);
    expect(wildcardAdminRule.evaluate(bob, ctx)).toEqual([]);
  });
});
