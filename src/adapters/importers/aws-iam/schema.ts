/**
 * The shape of `aws iam get-account-authorization-details` output, after the IAM API
 * reference (GetAccountAuthorizationDetails and its UserDetail, GroupDetail,
 * RoleDetail, ManagedPolicyDetail, PolicyDetail, PolicyVersion, InstanceProfile,
 * AttachedPolicy, AttachedPermissionsBoundary, Tag and RoleLastUsed types).
 *
 * Unknown fields are ignored (AWS adds fields over time); every field Vigil reads
 * is checked, and strings are bounded.
 */
import { z } from 'zod';

const text = (max: number) => z.string().max(max);
const name = z.string().min(1).max(512);
const arn = z.string().min(1).max(2048);
const path = z.string().min(1).max(512);
const id = z.string().min(1).max(128);

/**
 * `true` for an ISO-8601 date and time such as the API (`2024-03-01T09:12:44Z`) or the
 * CLI and the credential report (`2024-03-01T09:12:44+00:00`) write. Stricter than
 * `Date.parse` alone, which takes `"1"` for the year 2001.
 */
export function isIsoDateTime(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value) && !Number.isNaN(Date.parse(value));
}

const date = z.string().max(64).refine(isIsoDateTime, { error: 'expected an ISO-8601 date and time' });

/**
 * A policy document: URL-encoded JSON text as the API returns it, or the JSON object
 * the AWS CLI prints after decoding it. Checked in detail by `policy-document.ts`.
 */
const RawPolicyDocumentSchema = z.union([z.string().min(1).max(1_048_576), z.record(z.string(), z.unknown())], {
  error: 'expected a policy document (URL-encoded JSON text or a JSON object)',
});
/** A policy document as the file holds it: URL-encoded text or a JSON object. */
export type RawPolicyDocument = z.infer<typeof RawPolicyDocumentSchema>;

const TagSchema = z.object({ Key: z.string().min(1).max(256), Value: text(1024) });

/** An inline policy (`PolicyDetail`). */
const InlinePolicySchema = z.object({ PolicyName: name, PolicyDocument: RawPolicyDocumentSchema });

/** A managed policy attached to a user, group or role (`AttachedPolicy`). */
const AttachedPolicySchema = z.object({ PolicyName: name, PolicyArn: arn });

const PermissionsBoundarySchema = z.object({
  PermissionsBoundaryType: text(64).optional(),
  PermissionsBoundaryArn: arn,
});

const InstanceProfileSchema = z.object({
  Path: path.optional(),
  InstanceProfileName: name,
  InstanceProfileId: id.optional(),
  Arn: arn,
  CreateDate: date.optional(),
});

const UserDetailSchema = z.object({
  Path: path.default('/'),
  UserName: name,
  UserId: id,
  Arn: arn,
  CreateDate: date.optional(),
  UserPolicyList: z.array(InlinePolicySchema).default([]),
  GroupList: z.array(name).default([]),
  AttachedManagedPolicies: z.array(AttachedPolicySchema).default([]),
  PermissionsBoundary: PermissionsBoundarySchema.optional(),
  Tags: z.array(TagSchema).default([]),
});
/** An IAM user as the export describes it (`UserDetail`). */
export type UserDetail = z.infer<typeof UserDetailSchema>;

const GroupDetailSchema = z.object({
  Path: path.default('/'),
  GroupName: name,
  GroupId: id,
  Arn: arn,
  CreateDate: date.optional(),
  GroupPolicyList: z.array(InlinePolicySchema).default([]),
  AttachedManagedPolicies: z.array(AttachedPolicySchema).default([]),
});
/** An IAM group as the export describes it (`GroupDetail`). */
export type GroupDetail = z.infer<typeof GroupDetailSchema>;

const RoleDetailSchema = z.object({
  Path: path.default('/'),
  RoleName: name,
  RoleId: id,
  Arn: arn,
  CreateDate: date.optional(),
  AssumeRolePolicyDocument: RawPolicyDocumentSchema.optional(),
  InstanceProfileList: z.array(InstanceProfileSchema).default([]),
  RolePolicyList: z.array(InlinePolicySchema).default([]),
  AttachedManagedPolicies: z.array(AttachedPolicySchema).default([]),
  PermissionsBoundary: PermissionsBoundarySchema.optional(),
  Tags: z.array(TagSchema).default([]),
  RoleLastUsed: z.object({ LastUsedDate: date.optional(), Region: text(64).optional() }).optional(),
});
/** An IAM role as the export describes it (`RoleDetail`). */
export type RoleDetail = z.infer<typeof RoleDetailSchema>;

const PolicyVersionSchema = z.object({
  Document: RawPolicyDocumentSchema,
  VersionId: z.string().min(1).max(128),
  IsDefaultVersion: z.boolean(),
  CreateDate: date.optional(),
});

const ManagedPolicyDetailSchema = z.object({
  PolicyName: name,
  PolicyId: id.optional(),
  Arn: arn,
  Path: path.default('/'),
  DefaultVersionId: z.string().min(1).max(128).optional(),
  AttachmentCount: z.number().int().nonnegative().optional(),
  PermissionsBoundaryUsageCount: z.number().int().nonnegative().optional(),
  IsAttachable: z.boolean().optional(),
  Description: text(1000).optional(),
  CreateDate: date.optional(),
  UpdateDate: date.optional(),
  PolicyVersionList: z.array(PolicyVersionSchema).min(1, { error: 'expected at least one policy version' }),
});
/** A managed policy with its versions (`ManagedPolicyDetail`). */
export type ManagedPolicyDetail = z.infer<typeof ManagedPolicyDetailSchema>;

/** The whole response. Each list may be missing (a `--filter` leaves some out) or empty. */
export const AccountAuthorizationDetailsSchema = z.object({
  UserDetailList: z.array(UserDetailSchema).default([]),
  GroupDetailList: z.array(GroupDetailSchema).default([]),
  RoleDetailList: z.array(RoleDetailSchema).default([]),
  Policies: z.array(ManagedPolicyDetailSchema).default([]),
  IsTruncated: z.boolean().optional(),
  Marker: text(4096).optional(),
});
/** The whole export, validated. */
export type AccountAuthorizationDetails = z.infer<typeof AccountAuthorizationDetailsSchema>;
