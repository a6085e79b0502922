/**
 * The identity inventory's model: what every importer produces and every other
 * part of Vigil reads. Pure types and zod schemas; no I/O.
 */
import { z } from 'zod';

/** Every kind of identity Vigil knows, human and non-human. */
export const IDENTITY_KINDS = [
  'human',
  'service-account',
  'role',
  'group',
  'access-key',
  'api-key',
  'token',
  'certificate',
  'workload',
  'bot',
  'ai-agent',
] as const;
export const IdentityKindSchema = z.enum(IDENTITY_KINDS);
export type IdentityKind = z.infer<typeof IdentityKindSchema>;

/** Kinds that are people (or groups of people); everything else is a non-human identity (NHI). */
export const HUMAN_KINDS: ReadonlySet<IdentityKind> = new Set(['human', 'group']);

/** `true` for identities that are machines: service accounts, roles, keys, tokens, workloads, bots, agents. */
export function isNonHuman(kind: IdentityKind): boolean {
  return !HUMAN_KINDS.has(kind);
}

export const IdentityStatusSchema = z.enum(['active', 'disabled', 'deleted']);
export type IdentityStatus = z.infer<typeof IdentityStatusSchema>;

/** An ISO-8601 timestamp in UTC, as Vigil stores it. */
export const TimestampSchema = z.iso.datetime({ offset: true });
export type Timestamp = z.infer<typeof TimestampSchema>;

const boundedString = (max: number) => z.string().min(1).max(max);

/**
 * Where an owner came from. `edit` (set by a person through the CLI or API) wins
 * over everything an importer says, and survives re-import.
 */
export const OwnerSourceSchema = z.enum(['tag', 'yaml', 'source', 'edit']);
export type OwnerSource = z.infer<typeof OwnerSourceSchema>;

export const OwnerSchema = z.object({
  /** A person (e-mail or handle) or a team. */
  name: boundedString(256),
  source: OwnerSourceSchema,
  /** What exactly: the tag key, the YAML file, who made the edit. */
  detail: z.string().max(512).nullable(),
});
export type Owner = z.infer<typeof OwnerSchema>;

export const CREDENTIAL_TYPES = [
  'access-key',
  'password',
  'api-key',
  'token',
  'ssh-key',
  'certificate',
  'client-secret',
  'secret',
] as const;
export const CredentialTypeSchema = z.enum(CREDENTIAL_TYPES);
export type CredentialType = z.infer<typeof CredentialTypeSchema>;

/**
 * A credential an identity holds. Vigil never keeps the value: only metadata and a
 * fingerprint (a key id, or a hash of public material) that later scans can match.
 */
export const CredentialSchema = z.object({
  /** Stable within the identity: an access key id, `password`, a secret's name. */
  id: boundedString(512),
  type: CredentialTypeSchema,
  status: z.enum(['active', 'inactive']),
  createdAt: TimestampSchema.nullable(),
  lastUsedAt: TimestampSchema.nullable(),
  lastRotatedAt: TimestampSchema.nullable(),
  expiresAt: TimestampSchema.nullable(),
  fingerprint: z.string().max(512).nullable(),
});
export type Credential = z.infer<typeof CredentialSchema>;

/**
 * One permission statement in Vigil's normalised form, whatever system it came from.
 * AWS statements map one to one; a Kubernetes rule becomes verbs as `actions` and
 * `group/resource` (namespace-qualified where the binding is) as `resources`.
 */
export const StatementSchema = z.object({
  effect: z.enum(['allow', 'deny']),
  actions: z.array(z.string().max(512)),
  notActions: z.array(z.string().max(512)).optional(),
  resources: z.array(z.string().max(2048)),
  notResources: z.array(z.string().max(2048)).optional(),
  /** The statement only applies under conditions (kept verbatim in the raw document). */
  conditional: z.boolean(),
});
export type Statement = z.infer<typeof StatementSchema>;

export const ENTITLEMENT_TYPES = [
  'aws-managed-policy',
  'aws-inline-policy',
  'aws-permissions-boundary',
  'aws-trust-policy',
  'k8s-role',
  'k8s-cluster-role',
  'github-role',
  'github-permission',
  'custom',
] as const;
export const EntitlementTypeSchema = z.enum(ENTITLEMENT_TYPES);
export type EntitlementType = z.infer<typeof EntitlementTypeSchema>;

/**
 * What an identity may do. Either a reference to a shared policy (`policyId`, whose
 * document and statements are stored once) or a document of its own (`document`,
 * verbatim as the source gave it, and `statements`, normalised).
 */
export const EntitlementSchema = z.object({
  type: EntitlementTypeSchema,
  name: boundedString(512),
  /** How it is held: `null` when direct, else the group, binding or role that grants it. */
  via: z.string().max(1024).nullable(),
  policyId: z.string().max(2048).nullable(),
  document: z.string().max(1_048_576).nullable(),
  statements: z.array(StatementSchema),
});
export type Entitlement = z.infer<typeof EntitlementSchema>;

/** A shared policy document (an AWS managed policy, a Kubernetes ClusterRole), with all its versions. */
export const PolicySchema = z.object({
  /** Vigil's id: provider + external id, as for identities. */
  id: boundedString(2048),
  provider: boundedString(64),
  externalId: boundedString(2048),
  name: boundedString(512),
  /** The raw document of the version in force, verbatim. */
  document: z.string().max(1_048_576),
  statements: z.array(StatementSchema),
  versions: z.array(
    z.object({
      versionId: boundedString(128),
      isDefault: z.boolean(),
      createdAt: TimestampSchema.nullable(),
      document: z.string().max(1_048_576),
    }),
  ),
  attributes: z.record(z.string(), z.unknown()),
});
export type Policy = z.infer<typeof PolicySchema>;

/**
 * An identity as a source describes it. The store adds what only it can know
 * (first seen, last seen, deleted at, which import brought it).
 */
export const IdentityRecordSchema = z.object({
  /** Stable id: `provider:externalId`, so that re-imports match. See {@link identityId}. */
  id: boundedString(2100),
  provider: boundedString(64),
  externalId: boundedString(2048),
  kind: IdentityKindSchema,
  name: boundedString(512),
  owner: OwnerSchema.nullable(),
  systemOfRecord: boundedString(512),
  status: IdentityStatusSchema,
  createdAt: TimestampSchema.nullable(),
  lastUsedAt: TimestampSchema.nullable(),
  expiresAt: TimestampSchema.nullable(),
  /**
   * Whether the source records use at all. When it does, a `null` lastUsedAt means
   * "never used"; when it does not (Kubernetes service accounts, GitHub members), it
   * means "unknown", and Vigil will not call the identity dormant for want of use.
   */
  usageTracked: z.boolean(),
  /** For people: whether a second factor is enrolled; `null` when the source does not say. */
  mfaEnabled: z.boolean().nullable(),
  credentials: z.array(CredentialSchema),
  entitlements: z.array(EntitlementSchema),
  /** Ids of the groups (or roles) this identity is a member of. */
  memberOf: z.array(z.string().max(2100)),
  tags: z.record(z.string().max(256), z.string().max(1024)),
  /** Provider-specific facts (path, namespace, trust policy principals, …). */
  attributes: z.record(z.string(), z.unknown()),
});
export type IdentityRecord = z.infer<typeof IdentityRecordSchema>;

/** An identity as the inventory holds it. */
export type Identity = IdentityRecord & {
  firstSeenAt: Timestamp;
  lastSeenAt: Timestamp;
  deletedAt: Timestamp | null;
  /** The import that last brought this identity. */
  importId: string;
  /** `source:scope` of the import that owns this identity's core fields. */
  origin: string;
};

/**
 * The stable id of an identity: its provider and the provider's own id for it.
 *
 * @example identityId('aws', 'arn:aws:iam::123456789012:user/ci') // 'aws:arn:aws:iam::123456789012:user/ci'
 */
export function identityId(provider: string, externalId: string): string {
  return `${provider}:${externalId}`;
}

/**
 * A new identity record with nothing known yet beyond who it is: no owner, dates, credentials,
 * entitlements or memberships, usage not tracked. Importers fill in what their source says.
 *
 * @example newIdentityRecord({ provider: 'github', externalId: 'acme/user:alice', kind: 'human', name: 'alice', systemOfRecord: 'github:acme' })
 */
export function newIdentityRecord(who: {
  provider: string;
  externalId: string;
  kind: IdentityKind;
  name: string;
  systemOfRecord: string;
}): IdentityRecord {
  return {
    id: identityId(who.provider, who.externalId),
    provider: who.provider,
    externalId: who.externalId,
    kind: who.kind,
    name: who.name,
    owner: null,
    systemOfRecord: who.systemOfRecord,
    status: 'active',
    createdAt: null,
    lastUsedAt: null,
    usageTracked: false,
    expiresAt: null,
    mfaEnabled: null,
    credentials: [],
    entitlements: [],
    memberOf: [],
    tags: {},
    attributes: {},
  };
}
