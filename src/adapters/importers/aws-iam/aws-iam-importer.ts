/**
 * The AWS IAM importer: the JSON that `aws iam get-account-authorization-details`
 * prints (or the raw API response), for one account, as users, groups, roles and
 * managed policies. See docs/importers/aws.md.
 */

import { type IamArn, isAccountId, parseIamArn } from '../../../core/aws/arn.js';
import { summariseTrust, type TrustSummary } from '../../../core/aws/policy-document.js';
import { ImportInputError } from '../../../core/errors.js';
import type { Entitlement, IdentityRecord, Policy } from '../../../core/inventory/identity.js';
import { identityId } from '../../../core/inventory/identity.js';
import type { ImportBatch, Importer, ImportOptions, SourceText } from '../../../core/inventory/import-batch.js';
import { assertUniqueIds, parseJson, toTimestamp, validate } from '../parse-input.js';
import { classifyUser } from './classify.js';
import { parsePolicyDocument } from './policy-document.js';
import {
  type AccountAuthorizationDetails,
  AccountAuthorizationDetailsSchema,
  type GroupDetail,
  type ManagedPolicyDetail,
  type RoleDetail,
  type UserDetail,
} from './schema.js';
import { ownerFromTags, tagsToRecord } from './tags.js';

const PROVIDER = 'aws';
const EXPECTED = 'the JSON output of `aws iam get-account-authorization-details`';
const DETAIL_LISTS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'] as const;

/**
 * Imports an AWS account's IAM users, groups, roles and managed policies from
 * `aws iam get-account-authorization-details` output, as a `full` batch scoped to
 * the account id.
 *
 * @example
 * const batch = awsIamImporter.parse({ name: 'iam.json', text }, { ownerTagKeys: ['owner', 'team'] });
 * batch.scope // '210987654321'
 */
export const awsIamImporter: Importer = {
  source: 'aws-iam',
  describe: 'AWS IAM users, groups, roles and policies: the JSON of `aws iam get-account-authorization-details`',
  parse: parseAccountAuthorizationDetails,
};

/** Everything one document says, with the account it belongs to. */
interface Context {
  input: SourceText;
  options: ImportOptions;
  account: string;
  partition: string;
  systemOfRecord: string;
}

/**
 * Parses the output of `aws iam get-account-authorization-details` into an import batch.
 *
 * @throws ImportInputError when the file is of another kind, incomplete, or does not match the AWS response shape
 */
function parseAccountAuthorizationDetails(input: SourceText, options: ImportOptions): ImportBatch {
  rejectCredentialReport(input);
  const value = parseJson(input);
  checkDocumentKind(input, value);
  const details = validate(input, AccountAuthorizationDetailsSchema, value);
  const { account, partition } = findAccount(input, details, options.scope);
  const context: Context = { input, options, account, partition, systemOfRecord: `aws-iam:${account}` };

  assertUniqueIds(input, [
    ...details.UserDetailList.map((u, i) => ({ id: u.Arn, place: `UserDetailList[${i}].Arn` })),
    ...details.GroupDetailList.map((g, i) => ({ id: g.Arn, place: `GroupDetailList[${i}].Arn` })),
    ...details.RoleDetailList.map((r, i) => ({ id: r.Arn, place: `RoleDetailList[${i}].Arn` })),
  ]);
  assertUniqueIds(
    input,
    details.Policies.map((p, i) => ({ id: p.Arn, place: `Policies[${i}].Arn` })),
  );

  const groupArns = new Map<string, string>();
  for (const group of details.GroupDetailList) groupArns.set(group.GroupName, group.Arn);

  const identities: IdentityRecord[] = [
    ...details.UserDetailList.map((user, i) => userRecord(context, user, `UserDetailList[${i}]`, groupArns)),
    ...details.GroupDetailList.map((group, i) => groupRecord(context, group, `GroupDetailList[${i}]`)),
    ...details.RoleDetailList.map((role, i) => roleRecord(context, role, `RoleDetailList[${i}]`)),
  ];
  const policies = details.Policies.map((policy, i) => policyRecord(context, policy, `Policies[${i}]`));

  return { source: 'aws-iam', scope: options.scope ?? account, mode: 'full', identities, policies };
}

/** A credential report is CSV, so it fails as JSON; say what it is instead. */
function rejectCredentialReport(input: SourceText): void {
  const start = input.text.trimStart().slice(0, 64).toLowerCase();
  if (start.startsWith('user,arn,')) {
    throw new ImportInputError(
      input.name,
      'line 1',
      `this looks like an IAM credential report (CSV); expected ${EXPECTED}. Import it with \`vigil import aws-credential-report\``,
    );
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkDocumentKind(input: SourceText, value: unknown): void {
  const fail = (location: string | null, problem: string): never => {
    throw new ImportInputError(input.name, location, problem);
  };
  if (!isRecord(value)) {
    fail(
      null,
      `expected a JSON object (${EXPECTED}), found ${Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`}`,
    );
    return;
  }
  if (Array.isArray(value.Records)) {
    fail(
      'Records',
      `this looks like a CloudTrail log (a "Records" array of events), not an IAM export; expected ${EXPECTED}. CloudTrail logs are telemetry, not an inventory export`,
    );
  }
  if (!DETAIL_LISTS.some((key) => key in value)) {
    fail(null, `${lookalike(value)}; expected ${EXPECTED}, an object with ${DETAIL_LISTS.join(', ')}`);
  }
  if ('NextToken' in value) {
    fail(
      'NextToken',
      'the export is incomplete: the AWS CLI stopped early (--max-items) and printed a NextToken. Run `aws iam get-account-authorization-details` without --max-items so that it fetches every page',
    );
  }
  if (value.IsTruncated === true) {
    fail(
      'IsTruncated',
      'the export is incomplete: IsTruncated is true, so this is only the first page. Run `aws iam get-account-authorization-details` with the AWS CLI, without --max-items or --no-paginate, so that it fetches every page into one document',
    );
  }
}

function lookalike(value: Record<string, unknown>): string {
  if (Array.isArray(value.Users)) return 'this looks like the output of `aws iam list-users` (a "Users" list)';
  if (Array.isArray(value.Roles)) return 'this looks like the output of `aws iam list-roles` (a "Roles" list)';
  if (Array.isArray(value.Groups)) return 'this looks like the output of `aws iam list-groups` (a "Groups" list)';
  if ('Content' in value && 'ReportFormat' in value) {
    return 'this looks like the output of `aws iam get-credential-report`; import it with `vigil import aws-credential-report`';
  }
  if ('apiVersion' in value && 'kind' in value) return 'this looks like a Kubernetes object';
  const keys = Object.keys(value);
  if (keys.length === 0) return 'the document is an empty object';
  const shown = keys.slice(0, 5).map((key) => `"${key.slice(0, 64)}"`);
  return `the document has the fields ${shown.join(', ')}${keys.length > 5 ? ', …' : ''} and none of the IAM export's lists`;
}

interface ArnAt {
  arn: string;
  place: string;
  type: string;
  /** AWS-managed policies live in the pseudo-account `aws`. */
  allowAws?: boolean;
}

function* arnsOf(details: AccountAuthorizationDetails): Generator<ArnAt> {
  const attached = function* (list: ReadonlyArray<{ PolicyArn: string }>, place: string): Generator<ArnAt> {
    for (const [j, p] of list.entries()) {
      yield {
        arn: p.PolicyArn,
        place: `${place}.AttachedManagedPolicies[${j}].PolicyArn`,
        type: 'policy',
        allowAws: true,
      };
    }
  };
  const boundary = function* (b: { PermissionsBoundaryArn: string } | undefined, place: string): Generator<ArnAt> {
    if (b !== undefined) {
      yield {
        arn: b.PermissionsBoundaryArn,
        place: `${place}.PermissionsBoundary.PermissionsBoundaryArn`,
        type: 'policy',
        allowAws: true,
      };
    }
  };
  for (const [i, u] of details.UserDetailList.entries()) {
    yield { arn: u.Arn, place: `UserDetailList[${i}].Arn`, type: 'user' };
    yield* attached(u.AttachedManagedPolicies, `UserDetailList[${i}]`);
    yield* boundary(u.PermissionsBoundary, `UserDetailList[${i}]`);
  }
  for (const [i, g] of details.GroupDetailList.entries()) {
    yield { arn: g.Arn, place: `GroupDetailList[${i}].Arn`, type: 'group' };
    yield* attached(g.AttachedManagedPolicies, `GroupDetailList[${i}]`);
  }
  for (const [i, r] of details.RoleDetailList.entries()) {
    yield { arn: r.Arn, place: `RoleDetailList[${i}].Arn`, type: 'role' };
    for (const [j, profile] of r.InstanceProfileList.entries()) {
      yield { arn: profile.Arn, place: `RoleDetailList[${i}].InstanceProfileList[${j}].Arn`, type: 'instance-profile' };
    }
    yield* attached(r.AttachedManagedPolicies, `RoleDetailList[${i}]`);
    yield* boundary(r.PermissionsBoundary, `RoleDetailList[${i}]`);
  }
  for (const [i, p] of details.Policies.entries()) {
    yield { arn: p.Arn, place: `Policies[${i}].Arn`, type: 'policy', allowAws: true };
  }
}

/** Every ARN must be an IAM ARN of the right type, and all of them from one account. */
function findAccount(
  input: SourceText,
  details: AccountAuthorizationDetails,
  scope: string | undefined,
): { account: string; partition: string } {
  let found: { account: string; partition: string; place: string } | null = null;
  for (const { arn, place, type, allowAws } of arnsOf(details)) {
    const parsed: IamArn | null = parseIamArn(arn);
    if (parsed === null || parsed.service !== 'iam' || parsed.resourceType !== type) {
      throw new ImportInputError(
        input.name,
        place,
        `expected an IAM ${type} ARN such as arn:aws:iam::123456789012:${type}/name, got "${arn.slice(0, 200)}"`,
      );
    }
    if (parsed.account === 'aws') {
      if (allowAws === true) continue;
      throw new ImportInputError(
        input.name,
        place,
        `expected an ARN in a 12-digit account, got "${arn.slice(0, 200)}"`,
      );
    }
    if (found === null) {
      found = { account: parsed.account, partition: parsed.partition, place };
    } else if (parsed.account !== found.account) {
      throw new ImportInputError(
        input.name,
        place,
        `the ARN is in account ${parsed.account} but ${found.place} is in account ${found.account}; an export covers exactly one account`,
      );
    }
  }
  if (found !== null) return { account: found.account, partition: found.partition };
  if (scope !== undefined && isAccountId(scope)) return { account: scope, partition: 'aws' };
  throw new ImportInputError(
    input.name,
    null,
    'the export names no user, group, role or customer managed policy, so its account cannot be told; give the account id as the scope',
  );
}

function managedPolicies(list: ReadonlyArray<{ PolicyName: string; PolicyArn: string }>): Entitlement[] {
  return list.map((p) => ({
    type: 'aws-managed-policy',
    name: p.PolicyName,
    via: null,
    policyId: identityId(PROVIDER, p.PolicyArn),
    document: null,
    statements: [],
  }));
}

function inlinePolicies(
  context: Context,
  list: ReadonlyArray<{ PolicyName: string; PolicyDocument: string | Record<string, unknown> }>,
  place: string,
): Entitlement[] {
  return list.map((p, j) => {
    const parsed = parsePolicyDocument(context.input, p.PolicyDocument, {
      place: `${place}[${j}].PolicyDocument`,
      policy: p.PolicyName,
    });
    return {
      type: 'aws-inline-policy',
      name: p.PolicyName,
      via: null,
      policyId: null,
      document: parsed.document,
      statements: parsed.statements,
    };
  });
}

function boundaryEntitlement(boundary: { PermissionsBoundaryArn: string } | undefined): Entitlement[] {
  if (boundary === undefined) return [];
  const arn = boundary.PermissionsBoundaryArn;
  return [
    {
      type: 'aws-permissions-boundary',
      name: parseIamArn(arn)?.name ?? arn,
      via: null,
      policyId: identityId(PROVIDER, arn),
      document: null,
      statements: [],
    },
  ];
}

function baseRecord(
  context: Context,
  arn: string,
  name: string,
  createDate: string | undefined,
): Omit<IdentityRecord, 'kind' | 'owner' | 'entitlements' | 'memberOf' | 'tags' | 'attributes'> {
  return {
    id: identityId(PROVIDER, arn),
    provider: PROVIDER,
    externalId: arn,
    name,
    systemOfRecord: context.systemOfRecord,
    status: 'active',
    createdAt: toTimestamp(createDate),
    lastUsedAt: null,
    // The export records use only for roles (RoleLastUsed); users' use comes from the credential report.
    usageTracked: false,
    expiresAt: null,
    mfaEnabled: null,
    credentials: [],
  };
}

function userRecord(
  context: Context,
  user: UserDetail,
  place: string,
  groupArns: ReadonlyMap<string, string>,
): IdentityRecord {
  const tags = tagsToRecord(user.Tags);
  const classification = classifyUser({ name: user.UserName, path: user.Path, tags });
  const unresolvedGroups: string[] = [];
  const memberOf = user.GroupList.map((groupName) => {
    const arn = groupArns.get(groupName);
    if (arn !== undefined) return identityId(PROVIDER, arn);
    // The export left the group out (a --filter without Group): assume the default path.
    unresolvedGroups.push(groupName);
    return identityId(PROVIDER, `arn:${context.partition}:iam::${context.account}:group/${groupName}`);
  });
  return {
    ...baseRecord(context, user.Arn, user.UserName, user.CreateDate),
    kind: classification.kind,
    owner: ownerFromTags(tags, context.options.ownerTagKeys),
    entitlements: [
      ...managedPolicies(user.AttachedManagedPolicies),
      ...inlinePolicies(context, user.UserPolicyList, `${place}.UserPolicyList`),
      ...boundaryEntitlement(user.PermissionsBoundary),
    ],
    memberOf,
    tags,
    attributes: {
      path: user.Path,
      userId: user.UserId,
      kindReason: classification.reason,
      ...(unresolvedGroups.length > 0 ? { unresolvedGroups } : {}),
    },
  };
}

function groupRecord(context: Context, group: GroupDetail, place: string): IdentityRecord {
  return {
    ...baseRecord(context, group.Arn, group.GroupName, group.CreateDate),
    kind: 'group',
    owner: null,
    entitlements: [
      ...managedPolicies(group.AttachedManagedPolicies),
      ...inlinePolicies(context, group.GroupPolicyList, `${place}.GroupPolicyList`),
    ],
    memberOf: [],
    tags: {},
    attributes: { path: group.Path, groupId: group.GroupId },
  };
}

function roleRecord(context: Context, role: RoleDetail, place: string): IdentityRecord {
  const tags = tagsToRecord(role.Tags);
  const entitlements: Entitlement[] = [];
  let trust: TrustSummary | null = null;
  if (role.AssumeRolePolicyDocument !== undefined) {
    const parsed = parsePolicyDocument(context.input, role.AssumeRolePolicyDocument, {
      place: `${place}.AssumeRolePolicyDocument`,
      policy: `trust policy of role ${role.RoleName}`,
    });
    trust = summariseTrust(parsed.rawStatements, context.account);
    entitlements.push({
      type: 'aws-trust-policy',
      name: 'trust-policy',
      via: null,
      policyId: null,
      document: parsed.document,
      statements: parsed.statements,
    });
  }
  entitlements.push(
    ...managedPolicies(role.AttachedManagedPolicies),
    ...inlinePolicies(context, role.RolePolicyList, `${place}.RolePolicyList`),
    ...boundaryEntitlement(role.PermissionsBoundary),
  );
  const serviceLinked = role.Path.startsWith('/aws-service-role/');
  return {
    ...baseRecord(context, role.Arn, role.RoleName, role.CreateDate),
    kind: 'role',
    // A service-linked role is created, owned and deleted by the AWS service it belongs to.
    owner:
      ownerFromTags(tags, context.options.ownerTagKeys) ??
      (serviceLinked ? { name: 'aws', source: 'source', detail: 'service-linked role' } : null),
    lastUsedAt: toTimestamp(role.RoleLastUsed?.LastUsedDate),
    usageTracked: true,
    entitlements,
    memberOf: [],
    tags,
    attributes: {
      path: role.Path,
      roleId: role.RoleId,
      serviceLinked,
      instanceProfiles: role.InstanceProfileList.map((p) => ({ name: p.InstanceProfileName, arn: p.Arn })),
      trust,
      lastUsedRegion: role.RoleLastUsed?.Region ?? null,
    },
  };
}

function policyRecord(context: Context, policy: ManagedPolicyDetail, place: string): Policy {
  const versions = policy.PolicyVersionList.map((version, j) => ({
    version,
    parsed: parsePolicyDocument(context.input, version.Document, {
      place: `${place}.PolicyVersionList[${j}].Document`,
      policy: `${policy.PolicyName} (version ${version.VersionId})`,
    }),
  }));
  const current =
    versions.find((v) => v.version.IsDefaultVersion) ??
    versions.find((v) => v.version.VersionId === policy.DefaultVersionId);
  if (current === undefined) {
    throw new ImportInputError(
      context.input.name,
      `${place}.PolicyVersionList`,
      `policy "${policy.PolicyName}" has no default version: expected one version with "IsDefaultVersion": true`,
    );
  }
  return {
    id: identityId(PROVIDER, policy.Arn),
    provider: PROVIDER,
    externalId: policy.Arn,
    name: policy.PolicyName,
    document: current.parsed.document,
    statements: current.parsed.statements,
    versions: versions.map(({ version, parsed }) => ({
      versionId: version.VersionId,
      isDefault: version === current.version,
      createdAt: toTimestamp(version.CreateDate),
      document: parsed.document,
    })),
    attributes: {
      policyId: policy.PolicyId ?? null,
      path: policy.Path,
      awsManaged: parseIamArn(policy.Arn)?.account === 'aws',
      defaultVersionId: current.version.VersionId,
      attachmentCount: policy.AttachmentCount ?? null,
      permissionsBoundaryUsageCount: policy.PermissionsBoundaryUsageCount ?? null,
      isAttachable: policy.IsAttachable ?? null,
      description: policy.Description ?? null,
      createdAt: toTimestamp(policy.CreateDate),
      updatedAt: toTimestamp(policy.UpdateDate),
    },
  };
}
