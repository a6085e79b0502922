import type { Kysely } from 'kysely';

/** Secrets found by scans and tied to the identity they unlock. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('secret_exposures')
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('identity_id', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('rule_name', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('commit_sha', 'text')
    .addColumn('redacted', 'text', (c) => c.notNull())
    .addColumn('linked_by', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('secret_exposures_pk', ['fingerprint', 'identity_id'])
    .execute();
  await db.schema.createIndex('secret_exposures_identity_idx').on('secret_exposures').column('identity_id').execute();
}
