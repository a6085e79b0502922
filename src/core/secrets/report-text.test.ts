import { describe, expect, it } from 'vitest';
import { formatText, printable, summarize } from './report-text.js';
import type { SecretFinding } from './secret-finding.js';

const FAKE_SECRET = 'sk_live_9fQ2mZ7xK4pL8wR3tY6vB1nC';

function makeFinding(overrides: Partial<SecretFinding> = {}): SecretFinding {
  return {
    ruleId: 'stripe-secret-key',
    ruleName: 'Stripe secret key',
    provider: 'stripe',
    severity: 'critical',
    location: { path: 'src/pay.ts', line: 12, column: 18, endLine: 12, endColumn: 50 },
    redacted: 'sk_l…B1nC',
    fingerprint: '0123456789abcdef'.repeat(4),
    entropy: 4.6,
    identityHint: null,
    ...overrides,
  };
}

const STATS = { filesScanned: 40, bytesScanned: 1_250_000, durationMs: 50 };

describe('formatText', () => {
  it('prints one path:line:col line per finding with rule, redacted value and fingerprint prefix', () => {
    expect(formatText([makeFinding()], STATS, { color: false })).toBe(
      [
        'src/pay.ts:12:18  stripe-secret-key  sk_l…B1nC  (0123456789ab)',
        '',
        '1 secret in 1 file; 40 files scanned, 1.3 MB in 0.05 s; 0 skipped',
        '',
      ].join('\n'),
    );
  });

  it('groups findings by file, in reading order, with a blank line between files', () => {
    const text = formatText(
      [
        makeFinding({ location: { path: 'b.env', line: 1, column: 1, endLine: 1, endColumn: 9 } }),
        makeFinding({ location: { path: 'a.yaml', line: 7, column: 3, endLine: 7, endColumn: 9 } }),
        makeFinding({ location: { path: 'a.yaml', line: 2, column: 3, endLine: 2, endColumn: 9 } }),
      ],
      STATS,
      { color: false },
    );
    expect(text.split('\n').map((line) => line.split('  ')[0])).toEqual([
      'a.yaml:2:3',
      'a.yaml:7:3',
      '',
      'b.env:1:1',
      '',
      '3 secrets in 2 files; 40 files scanned, 1.3 MB in 0.05 s; 0 skipped',
      '',
    ]);
  });

  it('adds the commit, author and day under a finding from history', () => {
    const finding = makeFinding({
      location: {
        path: 'config.yml',
        line: 4,
        column: 9,
        endLine: 4,
        endColumn: 40,
        commit: {
          sha: 'abc1234def5678900000000000000000000000000',
          author: 'Grace Hopper',
          email: 'grace@example.com',
          date: '2023-11-05T08:30:00Z',
          message: 'temporary debugging',
        },
      },
    });
    const lines = formatText([finding], { ...STATS, commitsScanned: 12 }, { color: false }).split('\n');
    expect(lines[1]).toBe('    commit abc1234 by Grace Hopper on 2023-11-05');
    expect(lines.join('\n')).not.toContain('grace@example.com');
    expect(lines.join('\n')).not.toContain('temporary debugging');
    expect(lines[3]).toBe('1 secret in 1 file; 12 commits, 40 files scanned, 1.3 MB in 0.05 s; 0 skipped');
  });

  it('says so when nothing was found', () => {
    expect(formatText([], STATS, { color: false })).toBe(
      'No secrets found; 40 files scanned, 1.3 MB in 0.05 s; 0 skipped\n',
    );
  });

  it('counts skipped files by reason, the most common first', () => {
    const skipped = [
      { path: 'a.png', reason: 'binary' },
      { path: 'b.log', reason: 'too-large' },
      { path: 'c.jpg', reason: 'binary' },
    ];
    expect(formatText([], STATS, { color: false, skipped })).toBe(
      'No secrets found; 40 files scanned, 1.3 MB in 0.05 s; 3 skipped (2 binary, 1 too-large)\n',
    );
  });

  it('never prints the secret', () => {
    const text = formatText([makeFinding()], STATS, { color: true });
    expect(text).not.toContain(FAKE_SECRET);
    expect(text).not.toContain(FAKE_SECRET.slice(4, 12));
  });

  it('uses ANSI colours only when asked', () => {
    expect(formatText([makeFinding()], STATS, { color: false })).not.toContain('\u001b[');
    const coloured = formatText([makeFinding()], STATS, { color: true });
    expect(coloured).toContain('\u001b[1;31mstripe-secret-key\u001b[0m');
    expect(coloured).toContain('\u001b[31m1 secret in 1 file');
    expect(formatText([], STATS, { color: true })).toContain('\u001b[32mNo secrets found');
  });

  it('escapes control characters from file and author names, so a repository cannot drive the terminal', () => {
    const finding = makeFinding({
      location: {
        path: 'evil\u001b[2Jname.txt',
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 2,
        commit: { sha: 'abc1234', author: 'Mallory\r\u202e', email: '', date: 'yesterday', message: '' },
      },
    });
    const text = formatText([finding], STATS, { color: false });
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('\r');
    expect(text).toContain('evil\\x1b[2Jname.txt:1:1');
    expect(text).toContain('by Mallory\\x0d\\u{202e} on yesterday');
  });
});

describe('summarize', () => {
  it('uses singular nouns for one', () => {
    expect(summarize([makeFinding()], { filesScanned: 1, bytesScanned: 0, durationMs: 0 })).toBe(
      '1 secret in 1 file; 1 file scanned, 0.0 MB in 0.00 s; 0 skipped',
    );
  });

  it('counts files with findings, not findings, as files', () => {
    const twoInOne = [makeFinding(), makeFinding({ fingerprint: 'f'.repeat(64) })];
    expect(summarize(twoInOne, STATS)).toMatch(/^2 secrets in 1 file;/);
  });
});

describe('printable', () => {
  it('leaves ordinary text, including non-ASCII letters, alone', () => {
    expect(printable('src/café/naïve 😀.ts')).toBe('src/café/naïve 😀.ts');
  });

  it('escapes C0 and C1 control characters and DEL', () => {
    expect(printable('a\tb\nc\u007fd\u009be')).toBe('a\\x09b\\x0ac\\x7fd\\x9be');
  });

  it('escapes bidirectional overrides and line separators', () => {
    expect(printable('a\u202eb\u2066c\u2028d')).toBe('a\\u{202e}b\\u{2066}c\\u{2028}d');
  });
});
