/**
 * The tables as Kysely sees them. One schema for SQLite and PostgreSQL: timestamps are
 * ISO-8601 UTC text (which sorts as time), JSON is text, booleans are 0/1 integers.
 */
export interface ImportsTable {
  id: string;
  source: string;
  scope: string;
  mode: string;
  file_name: string;
  file_sha256: string;
  actor: string;
  started_at: string;
  finished_at: string;
  /** JSON: { added, updated, unchanged, deleted, policies } */
  counts: string;
}

export interface IdentitiesTable {
  id: string;
  provider: string;
  external_id: string;
  kind: string;
  name: string;
  owner: string | null;
  owner_source: string | null;
  owner_detail: string | null;
  system_of_record: string;
  status: string;
  created_at: string | null;
  last_used_at: string | null;
  expires_at: string | null;
  mfa_enabled: number | null;
  usage_tracked: number;
  first_seen_at: string;
  last_seen_at: string;
  deleted_at: string | null;
  import_id: string;
  origin: string;
  content_hash: string;
  member_of: string;
  tags: string;
  attributes: string;
  search_text: string;
}

export interface CredentialsTable {
  identity_id: string;
  origin: string;
  credential_id: string;
  type: string;
  status: string;
  created_at: string | null;
  last_used_at: string | null;
  last_rotated_at: string | null;
  expires_at: string | null;
  fingerprint: string | null;
}

export interface EntitlementsTable {
  identity_id: string;
  origin: string;
  position: number;
  type: string;
  name: string;
  via: string | null;
  policy_id: string | null;
  document: string | null;
  statements: string;
}

export interface PoliciesTable {
  id: string;
  provider: string;
  external_id: string;
  name: string;
  document: string;
  statements: string;
  versions: string;
  attributes: string;
  origin: string;
  import_id: string;
}

export interface FindingsTable {
  id: string;
  identity_id: string;
  rule: string;
  severity: string;
  severity_rank: number;
  first_detected_at: string;
  /** JSON of the whole finding. */
  body: string;
}

export interface MetricsSnapshotsTable {
  id: string;
  import_id: string | null;
  taken_at: string;
  metrics: string;
}

export interface AuditEventsTable {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  details: string;
  prev_hash: string;
  hash: string;
}

export interface AdminTokensTable {
  id: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface SecretExposuresTable {
  fingerprint: string;
  identity_id: string;
  rule_id: string;
  rule_name: string;
  path: string;
  line: number;
  commit_sha: string | null;
  redacted: string;
  linked_by: string;
  first_seen_at: string;
  last_seen_at: string;
}

export interface GraphSnapshotsTable {
  id: string;
  created_at: string;
  actor: string;
  node_count: number;
  edge_count: number;
  identity_count: number;
  admin_equivalent: number;
  can_escalate: number;
  build_ms: number;
  /** JSON: the policy documents that could not be read. */
  problems: string;
}

export interface BlastRadiusTable {
  snapshot_id: string;
  identity_id: string;
  score: number;
  /** `none`, `equivalent` (holds administrator rights) or `escalates` (can become administrator). */
  admin: string;
}

export interface Database {
  imports: ImportsTable;
  identities: IdentitiesTable;
  credentials: CredentialsTable;
  entitlements: EntitlementsTable;
  policies: PoliciesTable;
  findings: FindingsTable;
  metrics_snapshots: MetricsSnapshotsTable;
  audit_events: AuditEventsTable;
  admin_tokens: AdminTokensTable;
  secret_exposures: SecretExposuresTable;
  graph_snapshots: GraphSnapshotsTable;
  blast_radius: BlastRadiusTable;
}
