/**
 * Writes a large, realistic `aws iam get-account-authorization-details` document for the
 * import benchmark. Deterministic: the same sizes and seed give the same file.
 *
 *   node --import tsx bench/generate-aws-estate.ts --roles 20000 --users 5000 --groups 2000 --policies 10000 > estate.json
 */
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { prng } from './prng.js';

export interface EstateSize {
  roles: number;
  users: number;
  groups: number;
  policies: number;
  seed?: number;
  /**
   * Almost everything reaches everything: half the policies also allow `sts:AssumeRole` on
   * every role, and nine roles in ten trust the account, so that roles and the principals
   * holding those policies form one giant strongly connected component.
   */
  adversarial?: boolean;
}

const ACCOUNT = '123456789012';
const SERVICES = [
  's3',
  'dynamodb',
  'sqs',
  'sns',
  'lambda',
  'ec2',
  'kms',
  'secretsmanager',
  'logs',
  'ecr',
  'rds',
  'sts',
];
const VERBS = ['Get*', 'List*', 'Describe*', 'Put*', 'Create*', 'Delete*', 'Update*', 'Send*', 'Receive*', 'Invoke*'];
const TEAMS = ['team-platform', 'team-payments', 'team-data', 'team-search', 'team-mobile', 'team-risk'];

function dateBetween(rand: () => number, fromYear: number, toYear: number): string {
  const from = Date.UTC(fromYear, 0, 1);
  const to = Date.UTC(toYear, 10, 20);
  return new Date(from + Math.floor(rand() * (to - from))).toISOString().replace('.000Z', '+00:00');
}

/** Yields the document in pieces, so that a 100 MB estate never sits in memory as one string. */
export function* generateAwsEstate(size: EstateSize): Generator<string> {
  const rand = prng(size.seed ?? 42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const statement = (i: number) => ({
    Sid: `S${i}`,
    Effect: rand() < 0.95 ? 'Allow' : 'Deny',
    Action: Array.from({ length: 1 + Math.floor(rand() * 4) }, () => `${pick(SERVICES)}:${pick(VERBS)}`),
    Resource:
      rand() < 0.2
        ? '*'
        : Array.from(
            { length: 1 + Math.floor(rand() * 2) },
            () => `arn:aws:${pick(SERVICES)}:eu-west-1:${ACCOUNT}:res-${Math.floor(rand() * 1e6)}/*`,
          ),
    ...(rand() < 0.1 ? { Condition: { Bool: { 'aws:SecureTransport': 'true' } } } : {}),
  });
  const assumeAny = {
    Sid: 'AssumeAny',
    Effect: 'Allow',
    Action: 'sts:AssumeRole',
    Resource: `arn:aws:iam::${ACCOUNT}:role/*`,
  };
  const document = () => ({
    Version: '2012-10-17',
    Statement: [
      ...Array.from({ length: 1 + Math.floor(rand() * 3) }, (_, i) => statement(i)),
      ...(size.adversarial === true && rand() < 0.5 ? [assumeAny] : []),
    ],
  });
  const policyArn = (i: number) => `arn:aws:iam::${ACCOUNT}:policy/app/policy-${i}`;
  const attached = (max: number) =>
    Array.from({ length: Math.floor(rand() * (max + 1)) }, () => {
      const i = Math.floor(rand() * size.policies);
      return { PolicyName: `policy-${i}`, PolicyArn: policyArn(i) };
    }).filter((p, i, all) => all.findIndex((q) => q.PolicyArn === p.PolicyArn) === i);
  const tags = () => (rand() < 0.7 ? [{ Key: rand() < 0.5 ? 'owner' : 'team', Value: pick(TEAMS) }] : []);

  yield '{\n"UserDetailList": [\n';
  for (let i = 0; i < size.users; i++) {
    const service = rand() < 0.4;
    const name = service ? `svc-app-${i}` : `user.${i}`;
    const groups = Array.from({ length: Math.floor(rand() * 3) }, () => `group-${Math.floor(rand() * size.groups)}`);
    const user = {
      Path: '/',
      UserName: name,
      UserId: `AIDA${String(i).padStart(17, '0')}`,
      Arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
      CreateDate: dateBetween(rand, 2019, 2026),
      UserPolicyList: rand() < 0.2 ? [{ PolicyName: `inline-${i}`, PolicyDocument: document() }] : [],
      GroupList: [...new Set(groups)],
      AttachedManagedPolicies: attached(2),
      Tags: tags(),
    };
    yield `${i ? ',\n' : ''}${JSON.stringify(user)}`;
  }
  yield '\n],\n"GroupDetailList": [\n';
  for (let i = 0; i < size.groups; i++) {
    const group = {
      Path: '/',
      GroupName: `group-${i}`,
      GroupId: `AGPA${String(i).padStart(17, '0')}`,
      Arn: `arn:aws:iam::${ACCOUNT}:group/group-${i}`,
      CreateDate: dateBetween(rand, 2019, 2026),
      GroupPolicyList: rand() < 0.3 ? [{ PolicyName: `group-inline-${i}`, PolicyDocument: document() }] : [],
      AttachedManagedPolicies: attached(3),
    };
    yield `${i ? ',\n' : ''}${JSON.stringify(group)}`;
  }
  yield '\n],\n"RoleDetailList": [\n';
  for (let i = 0; i < size.roles; i++) {
    const r = size.adversarial === true ? 0.6 + rand() * 0.25 : rand();
    const principal =
      r < 0.6
        ? { Service: `${pick(['lambda', 'ec2', 'ecs-tasks', 'glue'])}.amazonaws.com` }
        : r < 0.9
          ? { AWS: `arn:aws:iam::${r < 0.85 ? ACCOUNT : '999988887777'}:root` }
          : { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` };
    const role = {
      Path: '/',
      RoleName: `role-${i}`,
      RoleId: `AROA${String(i).padStart(17, '0')}`,
      Arn: `arn:aws:iam::${ACCOUNT}:role/role-${i}`,
      CreateDate: dateBetween(rand, 2019, 2026),
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: principal,
            Action: 'Federated' in principal ? 'sts:AssumeRoleWithWebIdentity' : 'sts:AssumeRole',
          },
        ],
      },
      InstanceProfileList: [],
      RolePolicyList: rand() < 0.3 ? [{ PolicyName: `role-inline-${i}`, PolicyDocument: document() }] : [],
      AttachedManagedPolicies: attached(3),
      Tags: tags(),
      RoleLastUsed: rand() < 0.7 ? { LastUsedDate: dateBetween(rand, 2024, 2026), Region: 'eu-west-1' } : {},
    };
    yield `${i ? ',\n' : ''}${JSON.stringify(role)}`;
  }
  yield '\n],\n"Policies": [\n';
  for (let i = 0; i < size.policies; i++) {
    const versions = 1 + Math.floor(rand() * 3);
    const policy = {
      PolicyName: `policy-${i}`,
      PolicyId: `ANPA${String(i).padStart(17, '0')}`,
      Arn: policyArn(i),
      Path: '/app/',
      DefaultVersionId: `v${versions}`,
      AttachmentCount: 1,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      CreateDate: dateBetween(rand, 2019, 2024),
      UpdateDate: dateBetween(rand, 2024, 2026),
      PolicyVersionList: Array.from({ length: versions }, (_, v) => ({
        Document: document(),
        VersionId: `v${v + 1}`,
        IsDefaultVersion: v + 1 === versions,
        CreateDate: dateBetween(rand, 2019, 2026),
      })),
    };
    yield `${i ? ',\n' : ''}${JSON.stringify(policy)}`;
  }
  yield '\n]\n}\n';
}

/** Writes an estate to a file; resolves when it is on disk. */
export async function writeAwsEstate(path: string, size: EstateSize): Promise<void> {
  const out = createWriteStream(path);
  for (const chunk of generateAwsEstate(size)) {
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      roles: { type: 'string', default: '20000' },
      users: { type: 'string', default: '5000' },
      groups: { type: 'string', default: '2000' },
      policies: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '42' },
    },
  });
  for (const chunk of generateAwsEstate({
    roles: Number(values.roles),
    users: Number(values.users),
    groups: Number(values.groups),
    policies: Number(values.policies),
    seed: Number(values.seed),
  })) {
    process.stdout.write(chunk);
  }
}
