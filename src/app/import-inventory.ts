/**
 * Imports one file into the inventory: parse (pure, all-or-nothing), then apply the
 * batch in one transaction with its audit record, findings and metrics.
 */
import { createHash } from 'node:crypto';
import { VigilError } from '../core/errors.js';
import type { IdentityRecord } from '../core/inventory/identity.js';
import type { ImportBatch, ImportSource } from '../core/inventory/import-batch.js';
import type { ImportCounts, InventoryStore } from '../core/inventory/inventory-store.js';
import { decodeSource } from '../core/inventory/source-text.js';
import type { Actor, AppContext } from './app-context.js';
import { refreshPosture } from './refresh-posture.js';

export type ImportPhase = 'parsing' | 'writing' | 'posture';

export interface ImportRequest {
  source: ImportSource;
  /** The name to show in messages (the path as given). */
  fileName: string;
  bytes: Uint8Array;
  actor: Actor;
  scope?: string | undefined;
  onProgress?: ((phase: ImportPhase, done: number, total: number) => void) | undefined;
}

export interface ImportResult {
  importId: string;
  source: ImportSource;
  scope: string;
  mode: ImportBatch['mode'];
  fileName: string;
  counts: ImportCounts;
  findings: number;
}

/** The hash that tells whether an identity changed since it was last imported. */
export function contentHash(record: IdentityRecord): string {
  return createHash('sha256').update(JSON.stringify(record)).digest('hex');
}

export async function importInventory(ctx: AppContext, request: ImportRequest): Promise<ImportResult> {
  const importer = ctx.importers.get(request.source);
  if (!importer) {
    throw new VigilError(
      'USAGE',
      `unknown import source "${request.source}"; expected one of ${[...ctx.importers.keys()].join(', ')}`,
    );
  }
  const startedAt = ctx.clock();
  request.onProgress?.('parsing', 0, 1);
  const text = decodeSource(request.fileName, request.bytes, ctx.settings.maxImportBytes);
  const batch = importer.parse(text, { ownerTagKeys: ctx.settings.ownerTagKeys, scope: request.scope });
  request.onProgress?.('parsing', 1, 1);
  const fileSha256 = createHash('sha256').update(request.bytes).digest('hex');

  const importId = ctx.newId();
  const now = ctx.clock().toISOString();
  const origin = `${batch.source}:${batch.scope}`;

  const result = await ctx.store.transaction(async (store) => {
    const counts =
      batch.mode === 'full'
        ? await applyFull(store, batch, { origin, importId, now, onProgress: request.onProgress })
        : await applyAugment(store, batch, { origin, importId, now, onProgress: request.onProgress });

    request.onProgress?.('posture', 0, 1);
    const posture = await refreshPosture(store, {
      config: ctx.settings.posture,
      now: ctx.clock(),
      importId,
      snapshotId: ctx.newId(),
    });
    request.onProgress?.('posture', 1, 1);

    await store.recordImport({
      id: importId,
      source: batch.source,
      scope: batch.scope,
      mode: batch.mode,
      fileName: request.fileName,
      fileSha256,
      actor: request.actor,
      startedAt: startedAt.toISOString(),
      finishedAt: ctx.clock().toISOString(),
      counts: counts.counts,
    });
    await store.appendAudit([
      {
        at: now,
        actor: request.actor,
        action: 'inventory.import',
        subject: origin,
        details: { importId, file: request.fileName, sha256: fileSha256, mode: batch.mode, ...counts.counts },
      },
      ...counts.deletedIds.map((id) => ({
        at: now,
        actor: request.actor,
        action: 'identity.delete',
        subject: id,
        details: { importId, reason: `deleted upstream, or missing from a newer full import of ${origin}` },
      })),
    ]);
    return {
      importId,
      source: batch.source,
      scope: batch.scope,
      mode: batch.mode,
      fileName: request.fileName,
      counts: counts.counts,
      findings: posture.findings,
    };
  });
  await ctx.store.optimize();
  return result;
}

interface ApplyMeta {
  origin: string;
  importId: string;
  now: string;
  onProgress?: ImportRequest['onProgress'];
}

const WRITE_BATCH = 2000;

async function applyFull(
  store: InventoryStore,
  batch: ImportBatch,
  meta: ApplyMeta,
): Promise<{ counts: ImportCounts; deletedIds: string[] }> {
  const ids = batch.identities.map((r) => r.id);
  const states = await store.identityStates(ids);
  const counts: ImportCounts = { added: 0, updated: 0, unchanged: 0, deleted: 0, policies: batch.policies.length };
  const changed: Array<{ record: IdentityRecord; contentHash: string }> = [];
  const unchanged: string[] = [];
  // Identities the file itself now says are gone (a Kubernetes token whose service account was deleted).
  const goneUpstream: string[] = [];
  for (const record of batch.identities) {
    const hash = contentHash(record);
    const state = states.get(record.id);
    if (!state) counts.added++;
    else if (record.status === 'deleted' && state.status !== 'deleted') goneUpstream.push(record.id);
    else if (
      state.contentHash !== hash ||
      state.origin !== meta.origin ||
      (state.deletedAt !== null) !== (record.status === 'deleted')
    )
      counts.updated++;
    else {
      counts.unchanged++;
      unchanged.push(record.id);
      continue;
    }
    changed.push({ record, contentHash: hash });
  }

  await store.replacePolicies(meta.origin, meta.importId, batch.policies);
  const total = changed.length;
  for (let i = 0; i < total; i += WRITE_BATCH) {
    const part = changed.slice(i, i + WRITE_BATCH);
    await store.upsertIdentities(part, meta);
    await store.replaceCredentials(
      meta.origin,
      part.map(({ record }) => ({ identityId: record.id, credentials: record.credentials })),
    );
    await store.replaceEntitlements(
      meta.origin,
      part.map(({ record }) => ({ identityId: record.id, entitlements: record.entitlements })),
    );
    meta.onProgress?.('writing', Math.min(i + WRITE_BATCH, total), total);
  }
  await store.touchIdentities(unchanged, meta);

  const missing = await store.liveIdentitiesNotIn(meta.origin, new Set(ids));
  await store.markDeleted(missing, meta.now);
  const deletedIds = [...goneUpstream, ...missing];
  counts.deleted = deletedIds.length;
  return { counts, deletedIds };
}

async function applyAugment(
  store: InventoryStore,
  batch: ImportBatch,
  meta: ApplyMeta,
): Promise<{ counts: ImportCounts; deletedIds: string[] }> {
  const states = await store.identityStates(batch.identities.map((r) => r.id));
  const counts: ImportCounts = { added: 0, updated: 0, unchanged: 0, deleted: 0, policies: batch.policies.length };
  const fresh: Array<{ record: IdentityRecord; contentHash: string }> = [];
  let done = 0;
  for (const record of batch.identities) {
    if (states.has(record.id)) {
      await store.augmentIdentity(
        record.id,
        { mfaEnabled: record.mfaEnabled, lastUsedAt: record.lastUsedAt, usageTracked: record.usageTracked },
        meta,
      );
      counts.updated++;
    } else {
      fresh.push({ record, contentHash: contentHash(record) });
      counts.added++;
    }
    if (++done % WRITE_BATCH === 0) meta.onProgress?.('writing', done, batch.identities.length);
  }
  await store.upsertIdentities(fresh, meta);
  await store.replaceCredentials(
    meta.origin,
    batch.identities.map((r) => ({ identityId: r.id, credentials: r.credentials })),
  );
  meta.onProgress?.('writing', batch.identities.length, batch.identities.length);
  if (batch.policies.length > 0) await store.replacePolicies(meta.origin, meta.importId, batch.policies);
  return { counts, deletedIds: [] };
}
