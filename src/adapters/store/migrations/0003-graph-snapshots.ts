import type { Kysely } from 'kysely';

/** Access-graph snapshots, and each identity's blast radius in each, for trends and diffs. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('graph_snapshots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('node_count', 'integer', (c) => c.notNull())
    .addColumn('edge_count', 'integer', (c) => c.notNull())
    .addColumn('identity_count', 'integer', (c) => c.notNull())
    .addColumn('admin_equivalent', 'integer', (c) => c.notNull())
    .addColumn('can_escalate', 'integer', (c) => c.notNull())
    .addColumn('build_ms', 'real', (c) => c.notNull())
    .addColumn('problems', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('graph_snapshots_created_idx').on('graph_snapshots').column('created_at').execute();
  await db.schema
    .createTable('blast_radius')
    .addColumn('snapshot_id', 'text', (c) => c.notNull().references('graph_snapshots.id').onDelete('cascade'))
    .addColumn('identity_id', 'text', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('admin', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('blast_radius_pk', ['snapshot_id', 'identity_id'])
    .execute();
  await db.schema.createIndex('blast_radius_score_idx').on('blast_radius').columns(['snapshot_id', 'score']).execute();
}
