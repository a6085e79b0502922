import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, ROOT, vigil } from './run-cli.js';

interface Report {
  version: number;
  findings: Array<{
    ruleId: string;
    location: { path: string; line: number; commit?: { sha: string; author: string } };
    redacted: string;
    fingerprint: string;
  }>;
  stats: { filesScanned: number };
  skipped: Array<{ path: string; reason: string }>;
}

const LEAKY = 'examples/leaky-repo';
/** The secret values planted in the sample repository: none may ever be printed. */
const PLANTED = readFileSync(join(ROOT, LEAKY, 'deploy/.env'), 'utf8')
  .split('\n')
  .filter((l) => /KEY|URL/.test(l))
  .map((l) => l.slice(l.indexOf('=') + 1))
  .map((v) => (v.includes('@') ? (v.split(':')[2]?.split('@')[0] ?? v) : v));

describe('vigil scan, end to end', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-scan-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the planted secrets, exits 1, and never prints a secret', () => {
    const result = vigil(['scan', LEAKY]);
    expect(result.code).toBe(1);
    for (const rule of ['aws-access-key-id', 'aws-secret-access-key', 'gcp-service-account-key', 'jwt']) {
      expect(result.stdout).toContain(rule);
    }
    for (const secret of PLANTED) expect(result.stdout + result.stderr).not.toContain(secret);
    expect(result.stdout).not.toContain('README.md');
  });

  it('exits 0 on a clean tree', () => {
    writeFileSync(join(dir, 'clean.ts'), 'export const region = "eu-west-1";\n');
    expect(vigil(['scan', join(dir, 'clean.ts')]).code).toBe(0);
  });

  it('prints one JSON document with --format json', () => {
    const report = json<Report>(vigil(['scan', LEAKY, '--format', 'json']));
    expect(report.version).toBe(1);
    expect(report.findings.length).toBeGreaterThanOrEqual(4);
    expect(report.findings.every((f) => f.fingerprint.length === 64)).toBe(true);
  });

  it('writes SARIF 2.1.0 to a file', () => {
    const out = join(dir, 'vigil.sarif');
    const result = vigil(['scan', LEAKY, '--format', 'sarif', '--output', out]);
    expect(result.code).toBe(1);
    const sarif = JSON.parse(readFileSync(out, 'utf8')) as { version: string; runs: Array<{ results: unknown[] }> };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results.length).toBeGreaterThanOrEqual(4);
  });

  it('reads standard input', () => {
    const input = 'token: ghp_' + 'x'.repeat(36) + '\n';
    const result = vigil(['scan', '-'], {}, input);
    expect([0, 1]).toContain(result.code);
    const real = vigil(['scan', '-', '--format', 'json'], {}, readFileSync(join(ROOT, LEAKY, 'deploy/.env')));
    expect(json<Report>(real).findings.some((f) => f.location.path === '-')).toBe(true);
  });

  it('reports only what is new against a baseline', () => {
    const baseline = join(dir, 'baseline.json');
    expect(vigil(['scan', LEAKY, '--update-baseline', '--baseline', baseline]).code).toBe(0);
    expect(readFileSync(baseline, 'utf8')).not.toContain(PLANTED[0] ?? '§');
    expect(vigil(['scan', LEAKY, '--baseline', baseline]).code).toBe(0);
  });

  it('refuses a missing baseline with exit 2', () => {
    const result = vigil(['scan', LEAKY, '--baseline', join(dir, 'nope.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no such baseline file');
  });

  it('exits 2 when nothing could be scanned', () => {
    const result = vigil(['scan', join(dir, 'does-not-exist')]);
    expect(result.code).toBe(2);
  });

  it('scans git history: a secret added then removed is still found, with its commit', () => {
    const repo = join(dir, 'repo');
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', repo, ...args], {
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 'Dana Dev',
          GIT_AUTHOR_EMAIL: 'dana@example.test',
          GIT_COMMITTER_NAME: 'Dana Dev',
          GIT_COMMITTER_EMAIL: 'dana@example.test',
        },
      });
    execFileSync('git', ['init', '-q', repo]);
    writeFileSync(join(repo, '.env'), readFileSync(join(ROOT, LEAKY, 'deploy/.env')));
    git('add', '.env');
    git('commit', '-q', '-m', 'add settings');
    rmSync(join(repo, '.env'));
    git('commit', '-q', '-a', '-m', 'remove settings');
    expect(vigil(['scan', repo]).code).toBe(0);
    const history = json<Report>(vigil(['scan', repo, '--git', '--format', 'json']));
    const aws = history.findings.find((f) => f.ruleId === 'aws-access-key-id');
    expect(aws?.location.commit?.author).toBe('Dana Dev');
    expect(aws?.location.commit?.sha).toMatch(/^[0-9a-f]{40}$/);
  });

  it('ties leaked secrets to the identities they unlock with --link', () => {
    const dataDir = join(dir, 'data');
    expect(vigil(['demo', '--no-serve', '--data-dir', dataDir]).code).toBe(0);
    const linked = vigil(['scan', LEAKY, '--link', '--data-dir', dataDir]);
    expect(linked.code).toBe(1);
    expect(linked.stderr).toContain('kubernetes:prod-eu-1/system:serviceaccount:ci:deployer');
    const findings = json<{ items: Array<{ identityId: string; severity: string }> }>(
      vigil(['findings', '--rule', 'secret-exposed', '--format', 'json', '--data-dir', dataDir]),
    ).items;
    expect(findings.map((f) => f.identityId).sort()).toEqual([
      'gcp:etl-loader@lumen-data-prod.iam.gserviceaccount.com',
      'kubernetes:prod-eu-1/system:serviceaccount:ci:deployer',
      // Its token sits base64-encoded in an exported Secret manifest.
      'kubernetes:prod-eu-1/system:serviceaccount:data:report-exporter',
    ]);
    // The deployer holds cluster-admin: a leaked credential for it is critical.
    expect(findings.find((f) => f.identityId.startsWith('kubernetes'))?.severity).toBe('critical');
  });
});
