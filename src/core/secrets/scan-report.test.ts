import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { ImportInputError } from '../errors.js';
import {
  jsonErrorOffset,
  parseJsonFile,
  ScanReportSchema,
  SecretFindingSchema,
  sortFindings,
  toScanReport,
  validateFile,
} from './scan-report.js';
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

describe('parseJsonFile', () => {
  function errorOf(fn: () => unknown): ImportInputError {
    try {
      fn();
    } catch (error) {
      if (error instanceof ImportInputError) return error;
      throw error;
    }
    throw new Error('expected an error');
  }

  it('parses JSON', () => {
    expect(parseJsonFile('{"a":1}', 'f.json', 'a thing')).toEqual({ a: 1 });
  });

  it('rejects an empty file, naming it', () => {
    const error = errorOf(() => parseJsonFile('  \n', 'f.json', 'a thing'));
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toBe('f.json: the file is empty; expected a thing');
  });

  it('rejects a syntax error with its line and column, without quoting the text', () => {
    const error = errorOf(() => parseJsonFile('{\n  "token": ghp_SECRETSECRET\n}', 'f.json', 'a thing'));
    expect(error.message).toBe('f.json: line 2, column 12: not valid JSON; expected a thing');
    expect(error.message).not.toContain('SECRET');
  });

  it('rejects a truncated file, saying so', () => {
    const error = errorOf(() => parseJsonFile('{"a": [1, 2', 'f.json', 'a thing'));
    expect(error.message).toBe('f.json: line 1, column 12: the JSON ends too soon; the file looks truncated');
  });
});

describe('validateFile', () => {
  it('names the place of the first problem and counts the others', () => {
    expect(() => validateFile(ScanReportSchema, { version: 1, findings: 'x', stats: {} }, 'r.json')).toThrow(
      /^r\.json: findings: expected array \(and \d+ more problems\)$/,
    );
  });

  it('names the top level when the document is not an object', () => {
    expect(() => validateFile(ScanReportSchema, [], 'r.json')).toThrow('r.json: (top level): expected object');
  });
});

describe('jsonErrorOffset', () => {
  it('finds no error in valid JSON', () => {
    expect(jsonErrorOffset(' {"a": [1, -2.5e+3, true, false, null, "x\\u00e9\\n"], "b": {}} ')).toBeNull();
  });

  it('points at trailing text after the document', () => {
    expect(jsonErrorOffset('{} x')).toBe(3);
  });

  it('points at the character after a backslash that is no escape', () => {
    expect(jsonErrorOffset('["a\\qb"]')).toBe(4);
  });

  it('points at a raw control character in a string', () => {
    expect(jsonErrorOffset('["a\tb"]')).toBe(3);
  });

  it('points at a missing colon', () => {
    expect(jsonErrorOffset('{"a" 1}')).toBe(5);
  });

  it('points at the end of a truncated document', () => {
    expect(jsonErrorOffset('{"a": "b')).toBe(8);
  });

  it('gives up on nesting deeper than it will follow, instead of overflowing the stack', () => {
    expect(jsonErrorOffset('['.repeat(100_000))).toBeNull();
  });

  it('agrees with JSON.parse on which texts are valid', () => {
    const base = '{"version": 1, "list": [0, 1.5, -3e2, "s\\"q", null], "o": {"k": false}}';
    // Every single-character deletion and a few insertions: a cheap, deterministic fuzz.
    const variants = [base];
    for (let i = 0; i < base.length; i++) {
      variants.push(base.slice(0, i) + base.slice(i + 1));
      for (const extra of [',', '}', '"', '0', ' ']) variants.push(base.slice(0, i) + extra + base.slice(i));
    }
    for (const text of variants) {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      expect(jsonErrorOffset(text) === null, text).toBe(valid);
    }
  });
});
