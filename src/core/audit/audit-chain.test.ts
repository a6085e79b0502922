import { describe, expect, it } from 'vitest';
import { type AuditRecord, chainAuditEntry, GENESIS_HASH, verifyAuditChain } from './audit-chain.js';

function chain(n: number): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (let i = 0; i < n; i++) {
    records.push(
      chainAuditEntry(records.at(-1) ?? null, {
        at: `2026-11-2${i % 10}T00:00:00.000Z`,
        actor: 'cli',
        action: 'import',
        subject: `file-${i}`,
        details: { added: i, nested: { b: 1, a: 2 } },
      }),
    );
  }
  return records;
}

describe('audit chain', () => {
  it('verifies an intact chain and reports its head', () => {
    const records = chain(5);
    const result = verifyAuditChain(records);
    expect(result).toEqual({ ok: true, records: 5, headHash: records[4]?.hash });
  });

  it('verifies an empty chain', () => {
    expect(verifyAuditChain([])).toEqual({ ok: true, records: 0, headHash: GENESIS_HASH });
  });

  it('names an edited record', () => {
    const records = chain(5);
    records[2] = { ...(records[2] as AuditRecord), subject: 'something else' };
    const result = verifyAuditChain(records);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.firstBad).toEqual({ seq: 3, problem: expect.stringContaining('edited') });
  });

  it('names a deleted record', () => {
    const records = chain(5);
    records.splice(1, 1);
    const result = verifyAuditChain(records);
    if (result.ok) throw new Error('expected failure');
    expect(result.firstBad.seq).toBe(3);
    expect(result.firstBad.problem).toContain('record 2 is missing');
  });

  it('names reordered records even when their sequence numbers are rewritten', () => {
    const records = chain(5);
    const [a, b] = [records[1] as AuditRecord, records[2] as AuditRecord];
    records[1] = { ...b, seq: 2 };
    records[2] = { ...a, seq: 3 };
    const result = verifyAuditChain(records);
    if (result.ok) throw new Error('expected failure');
    expect(result.firstBad.seq).toBe(2);
    expect(result.firstBad.problem).toContain('does not follow');
  });

  it('hashes details independently of key order', () => {
    const a = chainAuditEntry(null, { at: 't', actor: 'x', action: 'y', subject: 'z', details: { a: 1, b: 2 } });
    const b = chainAuditEntry(null, { at: 't', actor: 'x', action: 'y', subject: 'z', details: { b: 2, a: 1 } });
    expect(a.hash).toBe(b.hash);
  });
});
