import type { Kysely } from 'kysely';

/** The inventory, findings, metrics, audit trail and admin tokens. Append-only: never edit a shipped migration. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text', (c) => c.notNull())
    .addColumn('counts', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('identities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('owner_source', 'text')
    .addColumn('owner_detail', 'text')
    .addColumn('system_of_record', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text')
    .addColumn('last_used_at', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('mfa_enabled', 'integer')
    .addColumn('usage_tracked', 'integer', (c) => c.notNull())
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('member_of', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('attributes', 'text', (c) => c.notNull())
    // Lower-cased name and external id, for case-insensitive substring search with a plain LIKE on both engines.
    .addColumn('search_text', 'text', (c) => c.notNull())
    .execute();
  // Lists are ordered by name: each filter column leads an index that then runs in that order,
  // so a page is read straight off the index and a count never touches the table.
  // The name index carries search_text so that a substring search scans the index, not the table.
  await db.schema.createIndex('identities_name_idx').on('identities').columns(['name', 'id', 'search_text']).execute();
  for (const column of ['kind', 'provider', 'owner', 'status']) {
    await db.schema.createIndex(`identities_${column}_idx`).on('identities').columns([column, 'name', 'id']).execute();
  }
  // Covers every combination of list filters, so that counting matches reads only this index.
  await db.schema
    .createIndex('identities_filter_idx')
    .on('identities')
    .columns(['owner', 'provider', 'kind', 'status'])
    .execute();
  await db.schema.createIndex('identities_origin_idx').on('identities').columns(['origin', 'status']).execute();

  await db.schema
    .createTable('credentials')
    .addColumn('identity_id', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('credential_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text')
    .addColumn('last_used_at', 'text')
    .addColumn('last_rotated_at', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('fingerprint', 'text')
    .addPrimaryKeyConstraint('credentials_pk', ['identity_id', 'origin', 'credential_id'])
    .execute();
  await db.schema.createIndex('credentials_fingerprint_idx').on('credentials').column('fingerprint').execute();

  await db.schema
    .createTable('entitlements')
    .addColumn('identity_id', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('via', 'text')
    .addColumn('policy_id', 'text')
    .addColumn('document', 'text')
    .addColumn('statements', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('entitlements_pk', ['identity_id', 'origin', 'position'])
    .execute();
  await db.schema.createIndex('entitlements_policy_idx').on('entitlements').column('policy_id').execute();

  await db.schema
    .createTable('policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('statements', 'text', (c) => c.notNull())
    .addColumn('versions', 'text', (c) => c.notNull())
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('policies_origin_idx').on('policies').column('origin').execute();

  await db.schema
    .createTable('findings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('identity_id', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('severity_rank', 'integer', (c) => c.notNull())
    .addColumn('first_detected_at', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('findings_identity_idx').on('findings').column('identity_id').execute();
  await db.schema.createIndex('findings_severity_idx').on('findings').columns(['severity_rank', 'id']).execute();

  await db.schema
    .createTable('metrics_snapshots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('import_id', 'text')
    .addColumn('taken_at', 'text', (c) => c.notNull())
    .addColumn('metrics', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('metrics_taken_idx').on('metrics_snapshots').column('taken_at').execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('admin_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
}
