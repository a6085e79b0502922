/**
 * The audit trail's hash chain. Each record's hash covers its own fields and the hash
 * of the record before it, so that editing, deleting or reordering any record breaks
 * the chain at that record and every verifier sees where.
 */
import { createHash } from 'node:crypto';

/** The hash the first record chains to. */
export const GENESIS_HASH = '0'.repeat(64);

/** What is recorded: who did what to which subject, with details that are safe to show. */
export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  subject: string;
  details: Readonly<Record<string, unknown>>;
}

/** A record as stored: its place in the chain and the hashes that bind it there. */
export interface AuditRecord extends AuditEntry {
  seq: number;
  prevHash: string;
  hash: string;
}

/** Serialises a value with object keys sorted, so that the same record always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The hash of a record at `seq` that follows a record hashed `prevHash`. */
export function hashAuditRecord(seq: number, prevHash: string, entry: AuditEntry): string {
  const body = canonicalJson({
    seq,
    prevHash,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    details: entry.details,
  });
  return createHash('sha256').update(body).digest('hex');
}

/** Builds the record that follows `previous` (or starts the chain). */
export function chainAuditEntry(previous: Pick<AuditRecord, 'seq' | 'hash'> | null, entry: AuditEntry): AuditRecord {
  const seq = previous === null ? 1 : previous.seq + 1;
  const prevHash = previous === null ? GENESIS_HASH : previous.hash;
  return { ...entry, seq, prevHash, hash: hashAuditRecord(seq, prevHash, entry) };
}

export type AuditVerification =
  | { ok: true; records: number; headHash: string }
  | { ok: false; records: number; firstBad: { seq: number; problem: string } };

/**
 * Checks a whole chain, in stored order. Names the first record that is not where
 * and what the chain says it should be.
 *
 * @example verifyAuditChain(records) // { ok: false, firstBad: { seq: 7, problem: 'record 7 was edited: …' } }
 */
export function verifyAuditChain(records: readonly AuditRecord[]): AuditVerification {
  let previous: AuditRecord | null = null;
  for (const record of records) {
    const expectedSeq = previous === null ? 1 : previous.seq + 1;
    const expectedPrev = previous === null ? GENESIS_HASH : previous.hash;
    const bad = (problem: string): AuditVerification => ({
      ok: false,
      records: records.length,
      firstBad: { seq: record.seq, problem },
    });
    if (record.seq !== expectedSeq) {
      return record.seq > expectedSeq
        ? bad(`record ${expectedSeq}${record.seq - expectedSeq > 1 ? `–${record.seq - 1}` : ''} is missing (deleted)`)
        : bad(`record ${record.seq} is out of order (expected ${expectedSeq})`);
    }
    if (record.prevHash !== expectedPrev) {
      return bad(
        `record ${record.seq} does not follow record ${expectedSeq - 1} (reordered, or the one before it was replaced)`,
      );
    }
    if (hashAuditRecord(record.seq, record.prevHash, record) !== record.hash) {
      return bad(`record ${record.seq} was edited: its content does not match its hash`);
    }
    previous = record;
  }
  return { ok: true, records: records.length, headHash: previous === null ? GENESIS_HASH : previous.hash };
}
