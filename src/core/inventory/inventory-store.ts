/**
 * The inventory's storage port: what the use cases need from a database, nothing about
 * which one. Implemented for SQLite and PostgreSQL in `adapters/store`.
 */
import type { AuditEntry, AuditRecord } from '../audit/audit-chain.js';
import type { GraphSnapshot, IdentityScore } from '../graph/snapshot.js';
import type { Finding } from '../posture/findings.js';
import type { ProgrammeMetrics } from '../posture/metrics.js';
import type { SecretExposure } from '../secrets/secret-exposure.js';
import type { Credential, Entitlement, Identity, IdentityKind, IdentityRecord, Owner, Policy } from './identity.js';

/** What the store remembers of an identity to decide whether an import changed it. */
export interface IdentityState {
  contentHash: string;
  origin: string;
  status: string;
  deletedAt: string | null;
}

export interface IdentityFilter {
  kind?: IdentityKind[] | undefined;
  provider?: string[] | undefined;
  status?: string[] | undefined;
  /** `none` for identities without an owner; otherwise an exact owner name. */
  owner?: string | undefined;
  /** Case-insensitive substring of the name or external id. */
  search?: string | undefined;
}

export interface Page {
  limit: number;
  offset: number;
}

/** A row of the identity list: the identity without its credentials and entitlements. */
export type IdentitySummary = Omit<Identity, 'credentials' | 'entitlements'> & { credentialCount: number };

export interface ImportRecord {
  id: string;
  source: string;
  scope: string;
  mode: string;
  fileName: string;
  fileSha256: string;
  actor: string;
  startedAt: string;
  finishedAt: string;
  counts: ImportCounts;
}

export interface ImportCounts {
  added: number;
  updated: number;
  unchanged: number;
  deleted: number;
  policies: number;
}

export interface FindingFilter {
  severity?: string[] | undefined;
  rule?: string[] | undefined;
  identityId?: string | undefined;
}

export interface StoredFinding extends Finding {
  firstDetectedAt: string;
}

export interface MetricsSnapshot {
  id: string;
  importId: string | null;
  takenAt: string;
  metrics: ProgrammeMetrics;
}

/** Everything posture needs: all identities with credentials and entitlements, and shared policies. */
export interface InventorySnapshot {
  identities: Identity[];
  policies: Map<string, Policy>;
}

export interface InventoryStore {
  readonly engine: 'sqlite' | 'postgres';
  /** Runs `work` in one transaction: all of it lands, or none of it. */
  transaction<T>(work: (tx: InventoryStore) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** Refreshes the query planner's statistics after a large change (SQLite: PRAGMA optimize; PostgreSQL: ANALYZE). */
  optimize(): Promise<void>;

  identityStates(ids: readonly string[]): Promise<Map<string, IdentityState>>;
  /** Inserts or replaces identities' core fields, keeping owners set by an edit and the latest known use. */
  upsertIdentities(
    rows: ReadonlyArray<{ record: IdentityRecord; contentHash: string }>,
    meta: { origin: string; importId: string; now: string },
  ): Promise<void>;
  /** Marks identities seen by an import without other change. */
  touchIdentities(ids: readonly string[], meta: { importId: string; now: string }): Promise<void>;
  /** Adds an augmenting source's facts to existing identities. */
  augmentIdentity(
    id: string,
    facts: { mfaEnabled: boolean | null; lastUsedAt: string | null; usageTracked: boolean },
    meta: { importId: string; now: string },
  ): Promise<void>;
  replaceCredentials(
    origin: string,
    byIdentity: ReadonlyArray<{ identityId: string; credentials: readonly Credential[] }>,
  ): Promise<void>;
  replaceEntitlements(
    origin: string,
    byIdentity: ReadonlyArray<{ identityId: string; entitlements: readonly Entitlement[] }>,
  ): Promise<void>;
  /** Ids of live identities from `origin` that are not in `keep`. */
  liveIdentitiesNotIn(origin: string, keep: ReadonlySet<string>): Promise<string[]>;
  markDeleted(ids: readonly string[], now: string): Promise<void>;
  replacePolicies(origin: string, importId: string, policies: readonly Policy[]): Promise<void>;
  recordImport(record: ImportRecord): Promise<void>;
  listImports(limit: number): Promise<ImportRecord[]>;

  listIdentities(filter: IdentityFilter, page: Page): Promise<{ items: IdentitySummary[]; total: number }>;
  getIdentity(id: string): Promise<Identity | null>;
  /** Identities whose id, external id or name equals `reference`, for resolving what a user typed. */
  findIdentities(reference: string, limit: number): Promise<IdentitySummary[]>;
  setOwner(id: string, owner: Owner | null): Promise<void>;
  setTags(id: string, tags: Record<string, string>): Promise<void>;
  /**
   * Every identity with its credentials and entitlements, and every shared policy. Entitlement
   * documents (inline and trust policies) only with `documents: true`: the access graph reads
   * them, posture does not.
   */
  loadInventory(options?: { documents?: boolean }): Promise<InventorySnapshot>;
  /** The shared policies with these ids (those that exist). */
  getPolicies(ids: readonly string[]): Promise<Map<string, Policy>>;

  /** Replaces findings (all of them, or only those of `identityIds`), keeping when each was first detected. */
  replaceFindings(findings: readonly Finding[], now: string, identityIds?: readonly string[]): Promise<void>;
  listFindings(filter: FindingFilter, page: Page): Promise<{ items: StoredFinding[]; total: number }>;

  insertMetrics(snapshot: MetricsSnapshot): Promise<void>;
  listMetrics(limit: number): Promise<MetricsSnapshot[]>;

  /** Appends to the hash chain (serialised against other writers). */
  appendAudit(entries: readonly AuditEntry[]): Promise<AuditRecord[]>;
  /** The records in chain order, from `afterSeq` on, at most `limit`. */
  readAudit(afterSeq: number, limit: number): Promise<AuditRecord[]>;

  /** Records exposures, keeping when each was first seen. */
  upsertExposures(exposures: readonly SecretExposure[]): Promise<void>;
  /** Exposures of these identities, or of all when no ids are given. */
  listExposures(identityIds?: readonly string[]): Promise<SecretExposure[]>;
  /** Identities holding a credential with one of these fingerprints (an AWS access key id, say). */
  identitiesByCredentialFingerprint(fingerprints: readonly string[]): Promise<Map<string, string[]>>;

  /** Stores a graph snapshot with every identity's score (the caller holds the transaction). */
  saveGraphSnapshot(snapshot: GraphSnapshot, scores: readonly IdentityScore[]): Promise<void>;
  /** The newest snapshots first. */
  listGraphSnapshots(limit: number): Promise<GraphSnapshot[]>;
  /** A snapshot's scores, highest first; `null` when there is no such snapshot. */
  graphSnapshotScores(id: string): Promise<IdentityScore[] | null>;

  createAdminToken(token: { id: string; tokenHash: string; createdAt: string }): Promise<void>;
  countAdminTokens(): Promise<number>;
  /** The live token with this hash, marking it used. */
  useAdminToken(tokenHash: string, now: string): Promise<{ id: string } | null>;
}
