import { describe, expect, it } from 'vitest';
import { ImportInputError, VigilError } from '../errors.js';
import {
  applyBaseline,
  type Baseline,
  BaselineSchema,
  createBaseline,
  MAX_BASELINE_CHARS,
  parseBaseline,
  serializeBaseline,
} from './baseline.js';
import type { SecretFinding } from './secret-finding.js';

const NOW = new Date('2025-03-01T12:00:00.000Z');
const FILE = '.vigil-baseline.json';
const FP_A = 'a'.repeat(64);
const FP_B = 'b'.repeat(64);
const FP_C = 'c'.repeat(64);
const FAKE_SECRET = 'xoxb-2048-4096-Zq9Lm3Wk7Tp1Rv5Yn8Hc2Bd6';

function makeFinding(fingerprint: string, path = 'src/app.ts', line = 3): SecretFinding {
  return {
    ruleId: 'slack-bot-token',
    ruleName: 'Slack bot token',
    provider: 'slack',
    severity: 'high',
    location: { path, line, column: 10, endLine: line, endColumn: 50 },
    redacted: 'xoxb…2Bd6',
    fingerprint,
    entropy: 4.4,
    identityHint: null,
  };
}

function baselineText(value: unknown): string {
  return JSON.stringify(value);
}

const VALID = {
  version: 1,
  createdAt: '2025-03-01T12:00:00.000Z',
  findings: [{ fingerprint: FP_A, ruleId: 'slack-bot-token', path: 'src/app.ts', line: 3 }],
};

/** Runs `fn`, which must throw an INPUT_INVALID error naming the baseline file; returns its message. */
function rejection(text: string): string {
  try {
    parseBaseline(text, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportInputError);
    expect(error).toBeInstanceOf(VigilError);
    if (!(error instanceof ImportInputError)) throw error;
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.file).toBe(FILE);
    expect(error.message.startsWith(`${FILE}: `)).toBe(true);
    return error.message;
  }
  throw new Error('expected the baseline to be rejected');
}

describe('createBaseline', () => {
  it('lists fingerprint, rule, path and line of each finding, and when it was made', () => {
    expect(createBaseline([makeFinding(FP_A)], NOW)).toEqual(VALID);
  });

  it('makes an empty baseline from no findings', () => {
    expect(createBaseline([], NOW)).toEqual({ version: 1, createdAt: NOW.toISOString(), findings: [] });
  });

  it('lists the same secret at the same place once (a line found in many commits)', () => {
    const baseline = createBaseline([makeFinding(FP_A), makeFinding(FP_A), makeFinding(FP_A, 'other.ts')], NOW);
    expect(baseline.findings.map((f) => f.path)).toEqual(['other.ts', 'src/app.ts']);
  });

  it('orders entries by path and line whatever the order of findings', () => {
    const findings = [makeFinding(FP_A, 'b.ts', 1), makeFinding(FP_B, 'a.ts', 9), makeFinding(FP_C, 'a.ts', 2)];
    const a = createBaseline(findings, NOW);
    expect(a.findings.map((f) => `${f.path}:${f.line}`)).toEqual(['a.ts:2', 'a.ts:9', 'b.ts:1']);
    expect(createBaseline([...findings].reverse(), NOW)).toEqual(a);
  });

  it('holds no secret and no redacted value, only fingerprints', () => {
    const text = serializeBaseline(createBaseline([makeFinding(FP_A)], NOW));
    expect(text).not.toContain(FAKE_SECRET);
    expect(text).not.toContain('xoxb');
  });

  it('makes a baseline that passes its own schema', () => {
    const baseline = createBaseline([makeFinding(FP_A), makeFinding(FP_B, 'x/y z.env', 40)], NOW);
    expect(BaselineSchema.parse(baseline)).toEqual(baseline);
  });
});

describe('serializeBaseline and parseBaseline', () => {
  it('round-trips', () => {
    const baseline = createBaseline([makeFinding(FP_A), makeFinding(FP_B, 'b.ts', 7)], NOW);
    expect(parseBaseline(serializeBaseline(baseline), FILE)).toEqual(baseline);
  });

  it('writes two-space JSON ending in a newline', () => {
    const text = serializeBaseline(createBaseline([], NOW));
    expect(text).toBe('{\n  "version": 1,\n  "createdAt": "2025-03-01T12:00:00.000Z",\n  "findings": []\n}\n');
  });

  it('accepts leading whitespace and ignores unknown fields', () => {
    const parsed = parseBaseline(` ${baselineText({ ...VALID, generator: 'vigil 0.1.0' })}`, FILE);
    expect(parsed).toEqual(VALID);
  });

  it('accepts a byte-order mark', () => {
    expect(parseBaseline(`\uFEFF${baselineText(VALID)}`, FILE)).toEqual(VALID);
  });
});

describe('parseBaseline rejections', () => {
  it('rejects an empty file', () => {
    expect(rejection('')).toBe(
      `${FILE}: the file is empty; expected a Vigil baseline (JSON with "version": 1, "createdAt" and "findings")`,
    );
  });

  it('rejects text that is not JSON, naming line and column', () => {
    expect(rejection('version: 1\nfindings: []\n')).toMatch(
      /^\.vigil-baseline\.json: line 1, column 1: not valid JSON/,
    );
  });

  it('rejects a truncated file', () => {
    expect(rejection('{"version": 1, "findings": [')).toMatch(/the JSON ends too soon/);
  });

  it('does not quote the file when it is not JSON (a wrong file may hold secrets)', () => {
    const message = rejection(`TOKEN=${FAKE_SECRET}\n`);
    expect(message).not.toContain('xoxb');
    expect(message).not.toContain('TOKEN');
  });

  it('rejects a newer version, saying which versions it reads', () => {
    expect(rejection(baselineText({ ...VALID, version: 2 }))).toBe(
      `${FILE}: version: unsupported baseline version 2; this Vigil reads version 1`,
    );
  });

  it('rejects version 0', () => {
    expect(rejection(baselineText({ ...VALID, version: 0 }))).toMatch(/unsupported baseline version 0/);
  });

  it('rejects a missing version', () => {
    const { version: _version, ...rest } = VALID;
    expect(rejection(baselineText(rest))).toBe(`${FILE}: version: expected 1, the baseline format this Vigil reads`);
  });

  it('rejects a version given as a string', () => {
    expect(rejection(baselineText({ ...VALID, version: '1' }))).toBe(
      `${FILE}: version: expected 1, the baseline format this Vigil reads`,
    );
  });

  it('rejects an array at the top level', () => {
    expect(rejection('[]')).toBe(`${FILE}: (top level): expected object, got an array`);
  });

  it('rejects findings that are not an array', () => {
    expect(rejection(baselineText({ ...VALID, findings: {} }))).toBe(
      `${FILE}: findings: expected array, got an object`,
    );
  });

  it('rejects a missing createdAt', () => {
    const { createdAt: _createdAt, ...rest } = VALID;
    expect(rejection(baselineText(rest))).toBe(`${FILE}: createdAt: expected string, got nothing`);
  });

  it('rejects a createdAt that is not a timestamp', () => {
    expect(rejection(baselineText({ ...VALID, createdAt: 'yesterday' }))).toMatch(
      /^\.vigil-baseline\.json: createdAt: /,
    );
  });

  it('rejects a fingerprint that is not 64 hex digits, naming the entry', () => {
    const findings = [VALID.findings[0], { ...VALID.findings[0], fingerprint: 'AKIA…MPLE' }];
    expect(rejection(baselineText({ ...VALID, findings }))).toBe(
      `${FILE}: findings[1].fingerprint: expected a fingerprint: 64 lower-case hex digits`,
    );
  });

  it('rejects a line given as a string', () => {
    const findings = [{ ...VALID.findings[0], line: '3' }];
    expect(rejection(baselineText({ ...VALID, findings }))).toBe(
      `${FILE}: findings[0].line: expected number, got string`,
    );
  });

  it('rejects a line of 0', () => {
    const findings = [{ ...VALID.findings[0], line: 0 }];
    expect(rejection(baselineText({ ...VALID, findings }))).toMatch(/^\.vigil-baseline\.json: findings\[0\]\.line: /);
  });

  it('rejects a fractional line', () => {
    const findings = [{ ...VALID.findings[0], line: 2.5 }];
    expect(rejection(baselineText({ ...VALID, findings }))).toMatch(/findings\[0\]\.line: /);
  });

  it('rejects an entry without a rule id', () => {
    const { ruleId: _ruleId, ...entry } = VALID.findings[0] ?? { ruleId: '' };
    expect(rejection(baselineText({ ...VALID, findings: [entry] }))).toBe(
      `${FILE}: findings[0].ruleId: expected string, got nothing`,
    );
  });

  it('rejects an entry with an empty path', () => {
    const findings = [{ ...VALID.findings[0], path: '' }];
    expect(rejection(baselineText({ ...VALID, findings }))).toMatch(/findings\[0\]\.path: /);
  });

  it('counts the further problems', () => {
    expect(rejection(baselineText({ version: 1, createdAt: 5, findings: 'x' }))).toBe(
      `${FILE}: createdAt: expected string, got number (and 1 more problem)`,
    );
  });

  it('rejects a JSON scan report given in place of a baseline, saying what to do', () => {
    const report = { version: 1, findings: [], stats: { filesScanned: 0 }, skipped: [] };
    expect(rejection(baselineText(report))).toMatch(/this is a scan report \(--format json\), not a baseline/);
  });

  it('refuses a file over the size limit before parsing it', () => {
    expect(rejection(' '.repeat(MAX_BASELINE_CHARS + 1))).toMatch(/larger than the baseline limit/);
  });
});

describe('applyBaseline', () => {
  const baseline: Baseline = createBaseline([makeFinding(FP_A), makeFinding(FP_B)], NOW);

  it('keeps only findings whose fingerprint is not in the baseline', () => {
    const fresh = applyBaseline([makeFinding(FP_A), makeFinding(FP_C)], baseline);
    expect(fresh.map((f) => f.fingerprint)).toEqual([FP_C]);
  });

  it('still recognises a known secret that moved to another line', () => {
    expect(applyBaseline([makeFinding(FP_A, 'src/app.ts', 300)], baseline)).toEqual([]);
  });

  it('still recognises a known secret copied to another file', () => {
    expect(applyBaseline([makeFinding(FP_B, 'elsewhere/config.yaml', 1)], baseline)).toEqual([]);
  });

  it('keeps everything with an empty baseline', () => {
    const findings = [makeFinding(FP_A), makeFinding(FP_C)];
    expect(applyBaseline(findings, createBaseline([], NOW))).toEqual(findings);
  });

  it('keeps the order of the findings and does not change the input', () => {
    const findings = [makeFinding(FP_C, 'z.ts'), makeFinding(FP_A), makeFinding(FP_C, 'a.ts')];
    expect(applyBaseline(findings, baseline).map((f) => f.location.path)).toEqual(['z.ts', 'a.ts']);
    expect(findings).toHaveLength(3);
  });
});
