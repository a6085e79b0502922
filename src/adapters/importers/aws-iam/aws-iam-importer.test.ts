import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TrustSummary } from '../../../core/aws/policy-document.js';
import { ImportBatchSchema, type ImportOptions } from '../../../core/inventory/import-batch.js';
import { byName, expectInputError } from '../testing.js';
import { awsIamImporter } from './aws-iam-importer.js';

const EXAMPLE = readFileSync(
  new URL('../../../../examples/aws/account-authorization-details.json', import.meta.url),
  'utf8',
);
const OPTIONS: ImportOptions = { ownerTagKeys: ['owner', 'team'] };
const ACCOUNT = '210987654321';
const FILE = 'iam.json';

function parse(text: string, options: ImportOptions = OPTIONS) {
  return awsIamImporter.parse({ name: FILE, text }, options);
}

/** The example as a mutable object, to plant one problem at a time. */
function example(): Record<string, Array<Record<string, unknown>>> {
  return JSON.parse(EXAMPLE) as Record<string, Array<Record<string, unknown>>>;
}

function at<T>(list: readonly T[] | undefined, index: number): T {
  const item = list?.[index];
  if (item === undefined) throw new Error(`no item ${index}`);
  return item;
}

describe('awsIamImporter on the Lumen Freight example', () => {
  const batch = parse(EXAMPLE);

  it('produces a batch that passes the inventory schema', () => {
    expect(() => ImportBatchSchema.parse(batch)).not.toThrow();
    expect(batch).toMatchObject({ source: 'aws-iam', scope: ACCOUNT, mode: 'full' });
  });

  it('counts users, groups, roles and policies', () => {
    const kinds = batch.identities.map((i) => i.kind);
    expect(kinds.filter((k) => k === 'human')).toHaveLength(6);
    expect(kinds.filter((k) => k === 'service-account')).toHaveLength(6);
    expect(kinds.filter((k) => k === 'group')).toHaveLength(5);
    expect(kinds.filter((k) => k === 'role')).toHaveLength(15);
    expect(batch.policies).toHaveLength(12);
  });

  it('gives every identity the ARN as external id, the aws provider and the account as system of record', () => {
    for (const identity of batch.identities) {
      expect(identity.provider).toBe('aws');
      expect(identity.id).toBe(`aws:${identity.externalId}`);
      expect(identity.externalId.startsWith(`arn:aws:iam::${ACCOUNT}:`)).toBe(true);
      expect(identity.systemOfRecord).toBe(`aws-iam:${ACCOUNT}`);
    }
  });

  it('classifies people and service users', () => {
    const kindOf = (name: string) => byName(batch.identities, name).kind;
    for (const name of ['alice.nguyen', 'bob.martin', 'carol.diaz', 'dmitri.ivanov', 'erin.okafor', 'frank.li']) {
      expect(kindOf(name)).toBe('human');
    }
    for (const name of [
      'ci-deploy',
      'svc-reporting',
      'svc-legacy-etl',
      'svc-payments-api',
      'terraform-cloud',
      'app-invoicing',
    ]) {
      expect(kindOf(name)).toBe('service-account');
    }
    expect(byName(batch.identities, 'svc-reporting').attributes.kindReason).toBe('name has "svc"');
  });

  it('takes owners from the first owner tag present, matching keys case-insensitively', () => {
    expect(byName(batch.identities, 'alice.nguyen').owner).toEqual({
      name: 'alice.nguyen@lumenfreight.example',
      source: 'tag',
      detail: 'owner',
    });
    expect(byName(batch.identities, 'svc-legacy-etl').owner).toEqual({
      name: 'team-data',
      source: 'tag',
      detail: 'team',
    });
    expect(byName(batch.identities, 'svc-payments-api').owner?.detail).toBe('Owner');
    expect(byName(batch.identities, 'eks-node-role').owner?.name).toBe('team-platform');
  });

  it('leaves the orphaned ci-deploy user without an owner, with AdministratorAccess attached', () => {
    const ci = byName(batch.identities, 'ci-deploy');
    expect(ci.owner).toBeNull();
    expect(ci.memberOf).toEqual([]);
    expect(ci.entitlements).toEqual([
      {
        type: 'aws-managed-policy',
        name: 'AdministratorAccess',
        via: null,
        policyId: 'aws:arn:aws:iam::aws:policy/AdministratorAccess',
        document: null,
        statements: [],
      },
    ]);
  });

  it('sets memberOf to the groups identity ids, without copying group policies onto users', () => {
    const alice = byName(batch.identities, 'alice.nguyen');
    expect(alice.memberOf).toEqual([
      `aws:arn:aws:iam::${ACCOUNT}:group/admins`,
      `aws:arn:aws:iam::${ACCOUNT}:group/platform-engineers`,
    ]);
    expect(alice.entitlements).toEqual([]);
    const groupIds = new Set(batch.identities.filter((i) => i.kind === 'group').map((i) => i.id));
    for (const identity of batch.identities)
      for (const group of identity.memberOf) expect(groupIds.has(group)).toBe(true);
    const admins = byName(batch.identities, 'admins');
    expect(admins.entitlements.map((e) => e.name)).toEqual(['AdministratorAccess']);
  });

  it('reads inline policies, URL-encoded or plain, into documents and statements', () => {
    const etl = byName(batch.identities, 'svc-legacy-etl');
    const inline = etl.entitlements.find((e) => e.type === 'aws-inline-policy');
    expect(inline?.name).toBe('legacy-ftp-drop');
    expect(inline?.document?.startsWith('%7B%22Version%22')).toBe(true);
    expect(inline?.statements).toEqual([
      {
        effect: 'allow',
        actions: ['s3:PutObject', 's3:GetObject'],
        resources: ['arn:aws:s3:::lumen-ftp-drop/*'],
        conditional: false,
      },
    ]);
    const terraform = byName(batch.identities, 'terraform-cloud');
    const plain = terraform.entitlements.find((e) => e.type === 'aws-inline-policy');
    expect(plain?.document?.startsWith('{"Version":"2012-10-17"')).toBe(true);
    expect(plain?.statements[0]?.actions).toEqual(['sts:AssumeRole']);
  });

  it('references permissions boundaries by policy id', () => {
    const bob = byName(batch.identities, 'bob.martin');
    expect(bob.entitlements).toContainEqual({
      type: 'aws-permissions-boundary',
      name: 'LumenDeveloperBoundary',
      via: null,
      policyId: `aws:arn:aws:iam::${ACCOUNT}:policy/LumenDeveloperBoundary`,
      document: null,
      statements: [],
    });
  });

  it('emits managed policies with all their versions and the default one in force', () => {
    const developer = batch.policies.find((p) => p.name === 'LumenDeveloperAccess');
    expect(developer?.id).toBe(`aws:arn:aws:iam::${ACCOUNT}:policy/LumenDeveloperAccess`);
    expect(developer?.versions.map((v) => [v.versionId, v.isDefault])).toEqual([
      ['v1', false],
      ['v2', false],
      ['v3', true],
    ]);
    expect(developer?.document).toBe(developer?.versions[2]?.document);
    expect(developer?.statements.map((s) => s.effect)).toEqual(['allow', 'allow', 'deny']);
    expect(developer?.attributes).toMatchObject({ awsManaged: false, defaultVersionId: 'v3', attachmentCount: 1 });
    const admin = batch.policies.find((p) => p.name === 'AdministratorAccess');
    expect(admin?.attributes.awsManaged).toBe(true);
    expect(admin?.statements).toEqual([{ effect: 'allow', actions: ['*'], resources: ['*'], conditional: false }]);
  });

  it('decodes URL-encoded managed policy versions', () => {
    const etl = batch.policies.find((p) => p.name === 'LumenLegacyEtl');
    expect(etl?.document.startsWith('%7B')).toBe(true);
    expect(etl?.statements.map((s) => s.actions)).toEqual([['s3:*'], ['rds-db:connect']]);
    expect(etl?.versions.map((v) => v.createdAt)).toEqual(['2023-01-18T12:00:00.000Z', '2023-06-02T10:30:00.000Z']);
  });

  it('still references AWS-managed policies the export does not include', () => {
    const auditors = byName(batch.identities, 'security-auditors');
    expect(auditors.entitlements[0]?.policyId).toBe('aws:arn:aws:iam::aws:policy/SecurityAudit');
    expect(batch.policies.some((p) => p.name === 'SecurityAudit')).toBe(false);
  });

  it('summarises trust: cross-account, OIDC federation, services', () => {
    const trustOf = (name: string) => byName(batch.identities, name).attributes.trust as TrustSummary;
    expect(trustOf('partner-audit')).toEqual({
      principals: { AWS: ['arn:aws:iam::999988887777:root'], Service: [], Federated: [] },
      externalAccounts: ['999988887777'],
      federated: [],
      anyPrincipal: false,
    });
    expect(trustOf('github-actions-deploy').federated).toEqual([
      `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
    ]);
    expect(trustOf('github-actions-deploy').externalAccounts).toEqual([]);
    expect(trustOf('ecs-task-payments').principals.Service).toEqual(['ecs-tasks.amazonaws.com']);
    expect(trustOf('break-glass-admin').externalAccounts).toEqual([]);
    const trustPolicy = byName(batch.identities, 'partner-audit').entitlements[0];
    expect(trustPolicy?.type).toBe('aws-trust-policy');
    expect(trustPolicy?.statements).toEqual([
      { effect: 'allow', actions: ['sts:AssumeRole'], resources: [], conditional: true },
    ]);
  });

  it('marks service-linked roles and keeps instance profiles and last use', () => {
    const support = byName(batch.identities, 'AWSServiceRoleForSupport');
    expect(support.attributes.serviceLinked).toBe(true);
    expect(byName(batch.identities, 'partner-audit').attributes.serviceLinked).toBe(false);
    const node = byName(batch.identities, 'eks-node-role');
    expect(node.attributes.instanceProfiles).toEqual([
      { name: 'eks-node-role', arn: `arn:aws:iam::${ACCOUNT}:instance-profile/eks-node-role` },
    ]);
    expect(node.lastUsedAt).toBe('2026-11-20T08:59:00.000Z');
    expect(byName(batch.identities, 'AWSServiceRoleForTrustedAdvisor').lastUsedAt).toBeNull();
  });

  it('normalises dates to UTC ISO', () => {
    expect(byName(batch.identities, 'alice.nguyen').createdAt).toBe('2023-01-10T12:10:44.000Z');
  });

  it('gives the same batch when parsed twice', () => {
    expect(parse(EXAMPLE)).toEqual(batch);
  });
});

describe('awsIamImporter document forms', () => {
  it('reads the raw API form (URL-encoded) and the CLI form (objects) to the same statements', () => {
    const document = {
      Version: '2012-10-17',
      Statement: {
        Effect: 'Allow',
        NotAction: 'iam:*',
        Resource: ['*'],
        Condition: { Bool: { 'aws:SecureTransport': 'true' } },
      },
    };
    const make = (policyDocument: unknown) =>
      JSON.stringify({
        UserDetailList: [
          {
            Path: '/',
            UserName: 'dana',
            UserId: 'AIDAEXAMPLE0000000001',
            Arn: `arn:aws:iam::${ACCOUNT}:user/dana`,
            CreateDate: '2025-01-01T00:00:00Z',
            UserPolicyList: [{ PolicyName: 'p', PolicyDocument: policyDocument }],
          },
        ],
      });
    const encoded = parse(make(encodeURIComponent(JSON.stringify(document))));
    const plain = parse(make(document));
    const plainText = parse(make(JSON.stringify(document)));
    const statements = [{ effect: 'allow', actions: [], notActions: ['iam:*'], resources: ['*'], conditional: true }];
    expect(encoded.identities[0]?.entitlements[0]?.statements).toEqual(statements);
    expect(plain.identities[0]?.entitlements[0]?.statements).toEqual(statements);
    expect(plainText.identities[0]?.entitlements[0]?.statements).toEqual(statements);
    expect(plain.identities[0]?.entitlements[0]?.document).toBe(JSON.stringify(document));
    expect(encoded.identities[0]?.entitlements[0]?.document).toBe(encodeURIComponent(JSON.stringify(document)));
  });

  it('accepts a document with only some lists, and the Marker and IsTruncated false of the raw API', () => {
    const batch = parse(
      JSON.stringify({
        RoleDetailList: [
          {
            RoleName: 'r',
            RoleId: 'AROAEXAMPLE0000000001',
            Arn: `arn:aws:iam::${ACCOUNT}:role/r`,
            AssumeRolePolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }],
            },
          },
        ],
        IsTruncated: false,
      }),
    );
    expect(batch.identities).toHaveLength(1);
    const trust = batch.identities[0]?.attributes.trust as TrustSummary | undefined;
    expect(trust?.anyPrincipal).toBe(true);
  });

  it('records groups that the export left out, under the default path', () => {
    const data = example();
    data.GroupDetailList = [];
    const alice = byName(parse(JSON.stringify(data)).identities, 'alice.nguyen');
    expect(alice.memberOf).toEqual([
      `aws:arn:aws:iam::${ACCOUNT}:group/admins`,
      `aws:arn:aws:iam::${ACCOUNT}:group/platform-engineers`,
    ]);
    expect(alice.attributes.unresolvedGroups).toEqual(['admins', 'platform-engineers']);
  });

  it('uses the scope option when given', () => {
    expect(parse(EXAMPLE, { ownerTagKeys: [], scope: 'lumen-prod' }).scope).toBe('lumen-prod');
  });
});

describe('awsIamImporter rejects bad input', () => {
  it('rejects an empty file', () => {
    const error = expectInputError(() => parse('  \n'), FILE);
    expect(error.message).toMatch(/empty/);
  });

  it('rejects truncated JSON, naming the line and column', () => {
    const error = expectInputError(() => parse(EXAMPLE.slice(0, 5000)), FILE);
    expect(error.location).toMatch(/^line \d+, column \d+$/);
    expect(error.message).toMatch(/truncated/);
  });

  it('rejects a CloudTrail log, saying what it looks like', () => {
    const error = expectInputError(
      () => parse(JSON.stringify({ Records: [{ eventVersion: '1.08', eventName: 'CreateUser' }] })),
      FILE,
    );
    expect(error.location).toBe('Records');
    expect(error.message).toMatch(/CloudTrail log/);
    expect(error.message).toMatch(/get-account-authorization-details/);
  });

  it('rejects a credential report given by mistake', () => {
    const report = readFileSync(new URL('../../../../examples/aws/credential-report.csv', import.meta.url), 'utf8');
    const error = expectInputError(() => parse(report), FILE);
    expect(error.message).toMatch(/credential report/);
    expect(error.message).toMatch(/aws-credential-report/);
  });

  it('rejects the output of list-users', () => {
    const error = expectInputError(() => parse(JSON.stringify({ Users: [{ UserName: 'x' }] })), FILE);
    expect(error.message).toMatch(/list-users/);
  });

  it('rejects a document with none of the lists', () => {
    const error = expectInputError(() => parse(JSON.stringify({ Accounts: [] })), FILE);
    expect(error.message).toMatch(/"Accounts"/);
    expect(error.message).toMatch(/UserDetailList, GroupDetailList, RoleDetailList, Policies/);
  });

  it('rejects a JSON array', () => {
    const error = expectInputError(() => parse('[]'), FILE);
    expect(error.message).toMatch(/expected a JSON object/);
  });

  it('rejects a wrong type in a field, naming the field', () => {
    const data = example();
    at(data.UserDetailList, 2).CreateDate = 1700000000;
    const error = expectInputError(() => parse(JSON.stringify(data)), FILE);
    expect(error.location).toBe('UserDetailList[2].CreateDate');
    expect(error.message).toMatch(/expected string, got number/);
  });

  it('rejects a date that is not a date', () => {
    const data = example();
    at(data.RoleDetailList, 1).CreateDate = 'last Tuesday';
    const error = expectInputError(() => parse(JSON.stringify(data)), FILE);
    expect(error.location).toBe('RoleDetailList[1].CreateDate');
    expect(error.message).toMatch(/ISO-8601/);
  });

  it('rejects a duplicate ARN, naming both places', () => {
    const data = example();
    at(data.UserDetailList, 5).Arn = at(data.UserDetailList, 1).Arn;
    const error = expectInputError(() => parse(JSON.stringify(data)), FILE);
    expect(error.location).toBe('UserDetailList[5].Arn');
    expect(error.message).toMatch(/already given at UserDetailList\[1\]\.Arn/);
  });

  it('rejects a duplicate managed policy', () => {
    const data = example();
    data.Policies?.push(at(data.Policies, 0));
    const error = expectInputError(() => parse(JSON.stringify(data)), FILE);
    expect(error.location).toBe('Policies[12].Arn');
  });

  it('rejects a malformed policy statement, naming the policy and the place', () => {
    const data = example();
    const user = at(data.UserDetailList, 9);
    user.UserPolicyList = [
      {
        PolicyName: 'broken',
        PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Permit', Action: '*', Resource: '*' }] },
      },
    ];
    const error = expectInputError(() => parse(JSON.stringify(data)), FILE);
    expect(error.location).toBe('UserDetailList[9].UserPolicyList[0].PolicyDocument.Statement[0].Effect');
    expect(error.message).toMatch(/policy "broken" is malformed: expected "Allow" or "Deny"/);
  });

  it('rejects a statement with neither Action nor NotAction', () => {
    const data = example();
    at(data.GroupDetailList, 3).GroupPolicyList = [
      { PolicyName: 'no-action', PolicyDocument: { Statement: { Effect: 'Allow', Resource: '*' } } },
    ];
    const error = expectInputError(() => parse(JSON.stringify(data)), FILE);
    expect(error.location).toBe('GroupDetailList[3].GroupPolicyList[0].PolicyDocument.Statement');
    expect(error.message).toMatch(/exactly one of "Action" and "NotAction"/);
  });

  it('rejects an Action that is neither a string nor a list of strings', () => {
    const data = example();
    at(data.UserDetailList, 0).UserPolicyList = [
      { PolicyName: 'numbers', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: [1], Resource: '*' }] } },
    ];
    const error = expectInputError(() => parse(JSON.stringify(data)), FILE);
    expect(error.location).toBe('UserDetailList[0].UserPolicyList[0].PolicyDocument.Statement[0].Action');
    expect(error.message).toMatch(/expected a string or a list of strings of at most 512 characters/);
  });

  it('rejects a policy document without a Statement', () => {
    const data = example();
    at(data.UserDetailList, 0).UserPolicyList = [{ PolicyName: 'empty', PolicyDocument: { Version: '2012-10-17' } }];
    const error = expectInputError(() => parse(JSON.stringify(data)), FILE);
    expect(error.location).toBe('UserDetailList[0].UserPolicyList[0].PolicyDocument.Statement');
  });

  it('rejects a URL-encoded document that is not JSON once decoded', () => {
    const data = example();
    at(data.RoleDetailList, 5).AssumeRolePolicyDocument = '%7B%22Version%22%3A';
    const error = expectInputError(() => parse(JSON.stringify(data)), FILE);
    expect(error.location).toBe('RoleDetailList[5].AssumeRolePolicyDocument');
    expect(error.message).toMatch(
      /policy "trust policy of role partner-audit" is malformed: the document is not valid JSON after URL-decoding/,
    );
  });

  it('rejects a document with a bad percent escape', () => {
    const data = example();
    const policy = at(data.Policies, 1);
    at(policy.PolicyVersionList as Array<Record<string, unknown>>, 0).Document = '%E0%A4%A';
    const error = expectInputError(() => parse(JSON.stringify(data)), FILE);
    expect(error.location).toBe('Policies[1].PolicyVersionList[0].Document');
    expect(error.message).toMatch(/LumenDataLakeReadWrite \(version v1\)/);
  });

  it('rejects a managed policy with no default version', () => {
    const data = example();
    const policy = at(data.Policies, 0);
    for (const version of policy.PolicyVersionList as Array<Record<string, unknown>>) version.IsDefaultVersion = false;
    policy.DefaultVersionId = 'v9';
    const error = expectInputError(() => parse(JSON.stringify(data)), FILE);
    expect(error.location).toBe('Policies[0].PolicyVersionList');
    expect(error.message).toMatch(/no default version/);
  });

  it('rejects a first page only (IsTruncated true)', () => {
    const data: Record<string, unknown> = example();
    data.IsTruncated = true;
    data.Marker = 'AAEAAQ==';
    const error = expectInputError(() => parse(JSON.stringify(data)), FILE);
    expect(error.location).toBe('IsTruncated');
    expect(error.message).toMatch(/incomplete/);
    expect(error.message).toMatch(/without --max-items/);
  });

  it('rejects CLI output cut short by --max-items (NextToken)', () => {
    const data: Record<string, unknown> = example();
    data.NextToken = 'eyJNYXJrZXIiOiBudWxsfQ==';
    const error = expectInputError(() => parse(JSON.stringify(data)), FILE);
    expect(error.location).toBe('NextToken');
    expect(error.message).toMatch(/incomplete/);
  });

  it('rejects ARNs from two accounts', () => {
    const data = example();
    at(data.RoleDetailList, 3).Arn = 'arn:aws:iam::111122223333:role/other';
    const error = expectInputError(() => parse(JSON.stringify(data)), FILE);
    expect(error.location).toBe('RoleDetailList[3].Arn');
    expect(error.message).toMatch(/account 111122223333 but UserDetailList\[0\]\.Arn is in account 210987654321/);
  });

  it('rejects a user ARN that is not a user ARN', () => {
    const data = example();
    at(data.UserDetailList, 0).Arn = `arn:aws:iam::${ACCOUNT}:role/alice`;
    const error = expectInputError(() => parse(JSON.stringify(data)), FILE);
    expect(error.location).toBe('UserDetailList[0].Arn');
    expect(error.message).toMatch(/expected an IAM user ARN/);
  });

  it('rejects an export that names no account', () => {
    const error = expectInputError(() => parse(JSON.stringify({ UserDetailList: [], RoleDetailList: [] })), FILE);
    expect(error.message).toMatch(/account cannot be told/);
  });
});
