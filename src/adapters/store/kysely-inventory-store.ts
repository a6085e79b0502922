/**
 * The inventory store on Kysely: the same queries on SQLite and PostgreSQL.
 */
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import { type AuditEntry, type AuditRecord, chainAuditEntry } from '../../core/audit/audit-chain.js';
import type { AdminStatus, GraphSnapshot, IdentityScore } from '../../core/graph/snapshot.js';
import type {
  Credential,
  CredentialType,
  Entitlement,
  EntitlementType,
  Identity,
  IdentityKind,
  IdentityRecord,
  IdentityStatus,
  Owner,
  OwnerSource,
  Policy,
} from '../../core/inventory/identity.js';
import type {
  FindingFilter,
  IdentityFilter,
  IdentityState,
  IdentitySummary,
  ImportRecord,
  InventorySnapshot,
  InventoryStore,
  MetricsSnapshot,
  Page,
  StoredFinding,
} from '../../core/inventory/inventory-store.js';
import { type Finding, severityRank } from '../../core/posture/findings.js';
import type { SecretExposure } from '../../core/secrets/secret-exposure.js';
import type { Engine } from './open-database.js';
import type { Database, IdentitiesTable } from './schema.js';

/** Rows per multi-row statement: well under SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const CHUNK = 400;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const json = (value: unknown): string => JSON.stringify(value);
const parse = <T>(text: string): T => JSON.parse(text) as T;

/** Escapes LIKE wildcards so that a search term matches literally. */
function likePattern(term: string): string {
  return `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function createInventoryStore(db: Kysely<Database>, engine: Engine): InventoryStore {
  return new KyselyInventoryStore(db, engine, false);
}

class KyselyInventoryStore implements InventoryStore {
  constructor(
    private readonly db: Kysely<Database> | Transaction<Database>,
    readonly engine: Engine,
    private readonly inTransaction: boolean,
  ) {}

  async transaction<T>(work: (tx: InventoryStore) => Promise<T>): Promise<T> {
    if (this.inTransaction) return work(this);
    return this.db.transaction().execute((trx) => work(new KyselyInventoryStore(trx, this.engine, true)));
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  async optimize(): Promise<void> {
    if (this.engine === 'sqlite') await sql`PRAGMA optimize`.execute(this.db);
    else await sql`ANALYZE identities`.execute(this.db);
  }

  async identityStates(ids: readonly string[]): Promise<Map<string, IdentityState>> {
    const states = new Map<string, IdentityState>();
    for (const part of chunks(ids, 2000)) {
      const rows = await this.db
        .selectFrom('identities')
        .select(['id', 'content_hash', 'origin', 'status', 'deleted_at'])
        .where('id', 'in', part)
        .execute();
      for (const r of rows) {
        states.set(r.id, { contentHash: r.content_hash, origin: r.origin, status: r.status, deletedAt: r.deleted_at });
      }
    }
    return states;
  }

  async upsertIdentities(
    rows: ReadonlyArray<{ record: IdentityRecord; contentHash: string }>,
    meta: { origin: string; importId: string; now: string },
  ): Promise<void> {
    for (const part of chunks(rows)) {
      const values = part.map(({ record: r, contentHash }) => ({
        id: r.id,
        provider: r.provider,
        external_id: r.externalId,
        kind: r.kind,
        name: r.name,
        owner: r.owner?.name ?? null,
        owner_source: r.owner?.source ?? null,
        owner_detail: r.owner?.detail ?? null,
        system_of_record: r.systemOfRecord,
        status: r.status,
        created_at: r.createdAt,
        last_used_at: r.lastUsedAt,
        expires_at: r.expiresAt,
        mfa_enabled: r.mfaEnabled === null ? null : r.mfaEnabled ? 1 : 0,
        usage_tracked: r.usageTracked ? 1 : 0,
        first_seen_at: meta.now,
        last_seen_at: meta.now,
        deleted_at: r.status === 'deleted' ? meta.now : null,
        import_id: meta.importId,
        origin: meta.origin,
        content_hash: contentHash,
        member_of: json(r.memberOf),
        tags: json(r.tags),
        attributes: json(r.attributes),
        search_text: `${r.name}\n${r.externalId}`.toLowerCase(),
      }));
      await this.db
        .insertInto('identities')
        .values(values)
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({
            provider: sql`excluded.provider`,
            external_id: sql`excluded.external_id`,
            kind: sql`excluded.kind`,
            name: sql`excluded.name`,
            // An owner set by a person survives every re-import.
            owner: sql`CASE WHEN identities.owner_source = 'edit' THEN identities.owner ELSE excluded.owner END`,
            owner_detail: sql`CASE WHEN identities.owner_source = 'edit' THEN identities.owner_detail ELSE excluded.owner_detail END`,
            owner_source: sql`CASE WHEN identities.owner_source = 'edit' THEN identities.owner_source ELSE excluded.owner_source END`,
            system_of_record: sql`excluded.system_of_record`,
            status: sql`excluded.status`,
            created_at: sql`COALESCE(excluded.created_at, identities.created_at)`,
            // Another source (a credential report) may know of a later use.
            last_used_at: sql`CASE WHEN identities.last_used_at IS NULL OR excluded.last_used_at > identities.last_used_at THEN excluded.last_used_at ELSE identities.last_used_at END`,
            expires_at: sql`excluded.expires_at`,
            mfa_enabled: sql`COALESCE(excluded.mfa_enabled, identities.mfa_enabled)`,
            // Once any source records use of an identity (a credential report for an IAM user), it stays known.
            usage_tracked: sql`CASE WHEN excluded.usage_tracked = 1 OR identities.usage_tracked = 1 THEN 1 ELSE 0 END`,
            last_seen_at: sql`excluded.last_seen_at`,
            deleted_at: sql`CASE WHEN excluded.status = 'deleted' THEN COALESCE(identities.deleted_at, excluded.deleted_at) ELSE NULL END`,
            import_id: sql`excluded.import_id`,
            origin: sql`excluded.origin`,
            content_hash: sql`excluded.content_hash`,
            member_of: sql`excluded.member_of`,
            tags: sql`excluded.tags`,
            attributes: sql`excluded.attributes`,
            search_text: sql`excluded.search_text`,
          }),
        )
        .execute();
    }
  }

  async touchIdentities(ids: readonly string[], meta: { importId: string; now: string }): Promise<void> {
    for (const part of chunks(ids, 2000)) {
      await this.db
        .updateTable('identities')
        .set({ last_seen_at: meta.now, import_id: meta.importId })
        .where('id', 'in', part)
        .execute();
    }
  }

  async augmentIdentity(
    id: string,
    facts: { mfaEnabled: boolean | null; lastUsedAt: string | null; usageTracked: boolean },
    meta: { importId: string; now: string },
  ): Promise<void> {
    await this.db
      .updateTable('identities')
      .set({
        usage_tracked: facts.usageTracked ? 1 : sql`usage_tracked`,
        mfa_enabled: facts.mfaEnabled === null ? sql`mfa_enabled` : facts.mfaEnabled ? 1 : 0,
        last_used_at:
          facts.lastUsedAt === null
            ? sql`last_used_at`
            : sql`CASE WHEN last_used_at IS NULL OR last_used_at < ${facts.lastUsedAt} THEN ${facts.lastUsedAt} ELSE last_used_at END`,
        last_seen_at: meta.now,
      })
      .where('id', '=', id)
      .execute();
  }

  async replaceCredentials(
    origin: string,
    byIdentity: ReadonlyArray<{ identityId: string; credentials: readonly Credential[] }>,
  ): Promise<void> {
    await this.deleteFromOrigin(
      'credentials',
      origin,
      byIdentity.map((p) => p.identityId),
    );
    const rows = byIdentity.flatMap(({ identityId, credentials }) =>
      credentials.map((c) => ({
        identity_id: identityId,
        origin,
        credential_id: c.id,
        type: c.type,
        status: c.status,
        created_at: c.createdAt,
        last_used_at: c.lastUsedAt,
        last_rotated_at: c.lastRotatedAt,
        expires_at: c.expiresAt,
        fingerprint: c.fingerprint,
      })),
    );
    for (const part of chunks(rows)) await this.db.insertInto('credentials').values(part).execute();
  }

  async replaceEntitlements(
    origin: string,
    byIdentity: ReadonlyArray<{ identityId: string; entitlements: readonly Entitlement[] }>,
  ): Promise<void> {
    await this.deleteFromOrigin(
      'entitlements',
      origin,
      byIdentity.map((p) => p.identityId),
    );
    const rows = byIdentity.flatMap(({ identityId, entitlements }) =>
      entitlements.map((e, position) => ({
        identity_id: identityId,
        origin,
        position,
        type: e.type,
        name: e.name,
        via: e.via,
        policy_id: e.policyId,
        document: e.document,
        statements: json(e.statements),
      })),
    );
    for (const part of chunks(rows)) await this.db.insertInto('entitlements').values(part).execute();
  }

  /** Deletes what one origin said about these identities (before it says it again). */
  private async deleteFromOrigin(
    table: 'credentials' | 'entitlements',
    origin: string,
    identityIds: readonly string[],
  ): Promise<void> {
    for (const part of chunks(identityIds, 2000)) {
      await this.db.deleteFrom(table).where('origin', '=', origin).where('identity_id', 'in', part).execute();
    }
  }

  async liveIdentitiesNotIn(origin: string, keep: ReadonlySet<string>): Promise<string[]> {
    const rows = await this.db
      .selectFrom('identities')
      .select('id')
      .where('origin', '=', origin)
      .where('status', '!=', 'deleted')
      .execute();
    return rows.map((r) => r.id).filter((id) => !keep.has(id));
  }

  async markDeleted(ids: readonly string[], now: string): Promise<void> {
    for (const part of chunks(ids, 2000)) {
      await this.db
        .updateTable('identities')
        .set({ status: 'deleted', deleted_at: now })
        .where('id', 'in', part)
        .execute();
    }
  }

  async replacePolicies(origin: string, importId: string, policies: readonly Policy[]): Promise<void> {
    await this.db.deleteFrom('policies').where('origin', '=', origin).execute();
    const rows = policies.map((p) => ({
      id: p.id,
      provider: p.provider,
      external_id: p.externalId,
      name: p.name,
      document: p.document,
      statements: json(p.statements),
      versions: json(p.versions),
      attributes: json(p.attributes),
      origin,
      import_id: importId,
    }));
    for (const part of chunks(rows, 200)) {
      await this.db
        .insertInto('policies')
        .values(part)
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({
            name: sql`excluded.name`,
            document: sql`excluded.document`,
            statements: sql`excluded.statements`,
            versions: sql`excluded.versions`,
            attributes: sql`excluded.attributes`,
            origin: sql`excluded.origin`,
            import_id: sql`excluded.import_id`,
          }),
        )
        .execute();
    }
  }

  async recordImport(record: ImportRecord): Promise<void> {
    await this.db
      .insertInto('imports')
      .values({
        id: record.id,
        source: record.source,
        scope: record.scope,
        mode: record.mode,
        file_name: record.fileName,
        file_sha256: record.fileSha256,
        actor: record.actor,
        started_at: record.startedAt,
        finished_at: record.finishedAt,
        counts: json(record.counts),
      })
      .execute();
  }

  async listImports(limit: number): Promise<ImportRecord[]> {
    const rows = await this.db.selectFrom('imports').selectAll().orderBy('finished_at', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      id: r.id,
      source: r.source,
      scope: r.scope,
      mode: r.mode,
      fileName: r.file_name,
      fileSha256: r.file_sha256,
      actor: r.actor,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      counts: parse(r.counts),
    }));
  }

  async listIdentities(filter: IdentityFilter, page: Page): Promise<{ items: IdentitySummary[]; total: number }> {
    let query = this.db.selectFrom('identities');
    if (filter.kind?.length) query = query.where('kind', 'in', filter.kind);
    if (filter.provider?.length) query = query.where('provider', 'in', filter.provider);
    if (filter.status?.length) query = query.where('status', 'in', filter.status);
    if (filter.owner === 'none') query = query.where('owner', 'is', null);
    else if (filter.owner !== undefined) query = query.where('owner', '=', filter.owner);
    if (filter.search) {
      const pattern = likePattern(filter.search);
      query = query.where(sql<boolean>`search_text LIKE ${pattern} ESCAPE '\\'`);
    }
    const [rows, count] = await Promise.all([
      query
        .selectAll('identities')
        .select((eb) =>
          eb
            .selectFrom('credentials')
            .select(eb.fn.countAll<number>().as('n'))
            .whereRef('credentials.identity_id', '=', 'identities.id')
            .as('credential_count'),
        )
        .orderBy('name')
        .orderBy('id')
        .limit(page.limit)
        .offset(page.offset)
        .execute(),
      query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      items: rows.map((r) => ({ ...toSummary(r), credentialCount: Number(r.credential_count ?? 0) })),
      total: Number(count.n),
    };
  }

  async getIdentity(id: string): Promise<Identity | null> {
    const row = await this.db.selectFrom('identities').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const [credentials, entitlements] = await Promise.all([
      this.db.selectFrom('credentials').selectAll().where('identity_id', '=', id).orderBy('credential_id').execute(),
      this.db
        .selectFrom('entitlements')
        .selectAll()
        .where('identity_id', '=', id)
        .orderBy('origin')
        .orderBy('position')
        .execute(),
    ]);
    return {
      ...toSummary(row),
      credentials: credentials.map(toCredential),
      entitlements: entitlements.map(toEntitlement),
    };
  }

  async findIdentities(reference: string, limit: number): Promise<IdentitySummary[]> {
    const rows = await this.db
      .selectFrom('identities')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', reference), eb('external_id', '=', reference), eb('name', '=', reference)]))
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...toSummary(r), credentialCount: 0 }));
  }

  async setOwner(id: string, owner: Owner | null): Promise<void> {
    await this.db
      .updateTable('identities')
      .set({
        owner: owner?.name ?? null,
        owner_source: owner === null ? 'edit' : owner.source,
        owner_detail: owner?.detail ?? null,
      })
      .where('id', '=', id)
      .execute();
  }

  async setTags(id: string, tags: Record<string, string>): Promise<void> {
    await this.db
      .updateTable('identities')
      .set({ tags: json(tags) })
      .where('id', '=', id)
      .execute();
  }

  async loadInventory(options: { documents?: boolean } = {}): Promise<InventorySnapshot> {
    const [rows, credentials, entitlements, policies] = await Promise.all([
      this.db.selectFrom('identities').selectAll().orderBy('id').execute(),
      this.db.selectFrom('credentials').selectAll().orderBy('identity_id').orderBy('credential_id').execute(),
      this.db
        .selectFrom('entitlements')
        .select(['identity_id', 'origin', 'position', 'type', 'name', 'via', 'policy_id', 'statements'])
        .$if(options.documents === true, (query) => query.select('document'))
        .orderBy('identity_id')
        .orderBy('origin')
        .orderBy('position')
        .execute(),
      this.db.selectFrom('policies').selectAll().execute(),
    ]);
    const credentialsById = groupBy(credentials, (c) => c.identity_id);
    const entitlementsById = groupBy(entitlements, (e) => e.identity_id);
    return {
      identities: rows.map((r) => ({
        ...toSummary(r),
        credentials: (credentialsById.get(r.id) ?? []).map(toCredential),
        entitlements: (entitlementsById.get(r.id) ?? []).map((e) =>
          toEntitlement({ ...e, document: 'document' in e ? (e.document as string | null) : null }),
        ),
      })),
      policies: new Map(policies.map((p) => [p.id, toPolicy(p)])),
    };
  }

  async getPolicies(ids: readonly string[]): Promise<Map<string, Policy>> {
    const policies = new Map<string, Policy>();
    for (const part of chunks(ids, 2000)) {
      const rows = await this.db.selectFrom('policies').selectAll().where('id', 'in', part).execute();
      for (const row of rows) policies.set(row.id, toPolicy(row));
    }
    return policies;
  }

  async replaceFindings(findings: readonly Finding[], now: string, identityIds?: readonly string[]): Promise<void> {
    let existing = this.db.selectFrom('findings').select(['id', 'first_detected_at']);
    if (identityIds) existing = existing.where('identity_id', 'in', identityIds.length ? identityIds : ['']);
    const firstDetected = new Map((await existing.execute()).map((r) => [r.id, r.first_detected_at]));
    let remove = this.db.deleteFrom('findings');
    if (identityIds) remove = remove.where('identity_id', 'in', identityIds.length ? identityIds : ['']);
    await remove.execute();
    const rows = findings.map((f) => ({
      id: f.id,
      identity_id: f.identityId,
      rule: f.rule,
      severity: f.severity,
      severity_rank: severityRank(f.severity),
      first_detected_at: firstDetected.get(f.id) ?? now,
      body: json(f),
    }));
    for (const part of chunks(rows)) await this.db.insertInto('findings').values(part).execute();
  }

  async listFindings(filter: FindingFilter, page: Page): Promise<{ items: StoredFinding[]; total: number }> {
    let query = this.db.selectFrom('findings');
    if (filter.severity?.length) query = query.where('severity', 'in', filter.severity);
    if (filter.rule?.length) query = query.where('rule', 'in', filter.rule);
    if (filter.identityId) query = query.where('identity_id', '=', filter.identityId);
    const [rows, count] = await Promise.all([
      query
        .select(['body', 'first_detected_at'])
        .orderBy('severity_rank')
        .orderBy('id')
        .limit(page.limit)
        .offset(page.offset)
        .execute(),
      query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      items: rows.map((r) => ({ ...parse<Finding>(r.body), firstDetectedAt: r.first_detected_at })),
      total: Number(count.n),
    };
  }

  async insertMetrics(snapshot: MetricsSnapshot): Promise<void> {
    await this.db
      .insertInto('metrics_snapshots')
      .values({
        id: snapshot.id,
        import_id: snapshot.importId,
        taken_at: snapshot.takenAt,
        metrics: json(snapshot.metrics),
      })
      .execute();
  }

  async listMetrics(limit: number): Promise<MetricsSnapshot[]> {
    const rows = await this.db
      .selectFrom('metrics_snapshots')
      .selectAll()
      .orderBy('taken_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: r.id, importId: r.import_id, takenAt: r.taken_at, metrics: parse(r.metrics) }));
  }

  async appendAudit(entries: readonly AuditEntry[]): Promise<AuditRecord[]> {
    return this.transaction(async (tx) => {
      const store = tx as KyselyInventoryStore;
      if (store.engine === 'postgres') {
        // One writer at a time extends the chain, across every Vigil node sharing the database.
        await sql`SELECT pg_advisory_xact_lock(7319001)`.execute(store.db);
      }
      const last = await store.db
        .selectFrom('audit_events')
        .select(['seq', 'hash'])
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      let previous: Pick<AuditRecord, 'seq' | 'hash'> | null = last ? { seq: Number(last.seq), hash: last.hash } : null;
      const records: AuditRecord[] = [];
      for (const entry of entries) {
        const record = chainAuditEntry(previous, entry);
        records.push(record);
        previous = record;
      }
      for (const part of chunks(records)) {
        await store.db
          .insertInto('audit_events')
          .values(
            part.map((r) => ({
              seq: r.seq,
              at: r.at,
              actor: r.actor,
              action: r.action,
              subject: r.subject,
              details: json(r.details),
              prev_hash: r.prevHash,
              hash: r.hash,
            })),
          )
          .execute();
      }
      return records;
    });
  }

  async readAudit(afterSeq: number, limit: number): Promise<AuditRecord[]> {
    const rows = await this.db
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      seq: Number(r.seq),
      at: r.at,
      actor: r.actor,
      action: r.action,
      subject: r.subject,
      details: parse(r.details),
      prevHash: r.prev_hash,
      hash: r.hash,
    }));
  }

  async upsertExposures(exposures: readonly SecretExposure[]): Promise<void> {
    for (const part of chunks(exposures, 200)) {
      await this.db
        .insertInto('secret_exposures')
        .values(
          part.map((e) => ({
            fingerprint: e.fingerprint,
            identity_id: e.identityId,
            rule_id: e.ruleId,
            rule_name: e.ruleName,
            path: e.path,
            line: e.line,
            commit_sha: e.commitSha,
            redacted: e.redacted,
            linked_by: e.linkedBy,
            first_seen_at: e.firstSeenAt,
            last_seen_at: e.lastSeenAt,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['fingerprint', 'identity_id']).doUpdateSet({
            path: sql`excluded.path`,
            line: sql`excluded.line`,
            commit_sha: sql`excluded.commit_sha`,
            redacted: sql`excluded.redacted`,
            last_seen_at: sql`excluded.last_seen_at`,
          }),
        )
        .execute();
    }
  }

  async listExposures(identityIds?: readonly string[]): Promise<SecretExposure[]> {
    let query = this.db.selectFrom('secret_exposures').selectAll();
    if (identityIds) query = query.where('identity_id', 'in', identityIds.length ? identityIds : ['']);
    const rows = await query.orderBy('identity_id').orderBy('fingerprint').execute();
    return rows.map((r) => ({
      fingerprint: r.fingerprint,
      identityId: r.identity_id,
      ruleId: r.rule_id,
      ruleName: r.rule_name,
      path: r.path,
      line: Number(r.line),
      commitSha: r.commit_sha,
      redacted: r.redacted,
      linkedBy: r.linked_by,
      firstSeenAt: r.first_seen_at,
      lastSeenAt: r.last_seen_at,
    }));
  }

  async saveGraphSnapshot(snapshot: GraphSnapshot, scores: readonly IdentityScore[]): Promise<void> {
    await this.db
      .insertInto('graph_snapshots')
      .values({
        id: snapshot.id,
        created_at: snapshot.createdAt,
        actor: snapshot.actor,
        node_count: snapshot.nodeCount,
        edge_count: snapshot.edgeCount,
        identity_count: snapshot.identityCount,
        admin_equivalent: snapshot.adminEquivalent,
        can_escalate: snapshot.canEscalate,
        build_ms: snapshot.buildMs,
        problems: JSON.stringify(snapshot.problems),
      })
      .execute();
    for (const part of chunks(scores, 500)) {
      await this.db
        .insertInto('blast_radius')
        .values(
          part.map((s) => ({ snapshot_id: snapshot.id, identity_id: s.identityId, score: s.score, admin: s.admin })),
        )
        .execute();
    }
  }

  async listGraphSnapshots(limit: number): Promise<GraphSnapshot[]> {
    const rows = await this.db
      .selectFrom('graph_snapshots')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      actor: r.actor,
      nodeCount: Number(r.node_count),
      edgeCount: Number(r.edge_count),
      identityCount: Number(r.identity_count),
      adminEquivalent: Number(r.admin_equivalent),
      canEscalate: Number(r.can_escalate),
      buildMs: Number(r.build_ms),
      problems: JSON.parse(r.problems) as GraphSnapshot['problems'],
    }));
  }

  async graphSnapshotScores(id: string): Promise<IdentityScore[] | null> {
    const exists = await this.db.selectFrom('graph_snapshots').select('id').where('id', '=', id).executeTakeFirst();
    if (exists === undefined) return null;
    const rows = await this.db
      .selectFrom('blast_radius')
      .select(['identity_id', 'score', 'admin'])
      .where('snapshot_id', '=', id)
      .orderBy('score', 'desc')
      .orderBy('identity_id')
      .execute();
    return rows.map((r) => ({ identityId: r.identity_id, score: Number(r.score), admin: r.admin as AdminStatus }));
  }

  async identitiesByCredentialFingerprint(fingerprints: readonly string[]): Promise<Map<string, string[]>> {
    const found = new Map<string, string[]>();
    for (const part of chunks(fingerprints, 2000)) {
      const rows = await this.db
        .selectFrom('credentials')
        .select(['fingerprint', 'identity_id'])
        .where('fingerprint', 'in', part)
        .execute();
      for (const r of rows) {
        if (r.fingerprint === null) continue;
        const ids = found.get(r.fingerprint) ?? [];
        if (!ids.includes(r.identity_id)) ids.push(r.identity_id);
        found.set(r.fingerprint, ids);
      }
    }
    return found;
  }

  async createAdminToken(token: { id: string; tokenHash: string; createdAt: string }): Promise<void> {
    await this.db
      .insertInto('admin_tokens')
      .values({
        id: token.id,
        token_hash: token.tokenHash,
        created_at: token.createdAt,
        last_used_at: null,
        revoked_at: null,
      })
      .execute();
  }

  async countAdminTokens(): Promise<number> {
    const row = await this.db
      .selectFrom('admin_tokens')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('revoked_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async useAdminToken(tokenHash: string, now: string): Promise<{ id: string } | null> {
    const row = await this.db
      .selectFrom('admin_tokens')
      .select('id')
      .where('token_hash', '=', tokenHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row) return null;
    await this.db.updateTable('admin_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
    return { id: row.id };
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

function toSummary(r: Selectable<IdentitiesTable>): Omit<IdentitySummary, 'credentialCount'> {
  const owner: Owner | null =
    r.owner === null
      ? null
      : { name: r.owner, source: (r.owner_source ?? 'source') as OwnerSource, detail: r.owner_detail };
  return {
    id: r.id,
    provider: r.provider,
    externalId: r.external_id,
    kind: r.kind as IdentityKind,
    name: r.name,
    owner,
    systemOfRecord: r.system_of_record,
    status: r.status as IdentityStatus,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    expiresAt: r.expires_at,
    mfaEnabled: r.mfa_enabled === null ? null : Number(r.mfa_enabled) === 1,
    usageTracked: Number(r.usage_tracked) === 1,
    memberOf: parse(r.member_of),
    tags: parse(r.tags),
    attributes: parse(r.attributes),
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
    deletedAt: r.deleted_at,
    importId: r.import_id,
    origin: r.origin,
  };
}

function toCredential(c: Selectable<Database['credentials']>): Credential {
  return {
    id: c.credential_id,
    type: c.type as CredentialType,
    status: c.status as Credential['status'],
    createdAt: c.created_at,
    lastUsedAt: c.last_used_at,
    lastRotatedAt: c.last_rotated_at,
    expiresAt: c.expires_at,
    fingerprint: c.fingerprint,
  };
}

function toEntitlement(
  e: Omit<Selectable<Database['entitlements']>, 'document'> & { document: string | null },
): Entitlement {
  return {
    type: e.type as EntitlementType,
    name: e.name,
    via: e.via,
    policyId: e.policy_id,
    document: e.document,
    statements: parse(e.statements),
  };
}

function toPolicy(p: Selectable<Database['policies']>): Policy {
  return {
    id: p.id,
    provider: p.provider,
    externalId: p.external_id,
    name: p.name,
    document: p.document,
    statements: parse(p.statements),
    versions: parse(p.versions),
    attributes: parse(p.attributes),
  };
}
