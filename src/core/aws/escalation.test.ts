import { describe, expect, it } from 'vitest';
import {
  ADMIN_PROBE_ACTIONS,
  AWS_TECHNIQUES,
  adminEquivalence,
  awsEscalations,
  type EscalationEdge,
  ROLE_SET_THRESHOLD,
} from './escalation.js';
import type { PolicyStatementJson } from './policy-document.js';
import type { PolicySet } from './policy-evaluation.js';
import type { AttachedPolicy, AwsEstate, AwsPrincipal } from './principals.js';
import { allow, deny } from './testing.js';

// ─── Building estates ─────────────────────────────────────────────────────────────────────

const A = '111122223333';
const B = '444455556666';
const iam = (type: string, name: string, account = A): string => `arn:aws:iam::${account}:${type}/${name}`;

const trustAws = (principal: string | string[], extra = {}): PolicyStatementJson => ({
  Effect: 'Allow',
  Action: 'sts:AssumeRole',
  Principal: { AWS: principal },
  ...extra,
});
const trustService = (service: string | string[], extra = {}): PolicyStatementJson => ({
  Effect: 'Allow',
  Action: 'sts:AssumeRole',
  Principal: { Service: service },
  ...extra,
});

interface Version {
  versionId: string;
  isDefault: boolean;
  statements: PolicyStatementJson[];
}

/** A managed policy with its versions; the first version is the default unless one says otherwise. */
function managed(name: string, versions: PolicyStatementJson[] | Version[], awsManaged = false): AttachedPolicy {
  const list: Version[] =
    versions.length > 0 && 'versionId' in (versions[0] as object)
      ? (versions as Version[])
      : [{ versionId: 'v1', isDefault: true, statements: versions as PolicyStatementJson[] }];
  return {
    arn: awsManaged ? `arn:aws:iam::aws:policy/${name}` : iam('policy', name),
    name,
    awsManaged,
    viaGroup: null,
    versions: list,
  };
}

interface Make {
  type?: 'user' | 'role' | 'group';
  account?: string;
  path?: string;
  inline?: PolicyStatementJson[];
  managed?: AttachedPolicy[];
  boundary?: PolicyStatementJson[];
  groups?: AwsPrincipal[];
  trust?: PolicyStatementJson[] | null;
  instanceProfiles?: string[];
  hasPassword?: boolean | null;
}

/** An AwsPrincipal as principals.ts would build it: own inline and managed policies, then its groups'. */
function make(name: string, m: Make = {}): AwsPrincipal {
  const type = m.type ?? 'user';
  const account = m.account ?? A;
  const arn = iam(type, `${m.path ?? ''}${name}`, account);
  const sets: PolicySet[] = [];
  if (m.inline !== undefined) sets.push({ label: `inline policy ${name}-policy`, statements: m.inline });
  const attached: AttachedPolicy[] = [];
  for (const policy of m.managed ?? []) {
    const current = policy.versions.find((v) => v.isDefault);
    sets.push({ label: `managed policy ${policy.name}`, statements: current?.statements ?? [] });
    attached.push(policy);
  }
  for (const group of m.groups ?? []) {
    for (const set of group.policies.identity) {
      sets.push({ label: `${set.label} (via group ${group.name})`, statements: set.statements });
    }
    for (const policy of group.attached) attached.push({ ...policy, viaGroup: group.arn });
  }
  return {
    id: `aws:${arn}`,
    arn,
    account,
    type,
    name,
    policies: {
      identity: sets,
      boundary:
        m.boundary === undefined ? null : { label: `permissions boundary ${name}-boundary`, statements: m.boundary },
    },
    attached,
    groups: (m.groups ?? []).map((g) => g.arn),
    trust: type === 'role' ? (m.trust ?? null) : null,
    instanceProfiles: m.instanceProfiles ?? [],
    hasPassword: type === 'user' ? (m.hasPassword === undefined ? null : m.hasPassword) : false,
  };
}

const estate = (...principals: AwsPrincipal[]): AwsEstate => ({
  principals: new Map(principals.map((p) => [p.arn, p])),
  problems: [],
});

const edges = (e: AwsEstate, technique: string): EscalationEdge[] =>
  awsEscalations(e).filter((edge) => edge.technique === technique);

const toAdmin = (account = A) => ({ kind: 'admin', account });
const toPrincipal = (arn: string) => ({ kind: 'principal', arn });

const ADMIN: PolicyStatementJson[] = [allow('*')];

// ─── The catalogue ────────────────────────────────────────────────────────────────────────

describe('AWS_TECHNIQUES', () => {
  it('has at least 30 techniques with unique kebab-case ids, a name, a description and a reference', () => {
    expect(AWS_TECHNIQUES.length).toBeGreaterThanOrEqual(30);
    const ids = AWS_TECHNIQUES.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const technique of AWS_TECHNIQUES) {
      expect(technique.id.split('-').every((part) => part.length > 0 && part === part.toLowerCase())).toBe(true);
      expect(technique.name.length).toBeGreaterThan(0);
      expect(technique.description.length).toBeGreaterThan(40);
      expect(technique.reference.startsWith('https://')).toBe(true);
    }
    expect(ids).toContain('sts-assume-role');
  });
});

// ─── Admin-equivalence ────────────────────────────────────────────────────────────────────

describe('adminEquivalence', () => {
  it('holds for an AdministratorAccess-like policy, naming the statement', () => {
    const admin = make('root-ish', { managed: [managed('AdministratorAccess', ADMIN, true)] });
    expect(adminEquivalence(admin)).toEqual({
      evidence: [
        `every probed action (${ADMIN_PROBE_ACTIONS.length}) on *: managed policy AdministratorAccess, statement 1`,
      ],
      assumptions: [],
    });
  });

  it('does not hold for PowerUserAccess (NotAction iam:*)', () => {
    const power = make('power', {
      managed: [
        managed(
          'PowerUserAccess',
          [
            { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
            allow(['iam:CreateServiceLinkedRole', 'iam:ListRoles']),
          ],
          true,
        ),
      ],
    });
    expect(adminEquivalence(power)).toBeNull();
  });

  it('does not hold for a list of named services, however long', () => {
    const many = make('many', { inline: [allow(['iam:*', 'sts:*', 's3:*', 'ec2:*', 'kms:*', 'lambda:*'])] });
    expect(adminEquivalence(many)).toBeNull();
  });

  it('does not hold for an admin whose permissions boundary allows less', () => {
    const bounded = make('bounded', { inline: ADMIN, boundary: [allow(['s3:*', 'logs:*'])] });
    expect(adminEquivalence(bounded)).toBeNull();
    const openBoundary = make('open', { inline: ADMIN, boundary: [allow('*')] });
    expect(adminEquivalence(openBoundary)).not.toBeNull();
  });

  it('does not hold when a Deny covers a probed action everywhere', () => {
    expect(adminEquivalence(make('x', { inline: [...ADMIN, deny('iam:*')] }))).toBeNull();
  });

  it('does not hold when the Allow covers only some resources', () => {
    expect(adminEquivalence(make('x', { inline: [allow('*', `arn:aws:*:*:${A}:*`)] }))).toBeNull();
  });

  it('holds beside a Deny on particular resources, and says so', () => {
    const admin = make('x', { inline: [...ADMIN, deny('s3:*', 'arn:aws:s3:::payroll/*', { Sid: 'NoPayroll' })] });
    expect(adminEquivalence(admin)?.assumptions).toEqual([
      'inline policy x-policy, statement "NoPayroll" denies particular actions, resources or conditions: everything else is allowed',
    ]);
  });

  it('holds on an unknown condition, stated as an assumption', () => {
    const admin = make('x', {
      inline: [allow('*', '*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })],
    });
    expect(adminEquivalence(admin)?.assumptions).toEqual([
      'inline policy x-policy, statement 1 allows it if Bool aws:MultiFactorAuthPresent "true": assumed to hold',
    ]);
  });
});

// ─── Policy versions ──────────────────────────────────────────────────────────────────────

describe('iam-create-policy-version', () => {
  const policy = (statements: PolicyStatementJson[]) => managed('ops', statements);

  it('reaches admin through an attached customer-managed policy, naming the statement', () => {
    const alice = make('alice', {
      managed: [policy([allow('s3:*'), allow('iam:CreatePolicyVersion', iam('policy', 'ops'))])],
    });
    const found = edges(estate(alice), 'iam-create-policy-version');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ from: alice.arn, to: toAdmin() });
    expect(found[0]?.evidence).toContain(
      `iam:CreatePolicyVersion on ${iam('policy', 'ops')}: managed policy ops, statement 2`,
    );
    expect(found[0]?.evidence).toContain('managed policy ops is attached to user alice');
  });

  it('reaches admin through a policy attached to one of its groups', () => {
    const devs = make('devs', {
      type: 'group',
      managed: [policy([allow('iam:CreatePolicyVersion', iam('policy', 'ops'))])],
    });
    const bob = make('bob', { groups: [devs] });
    const found = edges(estate(bob, devs), 'iam-create-policy-version').filter((e) => e.from === bob.arn);
    expect(found).toHaveLength(1);
    expect(found[0]?.evidence).toContain(
      `iam:CreatePolicyVersion on ${iam('policy', 'ops')}: managed policy ops (via group devs), statement 1`,
    );
    expect(found[0]?.evidence).toContain('managed policy ops is attached to group devs, which user bob belongs to');
  });

  it('is not reported when the resource is another policy', () => {
    const alice = make('alice', { managed: [policy([allow('iam:CreatePolicyVersion', iam('policy', 'other'))])] });
    expect(edges(estate(alice), 'iam-create-policy-version')).toEqual([]);
  });

  it('is not reported for an AWS-managed policy', () => {
    const alice = make('alice', { managed: [managed('ViewOnly', [allow('iam:CreatePolicyVersion')], true)] });
    expect(edges(estate(alice), 'iam-create-policy-version')).toEqual([]);
  });

  it('is not reported when the permissions boundary would keep the new version from making it admin', () => {
    const alice = make('alice', {
      managed: [policy([allow('iam:CreatePolicyVersion')])],
      boundary: [allow(['iam:CreatePolicyVersion', 's3:*'])],
    });
    expect(edges(estate(alice), 'iam-create-policy-version')).toEqual([]);
  });

  it('is not reported under an explicit Deny', () => {
    const alice = make('alice', {
      managed: [policy([allow('iam:CreatePolicyVersion')])],
      inline: [deny('iam:CreatePolicyVersion')],
    });
    expect(edges(estate(alice), 'iam-create-policy-version')).toEqual([]);
  });

  it('needs iam:DeletePolicyVersion too when the policy already has five versions', () => {
    const versions = (statements: PolicyStatementJson[]): Version[] =>
      ['v1', 'v2', 'v3', 'v4', 'v5'].map((versionId, i) => ({ versionId, isDefault: i === 0, statements }));
    const without = make('alice', { managed: [managed('ops', versions([allow('iam:CreatePolicyVersion')]))] });
    expect(edges(estate(without), 'iam-create-policy-version')).toEqual([]);
    const withDelete = make('alice', {
      managed: [managed('ops', versions([allow(['iam:CreatePolicyVersion', 'iam:DeletePolicyVersion'])]))],
    });
    const found = edges(estate(withDelete), 'iam-create-policy-version');
    expect(found).toHaveLength(1);
    expect(found[0]?.evidence).toContain('managed policy ops has 5 versions, the most IAM keeps');
  });
});

describe('iam-set-default-policy-version', () => {
  const versions = (older: PolicyStatementJson[]): AttachedPolicy =>
    managed('ops', [
      { versionId: 'v2', isDefault: true, statements: [allow('iam:SetDefaultPolicyVersion', iam('policy', 'ops'))] },
      { versionId: 'v1', isDefault: false, statements: older },
    ]);

  it('reaches admin when a non-default version would make the actor admin-equivalent', () => {
    const alice = make('alice', { managed: [versions(ADMIN)] });
    const found = edges(estate(alice), 'iam-set-default-policy-version');
    expect(found).toHaveLength(1);
    expect(found[0]?.to).toEqual(toAdmin());
    expect(found[0]?.evidence).toContain(
      `iam:SetDefaultPolicyVersion on ${iam('policy', 'ops')}: managed policy ops, statement 1`,
    );
    expect(found[0]?.evidence).toContain('version v1 of managed policy ops exists and is not the default');
  });

  it('is not reported when no other version is wider', () => {
    const alice = make('alice', { managed: [versions([allow('s3:*')])] });
    expect(edges(estate(alice), 'iam-set-default-policy-version')).toEqual([]);
  });

  it('is not reported under an explicit Deny', () => {
    const alice = make('alice', { managed: [versions(ADMIN)], inline: [deny('iam:SetDefaultPolicyVersion')] });
    expect(edges(estate(alice), 'iam-set-default-policy-version')).toEqual([]);
  });
});

// ─── Other users' credentials ─────────────────────────────────────────────────────────────

describe('iam-create-access-key', () => {
  it("reaches another user through an access key, naming the user's statement", () => {
    const alice = make('alice', { inline: [allow('iam:CreateAccessKey', iam('user', 'bob'), { Sid: 'Keys' })] });
    const bob = make('bob');
    const found = edges(estate(alice, bob), 'iam-create-access-key');
    expect(found).toEqual([
      {
        from: alice.arn,
        to: toPrincipal(bob.arn),
        technique: 'iam-create-access-key',
        evidence: [`iam:CreateAccessKey on ${bob.arn}: inline policy alice-policy, statement "Keys"`],
        assumptions: ['user bob holds fewer than two access keys (the inventory does not count them)'],
      },
    ]);
  });

  it('is not reported for a user the resource excludes, for itself, or in another account', () => {
    const alice = make('alice', {
      inline: [allow('iam:CreateAccessKey', [iam('user', 'carol'), iam('user', 'alice')])],
    });
    const bob = make('bob');
    const elsewhere = make('carol', { account: B });
    expect(edges(estate(alice, bob, elsewhere), 'iam-create-access-key')).toEqual([]);
  });

  it("carries the permission's own assumptions", () => {
    const mfa = { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } };
    const alice = make('alice', { inline: [allow('iam:CreateAccessKey', iam('user', '*'), mfa)] });
    expect(edges(estate(alice, make('bob')), 'iam-create-access-key')[0]?.assumptions).toEqual([
      'inline policy alice-policy, statement 1 allows it if Bool aws:MultiFactorAuthPresent "true": assumed to hold',
      'user bob holds fewer than two access keys (the inventory does not count them)',
    ]);
  });

  it('is not reported under an explicit Deny', () => {
    const alice = make('alice', { inline: [allow('iam:*'), deny('iam:CreateAccessKey', iam('user', '*'))] });
    expect(edges(estate(alice, make('bob')), 'iam-create-access-key')).toEqual([]);
  });

  it('is not reported when the permissions boundary does not allow it', () => {
    const alice = make('alice', { inline: [allow('iam:CreateAccessKey')], boundary: [allow('s3:*')] });
    expect(edges(estate(alice, make('bob')), 'iam-create-access-key')).toEqual([]);
  });
});

describe('iam-create-login-profile', () => {
  const actor = (extra: PolicyStatementJson[] = []) =>
    make('alice', { inline: [allow('iam:CreateLoginProfile', iam('user', '*')), ...extra] });

  it('reaches a user without a console password', () => {
    const bob = make('bob', { hasPassword: false });
    const found = edges(estate(actor(), bob), 'iam-create-login-profile');
    expect(found).toHaveLength(1);
    expect(found[0]?.to).toEqual(toPrincipal(bob.arn));
    expect(found[0]?.evidence).toEqual([
      `iam:CreateLoginProfile on ${bob.arn}: inline policy alice-policy, statement 1`,
      'user bob has no console password',
    ]);
  });

  it('assumes there is no password when no source says', () => {
    const bob = make('bob', { hasPassword: null });
    const found = edges(estate(actor(), bob), 'iam-create-login-profile');
    expect(found[0]?.assumptions).toContain('user bob has no console password (no credential report says)');
  });

  it('is not reported for a user who has a password', () => {
    expect(edges(estate(actor(), make('bob', { hasPassword: true })), 'iam-create-login-profile')).toEqual([]);
  });

  it('is not reported under an explicit Deny', () => {
    const bob = make('bob', { hasPassword: false });
    expect(edges(estate(actor([deny('iam:*LoginProfile')]), bob), 'iam-create-login-profile')).toEqual([]);
  });
});

describe('iam-update-login-profile', () => {
  const actor = (Resource = iam('user', '*')) => make('alice', { inline: [allow('iam:UpdateLoginProfile', Resource)] });

  it('reaches a user with a console password', () => {
    const bob = make('bob', { hasPassword: true });
    const found = edges(estate(actor(), bob), 'iam-update-login-profile');
    expect(found).toHaveLength(1);
    expect(found[0]?.evidence).toContain('user bob has a console password');
  });

  it('is not reported for a user without a password', () => {
    expect(edges(estate(actor(), make('bob', { hasPassword: false })), 'iam-update-login-profile')).toEqual([]);
  });

  it('is not reported for a user the resource excludes', () => {
    const bob = make('bob', { hasPassword: true });
    expect(edges(estate(actor(iam('user', 'svc-*')), bob), 'iam-update-login-profile')).toEqual([]);
  });
});

// ─── Writing its own policies ─────────────────────────────────────────────────────────────

describe('iam-attach-user-policy', () => {
  it('reaches admin by attaching AdministratorAccess to itself', () => {
    const alice = make('alice', { inline: [allow('iam:AttachUserPolicy', iam('user', 'alice'))] });
    const found = edges(estate(alice), 'iam-attach-user-policy');
    expect(found).toHaveLength(1);
    expect(found[0]?.to).toEqual(toAdmin());
    expect(found[0]?.evidence[0]).toBe(
      `iam:AttachUserPolicy on ${alice.arn} (iam:PolicyARN arn:aws:iam::aws:policy/AdministratorAccess): inline policy alice-policy, statement 1`,
    );
  });

  it('is not reported when a condition limits the policies it may attach', () => {
    const alice = make('alice', {
      inline: [
        allow('iam:AttachUserPolicy', iam('user', 'alice'), {
          Condition: { ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/ReadOnlyAccess' } },
        }),
      ],
    });
    expect(edges(estate(alice), 'iam-attach-user-policy')).toEqual([]);
  });

  it('is not reported when its permissions boundary would keep it from being admin', () => {
    const alice = make('alice', { inline: [allow('iam:AttachUserPolicy')], boundary: [allow('iam:AttachUserPolicy')] });
    expect(edges(estate(alice), 'iam-attach-user-policy')).toEqual([]);
  });

  it('is not reported when the resource is another user', () => {
    const alice = make('alice', { inline: [allow('iam:AttachUserPolicy', iam('user', 'bob'))] });
    expect(edges(estate(alice), 'iam-attach-user-policy')).toEqual([]);
  });
});

describe('iam-put-user-policy', () => {
  it('reaches admin by writing an inline policy on itself', () => {
    const alice = make('alice', { inline: [allow('iam:PutUserPolicy', iam('user', 'alice'))] });
    const found = edges(estate(alice), 'iam-put-user-policy');
    expect(found).toHaveLength(1);
    expect(found[0]?.evidence).toContain(`iam:PutUserPolicy on ${alice.arn}: inline policy alice-policy, statement 1`);
    expect(found[0]?.evidence).toContain(
      'with inline policy on user alice, user alice is admin-equivalent (its permissions boundary and Deny statements checked)',
    );
  });

  it('is not reported when a Deny elsewhere would still refuse everything sensitive', () => {
    const alice = make('alice', { inline: [allow('iam:PutUserPolicy'), deny('iam:Create*')] });
    expect(edges(estate(alice), 'iam-put-user-policy')).toEqual([]);
  });
});

describe('iam-attach-group-policy and iam-put-group-policy', () => {
  const devs = make('devs', { type: 'group' });
  const others = make('others', { type: 'group' });

  it('reach admin through a group the actor belongs to', () => {
    const alice = make('alice', {
      groups: [devs],
      inline: [allow(['iam:AttachGroupPolicy', 'iam:PutGroupPolicy'], iam('group', 'devs'))],
    });
    const all = awsEscalations(estate(alice, devs, others)).filter((e) => e.from === alice.arn);
    expect(all.map((e) => e.technique)).toEqual(['iam-attach-group-policy', 'iam-put-group-policy']);
    expect(all[0]?.evidence).toContain('user alice is a member of group devs');
  });

  it('are not reported for a group the actor is not in', () => {
    const alice = make('alice', {
      groups: [devs],
      inline: [allow(['iam:AttachGroupPolicy', 'iam:PutGroupPolicy'], iam('group', 'others'))],
    });
    expect(awsEscalations(estate(alice, devs, others)).filter((e) => e.from === alice.arn)).toEqual([]);
  });

  it('iam-put-group-policy is not reported under an explicit Deny', () => {
    const alice = make('alice', {
      groups: [devs],
      inline: [allow('iam:PutGroupPolicy', iam('group', 'devs')), deny('iam:PutGroupPolicy')],
    });
    expect(edges(estate(alice, devs), 'iam-put-group-policy')).toEqual([]);
  });

  it('iam-attach-group-policy is not reported when the boundary does not allow it', () => {
    const alice = make('alice', {
      groups: [devs],
      inline: [allow('iam:AttachGroupPolicy', iam('group', 'devs'))],
      boundary: [allow('s3:*')],
    });
    expect(edges(estate(alice, devs), 'iam-attach-group-policy')).toEqual([]);
  });
});

describe('iam-attach-role-policy and iam-put-role-policy', () => {
  it('reach admin from a role that may change its own policies', () => {
    const ci = make('ci', {
      type: 'role',
      inline: [allow(['iam:AttachRolePolicy', 'iam:PutRolePolicy'], iam('role', 'ci'))],
    });
    expect(awsEscalations(estate(ci)).map((e) => [e.technique, e.to])).toEqual([
      ['iam-attach-role-policy', toAdmin()],
      ['iam-put-role-policy', toAdmin()],
    ]);
  });

  it('are not reported for another role the resource names', () => {
    const ci = make('ci', {
      type: 'role',
      inline: [allow(['iam:AttachRolePolicy', 'iam:PutRolePolicy'], iam('role', 'deploy'))],
    });
    expect(awsEscalations(estate(ci))).toEqual([]);
  });

  it('are not reported for a service-linked role, which cannot be changed', () => {
    const linked = make('AWSServiceRoleForX', {
      type: 'role',
      path: 'aws-service-role/x.amazonaws.com/',
      inline: [allow(['iam:AttachRolePolicy', 'iam:PutRolePolicy'])],
    });
    expect(awsEscalations(estate(linked))).toEqual([]);
  });

  it('iam-put-role-policy is not reported when the boundary would keep it from being admin', () => {
    const ci = make('ci', {
      type: 'role',
      inline: [allow('iam:PutRolePolicy')],
      boundary: [allow(['iam:PutRolePolicy', 'ec2:*'])],
    });
    expect(edges(estate(ci), 'iam-put-role-policy')).toEqual([]);
  });
});

describe('iam-add-user-to-group', () => {
  const admins = make('admins', { type: 'group', managed: [managed('AdministratorAccess', ADMIN, true)] });

  it("reaches a group's rights by joining it", () => {
    const alice = make('alice', { inline: [allow('iam:AddUserToGroup', iam('group', 'admins'))] });
    const found = edges(estate(alice, admins), 'iam-add-user-to-group');
    expect(found).toEqual([
      {
        from: alice.arn,
        to: toPrincipal(admins.arn),
        technique: 'iam-add-user-to-group',
        evidence: [
          `iam:AddUserToGroup on ${admins.arn}: inline policy alice-policy, statement 1`,
          'user alice is not a member of group admins',
        ],
        assumptions: [],
      },
    ]);
  });

  it('is not reported for a group the resource excludes', () => {
    const alice = make('alice', { inline: [allow('iam:AddUserToGroup', iam('group', 'readers'))] });
    expect(edges(estate(alice, admins), 'iam-add-user-to-group')).toEqual([]);
  });

  it('is not reported for a group it is already in', () => {
    const alice = make('alice', { groups: [admins], inline: [allow('iam:AddUserToGroup')] });
    expect(edges(estate(alice, admins), 'iam-add-user-to-group')).toEqual([]);
  });
});

// ─── Roles: trust ─────────────────────────────────────────────────────────────────────────

describe('iam-update-assume-role-policy', () => {
  const target = make('deploy', { type: 'role', trust: [trustService('ec2.amazonaws.com')] });

  it('reaches a role whose trust policy it may rewrite and which it may assume', () => {
    const alice = make('alice', { inline: [allow(['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole'], target.arn)] });
    const found = edges(estate(alice, target), 'iam-update-assume-role-policy');
    expect(found).toHaveLength(1);
    expect(found[0]?.evidence).toEqual([
      `iam:UpdateAssumeRolePolicy on ${target.arn}: inline policy alice-policy, statement 1`,
      `sts:AssumeRole on ${target.arn}: inline policy alice-policy, statement 1`,
    ]);
  });

  it('is not reported without sts:AssumeRole', () => {
    const alice = make('alice', { inline: [allow('iam:UpdateAssumeRolePolicy', target.arn)] });
    expect(edges(estate(alice, target), 'iam-update-assume-role-policy')).toEqual([]);
  });

  it('is not reported under an explicit Deny', () => {
    const alice = make('alice', {
      inline: [allow(['iam:UpdateAssumeRolePolicy', 'sts:AssumeRole']), deny('iam:Update*')],
    });
    expect(edges(estate(alice, target), 'iam-update-assume-role-policy')).toEqual([]);
  });
});

describe('sts-assume-role', () => {
  it('draws one edge to a set of roles when a pattern covers many, each member with its trust', () => {
    const roles = Array.from({ length: ROLE_SET_THRESHOLD + 2 }, (_, i) =>
      make(`app-${String(i).padStart(2, '0')}`, { type: 'role', trust: [trustAws(`arn:aws:iam::${A}:root`)] }),
    );
    const alice = make('alice', { inline: [allow('sts:AssumeRole', iam('role', 'app-*'))] });
    const found = edges(estate(alice, ...roles), 'sts-assume-role');
    expect(found).toHaveLength(1);
    const to = found[0]?.to;
    expect(to?.kind).toBe('roles');
    if (to?.kind !== 'roles') return;
    expect(to.label).toBe(`roles matching ${iam('role', 'app-*')} that trust account ${A}`);
    expect(to.members.map((member) => member.arn)).toEqual(roles.map((role) => role.arn));
    expect(to.members[0]?.evidence[0]).toMatch(/^role app-00 trusts /);
    expect(found[0]?.evidence[0]).toMatch(/^sts:AssumeRole on arn:aws:iam::111122223333:role\/app-\*/);
    // The same pattern held by another principal of the account reaches the same set.
    const bob = make('bob', { inline: [allow('sts:AssumeRole', iam('role', 'app-*'))] });
    const both = edges(estate(alice, bob, ...roles), 'sts-assume-role');
    expect(both.map((edge) => edge.to)).toEqual([to, to]);
  });

  it('asks per actor about the roles of a set whose trust depends on who asks', () => {
    const roles = Array.from({ length: ROLE_SET_THRESHOLD + 1 }, (_, i) =>
      make(`app-${i}`, { type: 'role', trust: [trustAws(`arn:aws:iam::${A}:root`)] }),
    );
    const guarded = make('app-guarded', {
      type: 'role',
      trust: [trustAws(`arn:aws:iam::${A}:root`), { ...trustAws(iam('user', 'alice')), Effect: 'Deny' }],
    });
    const alice = make('alice', { inline: [allow('sts:AssumeRole', iam('role', 'app-*'))] });
    const bob = make('bob', { inline: [allow('sts:AssumeRole', iam('role', 'app-*'))] });
    const found = edges(estate(alice, bob, guarded, ...roles), 'sts-assume-role');
    const set = found.find((edge) => edge.to.kind === 'roles')?.to;
    expect(set?.kind === 'roles' ? set.members.map((member) => member.arn) : []).not.toContain(guarded.arn);
    const direct = found.filter((edge) => edge.to.kind === 'principal').map((edge) => [edge.from, edge.to]);
    expect(direct).toEqual([[bob.arn, toPrincipal(guarded.arn)]]);
  });

  it('draws an edge per role when a pattern covers few, and none when a Deny refuses the pattern', () => {
    const roles = [0, 1].map((i) => make(`app-${i}`, { type: 'role', trust: [trustAws(`arn:aws:iam::${A}:root`)] }));
    const alice = make('alice', { inline: [allow('sts:AssumeRole', iam('role', 'app-*'))] });
    expect(edges(estate(alice, ...roles), 'sts-assume-role').map((edge) => edge.to)).toEqual(
      roles.map((role) => toPrincipal(role.arn)),
    );
    const many = Array.from({ length: ROLE_SET_THRESHOLD + 1 }, (_, i) =>
      make(`app-${i}`, { type: 'role', trust: [trustAws(`arn:aws:iam::${A}:root`)] }),
    );
    const denied = make('alice', { inline: [allow('sts:AssumeRole', iam('role', 'app-*')), deny('sts:AssumeRole')] });
    expect(edges(estate(denied, ...many), 'sts-assume-role')).toEqual([]);
  });

  it('needs no identity permission when the trust policy names the actor in its own account', () => {
    const alice = make('alice');
    const role = make('ops', { type: 'role', trust: [trustAws(iam('user', 'alice'), { Sid: 'Alice' })] });
    const found = edges(estate(alice, role), 'sts-assume-role');
    expect(found).toHaveLength(1);
    expect(found[0]?.to).toEqual(toPrincipal(role.arn));
    expect(found[0]?.evidence).toEqual([
      'role ops trusts user alice: trust policy of role ops, statement "Alice"',
      'no identity policy is needed: the trust policy names user alice in its own account, and no Deny applies',
    ]);
  });

  it('is refused by an explicit Deny even when the trust policy names the actor', () => {
    const alice = make('alice', { inline: [deny('sts:AssumeRole')] });
    const role = make('ops', { type: 'role', trust: [trustAws(iam('user', 'alice'))] });
    expect(edges(estate(alice, role), 'sts-assume-role')).toEqual([]);
  });

  it('is refused for a role actor whose boundary does not allow it, though the trust names the role', () => {
    const ci = make('ci', { type: 'role', trust: [], boundary: [allow('s3:*')] });
    const role = make('ops', { type: 'role', trust: [trustAws(iam('role', 'ci'))] });
    expect(edges(estate(ci, role), 'sts-assume-role')).toEqual([]);
  });

  it('holds for a role actor whose boundary allows it, naming the boundary statement', () => {
    const ci = make('ci', { type: 'role', trust: [], boundary: [allow('sts:AssumeRole', iam('role', 'ops'))] });
    const role = make('ops', { type: 'role', trust: [trustAws(iam('role', 'ci'))] });
    expect(edges(estate(ci, role), 'sts-assume-role')[0]?.evidence).toEqual([
      'role ops trusts role ci: trust policy of role ops, statement 1',
      `sts:AssumeRole on ${role.arn} (permissions boundary): permissions boundary ci-boundary, statement 1`,
    ]);
  });

  it('needs sts:AssumeRole in the identity policies when the trust names the account', () => {
    const role = make('ops', { type: 'role', trust: [trustAws(`arn:aws:iam::${A}:root`)] });
    expect(edges(estate(make('alice'), role), 'sts-assume-role')).toEqual([]);
    const alice = make('alice', { inline: [allow('sts:AssumeRole', role.arn)] });
    const found = edges(estate(alice, role), 'sts-assume-role');
    expect(found[0]?.evidence).toEqual([
      'role ops trusts user alice: trust policy of role ops, statement 1',
      `sts:AssumeRole on ${role.arn}: inline policy alice-policy, statement 1`,
    ]);
  });

  it('accepts the bare account id and "*" as the account', () => {
    const alice = make('alice', { inline: [allow('sts:AssumeRole')] });
    const bare = make('bare', { type: 'role', trust: [trustAws(A)] });
    const star = make('star', { type: 'role', trust: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: '*' }] });
    expect(edges(estate(alice, bare, star), 'sts-assume-role').map((e) => e.to)).toEqual([
      toPrincipal(bare.arn),
      toPrincipal(star.arn),
    ]);
  });

  it('reaches a role in another account that trusts the actor, with an identity permission', () => {
    const alice = make('alice', { inline: [allow('sts:AssumeRole', `arn:aws:iam::${B}:role/*`)] });
    const remote = make('audit', { type: 'role', account: B, trust: [trustAws(iam('user', 'alice'))] });
    expect(edges(estate(alice, remote), 'sts-assume-role').map((e) => e.to)).toEqual([toPrincipal(remote.arn)]);
    const without = make('alice');
    expect(edges(estate(without, remote), 'sts-assume-role')).toEqual([]);
  });

  it('is not reported when the trust names someone else or only a service', () => {
    const alice = make('alice', { inline: [allow('sts:AssumeRole')] });
    const other = make('other', {
      type: 'role',
      trust: [trustAws(iam('user', 'bob')), trustService('ec2.amazonaws.com')],
    });
    const foreign = make('foreign', { type: 'role', trust: [trustAws(`arn:aws:iam::${B}:root`)] });
    expect(edges(estate(alice, other, foreign), 'sts-assume-role')).toEqual([]);
  });

  it('evaluates a trust condition on aws:PrincipalArn', () => {
    const trust = [
      trustAws(`arn:aws:iam::${A}:root`, { Condition: { ArnLike: { 'aws:PrincipalArn': iam('user', 'ci-*') } } }),
    ];
    const role = make('deploy', { type: 'role', trust });
    const alice = make('alice', { inline: [allow('sts:AssumeRole')] });
    const ciBot = make('ci-bot', { inline: [allow('sts:AssumeRole')] });
    expect(edges(estate(alice, ciBot, role), 'sts-assume-role').map((e) => e.from)).toEqual([ciBot.arn]);
  });

  it('states an unknown trust condition as an assumption', () => {
    const role = make('vendor', {
      type: 'role',
      trust: [trustAws(iam('user', 'alice'), { Condition: { StringEquals: { 'sts:ExternalId': 'x-123' } } })],
    });
    const found = edges(estate(make('alice'), role), 'sts-assume-role');
    expect(found[0]?.assumptions).toEqual([
      'trust policy of role vendor, statement 1 allows it if StringEquals sts:ExternalId "x-123": assumed to hold',
    ]);
  });

  it('honours a Deny in the trust policy', () => {
    const role = make('ops', {
      type: 'role',
      trust: [trustAws(`arn:aws:iam::${A}:root`), { ...trustAws(iam('user', 'alice')), Effect: 'Deny' }],
    });
    const alice = make('alice', { inline: [allow('sts:AssumeRole')] });
    const bob = make('bob', { inline: [allow('sts:AssumeRole')] });
    expect(edges(estate(alice, bob, role), 'sts-assume-role').map((e) => e.from)).toEqual([bob.arn]);
  });
});

// ─── Passing a role to a service ──────────────────────────────────────────────────────────

interface PassCase {
  technique: string;
  service: string;
  actions: string[];
  profile: boolean;
}

const PASS_CASES: PassCase[] = [
  {
    technique: 'iam-passrole-ec2-run-instances',
    service: 'ec2.amazonaws.com',
    actions: ['ec2:RunInstances'],
    profile: true,
  },
  {
    technique: 'iam-passrole-lambda-invoke',
    service: 'lambda.amazonaws.com',
    actions: ['lambda:CreateFunction', 'lambda:InvokeFunction'],
    profile: false,
  },
  {
    technique: 'iam-passrole-lambda-event-source',
    service: 'lambda.amazonaws.com',
    actions: ['lambda:CreateFunction', 'lambda:CreateEventSourceMapping'],
    profile: false,
  },
  {
    technique: 'iam-passrole-glue-dev-endpoint',
    service: 'glue.amazonaws.com',
    actions: ['glue:CreateDevEndpoint'],
    profile: false,
  },
  {
    technique: 'iam-passrole-glue-job',
    service: 'glue.amazonaws.com',
    actions: ['glue:CreateJob', 'glue:StartJobRun'],
    profile: false,
  },
  {
    technique: 'iam-passrole-cloudformation-create-stack',
    service: 'cloudformation.amazonaws.com',
    actions: ['cloudformation:CreateStack'],
    profile: false,
  },
  {
    technique: 'iam-passrole-datapipeline',
    service: 'datapipeline.amazonaws.com',
    actions: ['datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition', 'datapipeline:ActivatePipeline'],
    profile: false,
  },
  {
    technique: 'iam-passrole-sagemaker-notebook',
    service: 'sagemaker.amazonaws.com',
    actions: ['sagemaker:CreateNotebookInstance', 'sagemaker:CreatePresignedNotebookInstanceUrl'],
    profile: false,
  },
  {
    technique: 'iam-passrole-sagemaker-training-job',
    service: 'sagemaker.amazonaws.com',
    actions: ['sagemaker:CreateTrainingJob'],
    profile: false,
  },
  {
    technique: 'iam-passrole-sagemaker-processing-job',
    service: 'sagemaker.amazonaws.com',
    actions: ['sagemaker:CreateProcessingJob'],
    profile: false,
  },
  {
    technique: 'iam-passrole-ecs-run-task',
    service: 'ecs-tasks.amazonaws.com',
    actions: ['ecs:RegisterTaskDefinition', 'ecs:RunTask'],
    profile: false,
  },
  {
    technique: 'iam-passrole-ecs-create-service',
    service: 'ecs-tasks.amazonaws.com',
    actions: ['ecs:RegisterTaskDefinition', 'ecs:CreateService'],
    profile: false,
  },
  {
    technique: 'iam-passrole-codebuild',
    service: 'codebuild.amazonaws.com',
    actions: ['codebuild:CreateProject', 'codebuild:StartBuild'],
    profile: false,
  },
  {
    technique: 'iam-passrole-autoscaling-launch-configuration',
    service: 'ec2.amazonaws.com',
    actions: ['autoscaling:CreateLaunchConfiguration', 'autoscaling:CreateAutoScalingGroup'],
    profile: true,
  },
  {
    technique: 'iam-passrole-autoscaling-launch-template',
    service: 'ec2.amazonaws.com',
    actions: ['ec2:CreateLaunchTemplate', 'autoscaling:CreateAutoScalingGroup', 'ec2:RunInstances'],
    profile: true,
  },
];

const PROFILE = `arn:aws:iam::${A}:instance-profile/worker`;

function passSetup(
  c: PassCase,
  o: { passTo?: string; trustOf?: string; profile?: boolean; extra?: PolicyStatementJson[] },
) {
  const role = make('worker', {
    type: 'role',
    trust: [trustService(o.trustOf ?? c.service)],
    instanceProfiles: (o.profile ?? true) ? [PROFILE] : [],
  });
  const actor = make('alice', {
    inline: [
      allow('iam:PassRole', role.arn, {
        Sid: 'Pass',
        Condition: { StringEquals: { 'iam:PassedToService': o.passTo ?? c.service } },
      }),
      allow(c.actions, '*', { Sid: 'Run' }),
      ...(o.extra ?? []),
    ],
  });
  return { role, actor, found: edges(estate(actor, role), c.technique) };
}

describe.each(PASS_CASES)('$technique', (c) => {
  it('reaches the role, with every permission and the trust statement as evidence', () => {
    const { role, actor, found } = passSetup(c, {});
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ from: actor.arn, to: toPrincipal(role.arn), technique: c.technique });
    const evidence = found[0]?.evidence ?? [];
    expect(evidence).toContain(
      `iam:PassRole on ${role.arn} (iam:PassedToService ${c.service}): inline policy alice-policy, statement "Pass"`,
    );
    expect(evidence).toContain(`role worker trusts ${c.service}: trust policy of role worker, statement 1`);
    for (const action of c.actions) {
      expect(evidence.some((line) => line.startsWith(`${action} on `) && line.endsWith('statement "Run"'))).toBe(true);
    }
  });

  it('is not reported when iam:PassedToService allows another service', () => {
    expect(passSetup(c, { passTo: 'states.amazonaws.com' }).found).toEqual([]);
  });

  it("is not reported when the role's trust does not allow the service", () => {
    expect(passSetup(c, { trustOf: 'states.amazonaws.com' }).found).toEqual([]);
  });

  it('is not reported when one of the service permissions is denied', () => {
    const last = c.actions[c.actions.length - 1] ?? '';
    expect(passSetup(c, { extra: [deny(last)] }).found).toEqual([]);
  });

  if (c.profile) {
    it('is not reported for a role without an instance profile', () => {
      expect(passSetup(c, { profile: false }).found).toEqual([]);
    });
  }
});

describe('resources the actor would create', () => {
  const role = make('fn', { type: 'role', trust: [trustService('lambda.amazonaws.com')] });
  const actorWith = (...extra: PolicyStatementJson[]) =>
    make('alice', {
      inline: [
        allow('iam:PassRole', role.arn),
        allow(['lambda:CreateFunction', 'lambda:InvokeFunction'], `arn:aws:lambda:us-east-1:${A}:function:app-*`),
        ...extra,
      ],
    });

  it('are asked about as narrowly as the actor may create them, and named in the evidence', () => {
    const found = edges(estate(actorWith(), role), 'iam-passrole-lambda-invoke');
    expect(found[0]?.evidence).toContain(
      `lambda:CreateFunction on arn:aws:lambda:us-east-1:${A}:function:app-*: inline policy alice-policy, statement 2`,
    );
  });

  it('are refused by a Deny that covers every name the actor may choose', () => {
    const found = edges(
      estate(actorWith(deny('lambda:CreateFunction', 'arn:aws:lambda:*:*:function:*')), role),
      'iam-passrole-lambda-invoke',
    );
    expect(found).toEqual([]);
  });

  it('are not refused by a Deny on some names only: the actor chooses another', () => {
    const denyProd = deny('lambda:CreateFunction', `arn:aws:lambda:*:${A}:function:app-prod-*`);
    expect(edges(estate(actorWith(denyProd), role), 'iam-passrole-lambda-invoke')).toHaveLength(1);
  });

  it('are not found in another account', () => {
    const elsewhere = make('alice', {
      inline: [allow('iam:PassRole', role.arn), allow(['lambda:*'], `arn:aws:lambda:*:${B}:function:*`)],
    });
    expect(edges(estate(elsewhere, role), 'iam-passrole-lambda-invoke')).toEqual([]);
  });
});

// ─── Instances ────────────────────────────────────────────────────────────────────────────

interface InstanceCase {
  technique: string;
  statements: PolicyStatementJson[];
}

const INSTANCE_CASES: InstanceCase[] = [
  {
    technique: 'ssm-send-command',
    statements: [
      allow('ssm:SendCommand', [`arn:aws:ec2:*:${A}:instance/*`, 'arn:aws:ssm:*:*:document/AWS-RunShellScript']),
    ],
  },
  { technique: 'ssm-start-session', statements: [allow('ssm:StartSession', `arn:aws:ec2:*:${A}:instance/*`)] },
  {
    technique: 'ec2-instance-connect-send-ssh-public-key',
    statements: [allow('ec2-instance-connect:SendSSHPublicKey', `arn:aws:ec2:eu-west-1:${A}:instance/*`)],
  },
];

describe.each(INSTANCE_CASES)('$technique', (c) => {
  const worker = (o: { trust?: string; profile?: boolean } = {}) =>
    make('worker', {
      type: 'role',
      trust: [trustService(o.trust ?? 'ec2.amazonaws.com')],
      instanceProfiles: (o.profile ?? true) ? [PROFILE] : [],
    });

  it('reaches a role with an instance profile that trusts EC2, assuming an instance runs with it', () => {
    const role = worker();
    const alice = make('alice', { inline: c.statements });
    const found = edges(estate(alice, role), c.technique);
    expect(found).toHaveLength(1);
    expect(found[0]?.to).toEqual(toPrincipal(role.arn));
    expect(found[0]?.evidence).toContain(`role worker has instance profile ${PROFILE}`);
    expect(found[0]?.evidence).toContain(
      'role worker trusts ec2.amazonaws.com: trust policy of role worker, statement 1',
    );
    expect(found[0]?.assumptions).toContain(
      `an EC2 instance runs with instance profile ${PROFILE} (the inventory lists no instances)`,
    );
  });

  it('is not reported for a role without an instance profile', () => {
    expect(edges(estate(make('alice', { inline: c.statements }), worker({ profile: false })), c.technique)).toEqual([]);
  });

  it('is not reported for a role that does not trust EC2', () => {
    const role = worker({ trust: 'lambda.amazonaws.com' });
    expect(edges(estate(make('alice', { inline: c.statements }), role), c.technique)).toEqual([]);
  });

  it('is not reported under an explicit Deny on instances', () => {
    const alice = make('alice', { inline: [...c.statements, deny('*', `arn:aws:ec2:*:*:instance/*`)] });
    expect(edges(estate(alice, worker()), c.technique)).toEqual([]);
  });

  it('is not reported when the instances named are in another account', () => {
    const elsewhere = c.statements.map((s) => ({
      ...s,
      Resource: (Array.isArray(s.Resource) ? s.Resource : [s.Resource ?? '']).map((r) => r.split(A).join(B)),
    }));
    expect(edges(estate(make('alice', { inline: elsewhere }), worker()), c.technique)).toEqual([]);
  });
});

describe('ssm-send-command', () => {
  it('needs the command document as well as the instance', () => {
    const role = make('worker', {
      type: 'role',
      trust: [trustService('ec2.amazonaws.com')],
      instanceProfiles: [PROFILE],
    });
    const alice = make('alice', { inline: [allow('ssm:SendCommand', `arn:aws:ec2:*:${A}:instance/*`)] });
    expect(edges(estate(alice, role), 'ssm-send-command')).toEqual([]);
  });
});

// ─── The whole estate ─────────────────────────────────────────────────────────────────────

describe('awsEscalations', () => {
  it('lists no same-account edges from an admin-equivalent principal, but its way into another account', () => {
    const root = make('root', { managed: [managed('AdministratorAccess', ADMIN, true)] });
    const bob = make('bob');
    const local = make('local', { type: 'role', trust: [trustAws(`arn:aws:iam::${A}:root`)] });
    const remote = make('remote', { type: 'role', account: B, trust: [trustAws(iam('user', 'root'))] });
    expect(awsEscalations(estate(root, bob, local, remote))).toEqual([
      expect.objectContaining({ from: root.arn, technique: 'sts-assume-role', to: toPrincipal(remote.arn) }),
    ]);
  });

  it("lists a group's edges, as its members would act with its policies", () => {
    const ops = make('ops', { type: 'group', inline: [allow('iam:CreateAccessKey', iam('user', '*'))] });
    const bob = make('bob');
    expect(awsEscalations(estate(ops, bob)).map((e) => [e.from, e.technique, e.to])).toEqual([
      [ops.arn, 'iam-create-access-key', toPrincipal(bob.arn)],
    ]);
  });

  it('is in a stable order: actor, then technique, then target', () => {
    const alice = make('alice', {
      inline: [allow(['iam:CreateAccessKey', 'iam:PutUserPolicy', 'sts:AssumeRole'])],
    });
    const carol = make('carol');
    const bob = make('bob');
    const role = make('ops', { type: 'role', trust: [trustAws(A)] });
    const first = awsEscalations(estate(role, carol, alice, bob));
    const again = awsEscalations(estate(bob, alice, carol, role));
    expect(again).toEqual(first);
    expect(first.map((e) => [e.technique, e.to])).toEqual([
      ['iam-create-access-key', toPrincipal(bob.arn)],
      ['iam-create-access-key', toPrincipal(carol.arn)],
      ['iam-put-user-policy', toAdmin()],
      ['sts-assume-role', toPrincipal(role.arn)],
    ]);
  });

  it('reports nothing for a principal that holds nothing', () => {
    expect(awsEscalations(estate(make('alice'), make('bob'), make('r', { type: 'role', trust: [] })))).toEqual([]);
  });

  it('uses only technique ids of the catalogue', () => {
    const ids = new Set(AWS_TECHNIQUES.map((t) => t.id));
    const alice = make('alice', { inline: [allow(['iam:*', 'sts:*', 'ssm:*'])] });
    const role = make('worker', {
      type: 'role',
      trust: [trustService('ec2.amazonaws.com')],
      instanceProfiles: [PROFILE],
    });
    const found = awsEscalations(estate(alice, role, make('bob')));
    expect(found.length).toBeGreaterThan(5);
    for (const edge of found) expect(ids.has(edge.technique)).toBe(true);
  });
});
