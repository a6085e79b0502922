/**
 * The secret-scanning benchmark's inputs: the generated corpus (deterministic, labelled
 * outside the scanned tree, sparse, well-formed secrets where the labels say) and the
 * committed labelled corpus (format, coverage, labels that point at what they name), plus
 * the scoring the benchmark prints.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CorpusLabels,
  CorpusLabelsSchema,
  checksummedToken,
  generateSecretCorpus,
  hasValidChecksum,
  LabelledCorpusSchema,
  PlantedSecretSchema,
  prng,
  SECRET_KINDS,
  type SecretKind,
  secretKind,
} from '../bench/generate-secret-corpus.js';
import { parseSecretlintJson, parseSecretlintUnix, parseVigilReport, score } from '../bench/scan.js';

const LABELLED = join(import.meta.dirname, '..', 'bench', 'labelled');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

function digest(dir: string): string {
  const hash = createHash('sha256');
  for (const file of filesUnder(dir))
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(dir, file)))
      .update('\0');
  return hash.digest('hex');
}

/**
 * The ways a labelled line can hold its secret: as is, JSON-escaped, split over concatenated
 * strings, or base64-encoded (Kubernetes Secret `data`, Docker `auth`).
 */
function readings(text: string): string[] {
  const unescaped = text.replace(/\\n/g, '\n').replace(/\\"/g, '"');
  const joined = text
    .replace(/\\n/g, '\n')
    .replace(/["']\s*\+?\s*\n\s*["']/g, '')
    .replace(/"\s*\+?\s*\n?\s*"/g, '');
  const decoded = [...text.matchAll(/[A-Za-z0-9+/]{16,}={0,2}/g)].map((m) =>
    Buffer.from(m[0], 'base64').toString('latin1'),
  );
  return [text, unescaped, joined, ...decoded];
}

function holds(kind: SecretKind, text: string): boolean {
  return readings(text).some((reading) => kind.shape.test(reading));
}

describe('generated secret corpus', () => {
  let work = '';
  let labels: CorpusLabels;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'vigil-secret-corpus-'));
    labels = generateSecretCorpus({ sizeMB: 5, out: join(work, 'a'), seed: 7 });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('is deterministic: the same size and seed give the same bytes and labels', () => {
    const again = generateSecretCorpus({ sizeMB: 5, out: join(work, 'b'), seed: 7 });
    expect(again).toEqual(labels);
    expect(digest(join(work, 'b', 'corpus'))).toBe(digest(join(work, 'a', 'corpus')));
  });

  it('differs with another seed', () => {
    const other = generateSecretCorpus({ sizeMB: 1, out: join(work, 'c'), seed: 8 });
    const same = generateSecretCorpus({ sizeMB: 1, out: join(work, 'd'), seed: 7 });
    expect(digest(join(work, 'c', 'corpus'))).not.toBe(digest(join(work, 'd', 'corpus')));
    expect(other.secrets).not.toEqual(same.secrets);
  });

  it('writes labels.json beside the scanned directory, never inside it', () => {
    expect(existsSync(join(work, 'a', 'labels.json'))).toBe(true);
    expect(filesUnder(join(work, 'a', 'corpus')).some((file) => file.endsWith('labels.json'))).toBe(false);
    expect(CorpusLabelsSchema.parse(JSON.parse(readFileSync(join(work, 'a', 'labels.json'), 'utf8')))).toEqual(labels);
  });

  it('has the requested size', () => {
    const bytes = filesUnder(join(work, 'a', 'corpus')).reduce(
      (sum, file) => sum + readFileSync(join(work, 'a', 'corpus', file)).length,
      0,
    );
    expect(bytes).toBe(labels.bytes);
    expect(bytes).toBeGreaterThanOrEqual(5_000_000);
    expect(bytes).toBeLessThan(5_250_000);
  });

  it('mixes source, config, CI, infrastructure, docs, lockfiles and bundles', () => {
    const files = filesUnder(join(work, 'a', 'corpus'));
    for (const pattern of [
      /\.ts$/,
      /\.js$/,
      /\.py$/,
      /\.go$/,
      /\.java$/,
      /\.ya?ml$/,
      /\.json$/,
      /\.env$/,
      /\.properties$/,
      /\.ini$/,
      /\.toml$/,
      /\.xml$/,
      /\.github\/workflows\/.+\.yml$/,
      /\.tf$/,
      /Dockerfile$/,
      /\.md$/,
      /package-lock\.json$/,
      /\.min\.js$/,
    ]) {
      expect(
        files.some((file) => pattern.test(file)),
        String(pattern),
      ).toBe(true);
    }
  });

  it('plants about one secret per 200 KB, of many kinds', () => {
    const perSecret = labels.bytes / labels.secrets.length;
    expect(perSecret).toBeGreaterThan(120_000);
    expect(perSecret).toBeLessThan(320_000);
    expect(new Set(labels.secrets.map((s) => s.kind)).size).toBeGreaterThanOrEqual(10);
  });

  it('labels point at lines that hold a secret of the labelled kind', () => {
    for (const secret of labels.secrets) {
      const lines = readFileSync(join(work, 'a', 'corpus', secret.path), 'utf8').split('\n');
      expect(secret.endLine).toBeGreaterThanOrEqual(secret.line);
      expect(secret.endLine).toBeLessThanOrEqual(lines.length);
      const kind = secretKind(secret.kind);
      expect(kind, secret.kind).toBeDefined();
      if (kind === undefined) continue;
      const text = lines.slice(secret.line - 1, secret.endLine).join('\n');
      expect(holds(kind, text), `${secret.path}:${secret.line} ${secret.kind}`).toBe(true);
    }
  });

  it('labels carry no secret values', () => {
    for (const secret of labels.secrets)
      expect(Object.keys(PlantedSecretSchema.strict().parse(secret)).sort()).toEqual([
        'endLine',
        'family',
        'kind',
        'line',
        'path',
      ]);
  });
});

describe('secret kinds', () => {
  it('cover at least 40 kinds with unique ids', () => {
    const ids = SECRET_KINDS.map((kind) => kind.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(40);
  });

  it('generate values of their own shape', () => {
    const rand = prng(99);
    for (const kind of SECRET_KINDS) {
      for (let i = 0; i < 20; i++) expect(kind.shape.test(kind.generate(rand)), kind.id).toBe(true);
    }
  });

  it('generate GitHub and npm tokens with valid CRC32 check digits', () => {
    const rand = prng(5);
    for (const id of ['github-pat', 'github-oauth-token', 'github-installation-token', 'npm-access-token']) {
      const kind = secretKind(id);
      for (let i = 0; i < 20; i++) expect(hasValidChecksum(kind?.generate(rand) ?? ''), id).toBe(true);
    }
  });

  it('checks digits the way GitHub does (a published example token verifies)', () => {
    expect(hasValidChecksum('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')).toBe(true);
  });

  it('rejects a token whose check digits are wrong', () => {
    const token = checksummedToken(prng(1), 'ghp_');
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    expect(hasValidChecksum(`${token.slice(0, -1)}${last}`)).toBe(false);
  });
});

describe('labelled corpus (bench/labelled)', () => {
  const labelled = LabelledCorpusSchema.parse(JSON.parse(readFileSync(join(LABELLED, 'labels.json'), 'utf8')));
  const lines = (file: string) => readFileSync(join(LABELLED, file), 'utf8').replace(/\n$/, '').split('\n');

  it('holds at least 150 secrets of at least 40 kinds, and at least as many hard negatives', () => {
    expect(labelled.secrets.length).toBeGreaterThanOrEqual(150);
    expect(new Set(labelled.secrets.map((s) => s.kind)).size).toBeGreaterThanOrEqual(40);
    expect(labelled.negatives.length).toBeGreaterThanOrEqual(labelled.secrets.length);
  });

  it('labels only known kinds', () => {
    for (const secret of labelled.secrets) expect(secretKind(secret.kind), secret.kind).toBeDefined();
  });

  it('keeps secrets under positives/ only', () => {
    for (const secret of labelled.secrets) expect(secret.file.startsWith('positives/'), secret.file).toBe(true);
  });

  it('labels every file under positives/ at least once', () => {
    const labelledFiles = new Set(labelled.secrets.map((s) => s.file));
    for (const file of filesUnder(join(LABELLED, 'positives'))) {
      expect(labelledFiles.has(`positives/${file}`), file).toBe(true);
    }
  });

  it('points every label at existing, non-blank lines', () => {
    for (const label of [...labelled.secrets, ...labelled.negatives]) {
      const text = lines(label.file);
      const end = label.endLine ?? label.line;
      expect(end).toBeGreaterThanOrEqual(label.line);
      expect(end, `${label.file}:${label.line}`).toBeLessThanOrEqual(text.length);
      expect(text[label.line - 1]?.trim(), `${label.file}:${label.line}`).not.toBe('');
    }
  });

  it('points every secret label at a value of its kind', () => {
    for (const secret of labelled.secrets) {
      const kind = secretKind(secret.kind);
      if (kind === undefined) continue;
      const text = lines(secret.file)
        .slice(secret.line - 1, secret.endLine ?? secret.line)
        .join('\n');
      expect(holds(kind, text), `${secret.file}:${secret.line} ${secret.kind}`).toBe(true);
    }
  });

  it('never labels one line both a secret and a negative, nor a line twice', () => {
    const taken = new Set<string>();
    for (const label of [...labelled.secrets, ...labelled.negatives]) {
      for (let line = label.line; line <= (label.endLine ?? label.line); line++) {
        const key = `${label.file}:${line}`;
        expect(taken.has(key), key).toBe(false);
        taken.add(key);
      }
    }
  });

  it('includes documented examples among the negatives', () => {
    const text = (file: string) => readFileSync(join(LABELLED, file), 'utf8');
    const documented = labelled.negatives.filter((n) => n.kind === 'documented-example');
    expect(documented.some((n) => lines(n.file)[n.line - 1]?.includes('AKIAIOSFODNN7EXAMPLE'))).toBe(true);
    expect(text('negatives/docs/aws-cli-setup.md')).toContain('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    for (const category of ['placeholder', 'lockfile-integrity', 'public-key', 'certificate', 'uuid', 'git-sha']) {
      expect(
        labelled.negatives.some((n) => n.kind === category),
        category,
      ).toBe(true);
    }
  });
});

describe('scoring', () => {
  const labels = [
    { path: 'a/.env', line: 3, kind: 'github-pat' },
    { path: 'a/key.pem', line: 1, endLine: 27, kind: 'private-key-rsa' },
    { path: 'b/config.ts', line: 10, kind: 'stripe-live-secret-key' },
  ];

  it('counts a label found when a finding is on its line or within its lines', () => {
    const s = score(labels, [
      { path: 'a/.env', line: 3, ruleId: 'github-pat' },
      { path: 'a/key.pem', line: 12, ruleId: 'private-key' },
    ]);
    expect(s.truePositives).toBe(2);
    expect(s.falseNegatives).toBe(1);
    expect(s.missed.map((m) => m.kind)).toEqual(['stripe-live-secret-key']);
    expect(s.recall).toBeCloseTo(2 / 3);
    expect(s.precision).toBe(1);
  });

  it('counts several findings on one label once', () => {
    const s = score(labels, [
      { path: 'a/key.pem', line: 1, ruleId: 'private-key' },
      { path: 'a/key.pem', line: 1, ruleId: 'generic-high-entropy' },
    ]);
    expect(s.truePositives).toBe(1);
    expect(s.falsePositives).toBe(0);
  });

  it('counts a finding in the right file on another line as a false positive, once per line', () => {
    const s = score(labels, [
      { path: 'a/.env', line: 4, ruleId: 'generic-password' },
      { path: 'a/.env', line: 4, ruleId: 'generic-api-key' },
      { path: 'c/other.ts', line: 3, ruleId: 'github-pat' },
    ]);
    expect(s.truePositives).toBe(0);
    expect(s.falsePositives).toBe(2);
    expect(s.precision).toBe(0);
    expect(s.f1).toBe(0);
  });

  it('computes F1 from recall and precision', () => {
    const s = score(labels, [
      { path: 'a/.env', line: 3, ruleId: 'github-pat' },
      { path: 'b/config.ts', line: 10, ruleId: 'stripe' },
      { path: 'b/config.ts', line: 11, ruleId: 'stripe' },
    ]);
    expect(s.recall).toBeCloseTo(2 / 3);
    expect(s.precision).toBeCloseTo(2 / 3);
    expect(s.f1).toBeCloseTo(2 / 3);
  });

  it('reads secretlint unix output', () => {
    const out = [
      '/w/corpus/a/.env:3:11: [GITHUB_TOKEN] found GitHub Token(***): *** [Error/@secretlint/secretlint-rule-preset-recommend > @secretlint/secretlint-rule-github]',
      '',
      '1 problem',
    ].join('\n');
    expect(parseSecretlintUnix(out, '/w/corpus')).toEqual([
      { path: 'a/.env', line: 3, ruleId: '@secretlint/secretlint-rule-github' },
    ]);
  });

  it('reads secretlint json output', () => {
    const out = JSON.stringify([
      {
        filePath: '/w/labelled/positives/a/.env',
        messages: [{ ruleId: '@secretlint/secretlint-rule-github', loc: { start: { line: 3, column: 1 } } }],
      },
    ]);
    expect(parseSecretlintJson(out, '/w/labelled')).toEqual([
      { path: 'positives/a/.env', line: 3, ruleId: '@secretlint/secretlint-rule-github' },
    ]);
  });

  it('reads a Vigil JSON report, paths relative to the scan root', () => {
    const out = JSON.stringify({
      version: 1,
      findings: [
        {
          ruleId: 'github-pat',
          location: { path: 'a/.env', line: 3, column: 11, endLine: 3, endColumn: 51 },
          redacted: 'ghp_…INUx',
        },
      ],
      stats: { filesScanned: 1, bytesScanned: 100, durationMs: 1 },
      skipped: [],
    });
    expect(parseVigilReport(out, '/w/labelled/positives', '/w/labelled', '/nowhere').findings).toEqual([
      { path: 'positives/a/.env', line: 3, ruleId: 'github-pat' },
    ]);
  });
});
