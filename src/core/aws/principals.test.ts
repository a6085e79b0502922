import { describe, expect, it } from 'vitest';
import type { Entitlement, Identity, Policy } from '../inventory/identity.js';
import { awsEstate } from './principals.js';

const ACCOUNT = '210987654321';
const arn = (type: string, name: string) => `arn:aws:iam::${ACCOUNT}:${type}/${name}`;
const doc = (action: string) => JSON.stringify({ Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

function identity(type: 'user' | 'role' | 'group', name: string, extra: Partial<Identity> = {}): Identity {
  const externalId = arn(type, name);
  return {
    id: `aws:${externalId}`,
    provider: 'aws',
    externalId,
    kind: type === 'group' ? 'group' : type === 'role' ? 'role' : 'human',
    name,
    owner: null,
    systemOfRecord: `aws-iam:${ACCOUNT}`,
    status: 'active',
    createdAt: null,
    lastUsedAt: null,
    usageTracked: true,
    expiresAt: null,
    mfaEnabled: null,
    credentials: [],
    entitlements: [],
    memberOf: [],
    tags: {},
    attributes: {},
    firstSeenAt: '2026-11-20T12:00:00.000Z',
    lastSeenAt: '2026-11-20T12:00:00.000Z',
    deletedAt: null,
    importId: 'i',
    origin: `aws-iam:${ACCOUNT}`,
    ...extra,
  };
}

const inline = (name: string, document: string): Entitlement => ({
  type: 'aws-inline-policy',
  name,
  via: null,
  policyId: null,
  document,
  statements: [],
});
const managed = (policy: Policy, type: Entitlement['type'] = 'aws-managed-policy'): Entitlement => ({
  type,
  name: policy.name,
  via: null,
  policyId: policy.id,
  document: null,
  statements: [],
});
function policy(name: string, versions: { id: string; document: string; isDefault: boolean }[]): Policy {
  const current = versions.find((v) => v.isDefault) ?? versions[0];
  return {
    id: `aws:${arn('policy', name)}`,
    provider: 'aws',
    externalId: arn('policy', name),
    name,
    document: current?.document ?? '{}',
    statements: [],
    versions: versions.map((v) => ({ versionId: v.id, isDefault: v.isDefault, createdAt: null, document: v.document })),
    attributes: {},
  };
}

describe('awsEstate', () => {
  const deploy = policy('deploy', [
    { id: 'v1', document: doc('s3:*'), isDefault: false },
    { id: 'v2', document: doc('lambda:*'), isDefault: true },
  ]);
  const bound = policy('dev-boundary', [{ id: 'v1', document: doc('s3:*'), isDefault: true }]);
  const admins = identity('group', 'admins', { entitlements: [inline('group-ops', doc('iam:*')), managed(deploy)] });
  const alice = identity('user', 'alice', {
    memberOf: [admins.id],
    entitlements: [inline('own', doc('ec2:*')), managed(bound, 'aws-permissions-boundary')],
    credentials: [
      {
        id: 'password',
        type: 'password',
        status: 'active',
        createdAt: null,
        lastUsedAt: null,
        lastRotatedAt: null,
        expiresAt: null,
        fingerprint: null,
      },
    ],
  });
  const role = identity('role', 'ci', {
    attributes: { instanceProfiles: [{ name: 'ci', arn: arn('instance-profile', 'ci') }] },
    entitlements: [
      {
        type: 'aws-trust-policy',
        name: 'trust-policy',
        via: null,
        policyId: null,
        document: JSON.stringify({
          Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
        statements: [],
      },
      managed(deploy),
    ],
  });
  const policies = new Map([deploy, bound].map((p) => [p.id, p]));

  it("gives a user its groups' policies, labelled with the group, and its boundary", () => {
    const { principals, problems } = awsEstate([admins, alice, role], policies);
    expect(problems).toEqual([]);
    const user = principals.get(alice.externalId);
    expect(user?.policies.identity.map((set) => set.label)).toEqual([
      'inline policy own',
      'inline policy group-ops (via group admins)',
      'managed policy deploy (via group admins)',
    ]);
    expect(user?.policies.boundary?.label).toBe('permissions boundary dev-boundary');
    expect(user?.groups).toEqual([admins.externalId]);
    expect(user?.attached.map((p) => [p.name, p.viaGroup])).toEqual([['deploy', admins.externalId]]);
    expect(user?.hasPassword).toBe(true);
  });

  it('keeps every version of an attached policy, and a role its trust and instance profiles', () => {
    const ci = awsEstate([role], policies).principals.get(role.externalId);
    expect(ci?.attached[0]?.versions.map((v) => [v.versionId, v.isDefault, v.statements[0]?.Action])).toEqual([
      ['v1', false, 's3:*'],
      ['v2', true, 'lambda:*'],
    ]);
    expect(ci?.trust?.[0]?.Principal).toEqual({ Service: 'ec2.amazonaws.com' });
    expect(ci?.instanceProfiles).toEqual([arn('instance-profile', 'ci')]);
    expect(ci?.hasPassword).toBe(false);
  });

  it('lists a document it cannot read once, and analyses its holders without it', () => {
    const broken = policy('broken', [{ id: 'v1', document: '{"Statement": ', isDefault: true }]);
    const holders = ['a', 'b'].map((name) =>
      identity('user', name, { entitlements: [managed(broken), inline('ok', doc('s3:*'))] }),
    );
    const { principals, problems } = awsEstate(holders, new Map([[broken.id, broken]]));
    expect(problems).toEqual([
      { identityId: holders[0]?.id, policy: 'managed policy broken', problem: 'the document is not valid JSON' },
    ]);
    expect(principals.get(holders[1]?.externalId ?? '')?.policies.identity.map((set) => set.label)).toEqual([
      'inline policy ok',
    ]);
  });

  it('leaves out deleted identities and what is not a user, role or group', () => {
    const gone = identity('user', 'gone', { status: 'deleted' });
    const rootAccount = {
      ...identity('user', 'x'),
      externalId: `arn:aws:iam::${ACCOUNT}:root`,
      id: `aws:arn:aws:iam::${ACCOUNT}:root`,
    };
    expect([...awsEstate([gone, rootAccount], new Map()).principals.keys()]).toEqual([]);
  });
});
