import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { ScanReportSchema, SecretFindingSchema, sortFindings, toScanReport } from './scan-report.js';
import type { SecretFinding } from './secret-finding.js';

const FP = (digit: string) => digit.repeat(64);

function makeFinding(overrides: Partial<SecretFinding> = {}): SecretFinding {
  return {
    ruleId: 'aws-access-key-id',
    ruleName: 'AWS access key id',
    provider: 'aws',
    severity: 'medium',
    location: { path: 'src/a.ts', line: 1, column: 1, endLine: 1, endColumn: 21 },
    redacted: 'AKIA…MPLE',
    fingerprint: FP('a'),
    entropy: 3.7,
    identityHint: { type: 'aws-access-key-id', accessKeyId: 'AKIAZ7QW3EXAMPLE' },
    ...overrides,
  };
}

const STATS = { filesScanned: 3, bytesScanned: 1_500_000, durationMs: 42 };

describe('SecretFindingSchema', () => {
  it('has the shape of SecretFinding', () => {
    expectTypeOf<z.infer<typeof SecretFindingSchema>>().toEqualTypeOf<SecretFinding>();
  });

  it('accepts a finding with a commit', () => {
    const finding = makeFinding({
      location: {
        path: 'a',
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 2,
        commit: { sha: 'abc1234', author: 'A', email: 'a@b', date: '2024-01-01T00:00:00Z', message: 'm' },
      },
    });
    expect(SecretFindingSchema.parse(finding)).toEqual(finding);
  });

  it('rejects a fingerprint that is not 64 hex digits', () => {
    expect(SecretFindingSchema.safeParse(makeFinding({ fingerprint: 'abc' })).success).toBe(false);
  });

  it('rejects a line of 0', () => {
    const finding = makeFinding();
    finding.location.line = 0;
    expect(SecretFindingSchema.safeParse(finding).success).toBe(false);
  });
});

describe('toScanReport', () => {
  it('builds a version 1 report that passes ScanReportSchema', () => {
    const report = toScanReport([makeFinding()], STATS, [{ path: 'img.png', reason: 'binary' }]);
    expect(ScanReportSchema.parse(report)).toEqual(report);
    expect(report).toMatchObject({ version: 1, stats: STATS, skipped: [{ path: 'img.png', reason: 'binary' }] });
  });

  it('builds an empty report for a clean scan', () => {
    expect(toScanReport([], STATS, [])).toEqual({ version: 1, findings: [], stats: STATS, skipped: [] });
  });

  it('orders findings and skipped files the same way whatever the input order', () => {
    const findings = [
      makeFinding({ location: { path: 'b.ts', line: 1, column: 1, endLine: 1, endColumn: 2 } }),
      makeFinding({ location: { path: 'a.ts', line: 9, column: 1, endLine: 9, endColumn: 2 } }),
      makeFinding({ location: { path: 'a.ts', line: 2, column: 5, endLine: 2, endColumn: 6 } }),
    ];
    const skipped = [
      { path: 'z.bin', reason: 'binary' },
      { path: 'a.log', reason: 'too-large' },
    ];
    const a = toScanReport(findings, STATS, skipped);
    const b = toScanReport([...findings].reverse(), STATS, [...skipped].reverse());
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.findings.map((f) => `${f.location.path}:${f.location.line}`)).toEqual(['a.ts:2', 'a.ts:9', 'b.ts:1']);
    expect(a.skipped.map((s) => s.path)).toEqual(['a.log', 'z.bin']);
  });

  it('does not change the caller’s arrays', () => {
    const findings = [makeFinding({ fingerprint: FP('b') }), makeFinding({ fingerprint: FP('a') })];
    toScanReport(findings, STATS, []);
    expect(findings.map((f) => f.fingerprint[0])).toEqual(['b', 'a']);
  });
});

describe('ScanReportSchema', () => {
  it('rejects another version', () => {
    expect(ScanReportSchema.safeParse({ version: 2, findings: [], stats: STATS, skipped: [] }).success).toBe(false);
  });

  it('rejects a negative file count', () => {
    const stats = { ...STATS, filesScanned: -1 };
    expect(ScanReportSchema.safeParse({ version: 1, findings: [], stats, skipped: [] }).success).toBe(false);
  });

  it('rejects a skipped file without a reason', () => {
    const report = { version: 1, findings: [], stats: STATS, skipped: [{ path: 'x' }] };
    expect(ScanReportSchema.safeParse(report).success).toBe(false);
  });
});

describe('sortFindings', () => {
  it('orders the same place by rule, then fingerprint, then commit date', () => {
    const at = { path: 'a', line: 1, column: 1, endLine: 1, endColumn: 2 };
    const commit = (date: string) => ({ sha: 'abc1234', author: 'a', email: 'e', date, message: 'm' });
    const sorted = sortFindings([
      makeFinding({ ruleId: 'b-rule', location: at }),
      makeFinding({ ruleId: 'a-rule', fingerprint: FP('c'), location: { ...at, commit: commit('2024-02-01') } }),
      makeFinding({ ruleId: 'a-rule', fingerprint: FP('c'), location: { ...at, commit: commit('2024-01-01') } }),
      makeFinding({ ruleId: 'a-rule', fingerprint: FP('b'), location: at }),
    ]);
    expect(sorted.map((f) => `${f.ruleId} ${f.fingerprint[0]} ${f.location.commit?.date ?? '-'}`)).toEqual([
      'a-rule b -',
      'a-rule c 2024-01-01',
      'a-rule c 2024-02-01',
      'b-rule a -',
    ]);
  });
});
