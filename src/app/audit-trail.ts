/**
 * Verifying and exporting the audit trail.
 */
import { type AuditRecord, type AuditVerification, verifyAuditChain } from '../core/audit/audit-chain.js';
import type { InventoryStore } from '../core/inventory/inventory-store.js';

const PAGE = 5000;

/** Reads the whole chain in pages. */
export async function* readAuditTrail(store: InventoryStore): AsyncGenerator<AuditRecord> {
  let after = 0;
  for (;;) {
    const page = await store.readAudit(after, PAGE);
    yield* page;
    const last = page.at(-1);
    if (last === undefined || page.length < PAGE) return;
    after = last.seq;
  }
}

export async function verifyAuditTrail(store: InventoryStore): Promise<AuditVerification> {
  const records: AuditRecord[] = [];
  for await (const record of readAuditTrail(store)) records.push(record);
  return verifyAuditChain(records);
}
