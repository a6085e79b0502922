import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, vigil } from './run-cli.js';

interface EscalationsJson {
  adminEquivalent: Array<{ principal: string; identity: string; admin: string; reaches: string; evidence: string }>;
  escalations: Array<{
    principal: string;
    admin: string;
    techniques: string[];
    path: Array<{ from: string; via: string; to: string; evidence: string; assumptions: string[] }>;
  }>;
  problems: unknown[];
}

describe('vigil graph and blast-radius, end to end on the sample estate', () => {
  let dataDir: string;
  const run = (...args: string[]) => vigil([...args, '--data-dir', dataDir]);

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'vigil-graph-'));
    expect(run('demo', '--no-serve').code).toBe(0);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('builds a snapshot and says what it found', () => {
    // `vigil demo` has built one already.
    const before = json<Array<{ id: string }>>(run('graph', 'snapshots', '--format', 'json'));
    expect(before).toHaveLength(1);
    const result = run('graph', 'build');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^graph snapshot [0-9a-f-]{36}\n/);
    expect(result.stdout).toMatch(/\d+ hold administrator rights; \d+ more can become administrators/);
    const snapshots = json<Array<{ id: string }>>(run('graph', 'snapshots', '--format', 'json'));
    expect(snapshots).toHaveLength(2);
    expect(result.stdout).toContain(snapshots[0]?.id ?? '§');
  });

  it('prints escalations as JSON other tools can rely on', () => {
    const report = json<EscalationsJson>(run('graph', 'escalations', '--format', 'json'));
    expect(report.adminEquivalent.map((entry) => entry.principal)).toContain('system:serviceaccount:ci:deployer');
    const runner = report.escalations.find((entry) => entry.principal === 'system:serviceaccount:ci:runner');
    expect(runner?.admin).toBe('admin:kubernetes:prod-eu-1');
    expect(runner?.techniques.length).toBeGreaterThan(0);
    for (const hop of runner?.path ?? []) {
      expect(Object.keys(hop).sort()).toEqual(['assumptions', 'evidence', 'from', 'to', 'via']);
      expect(hop.evidence.length).toBeGreaterThan(0);
    }
    for (const entry of report.escalations) expect(entry.path.length).toBeGreaterThan(0);
  });

  it('shows one blast radius as text, JSON and Graphviz DOT', () => {
    const text = run('blast-radius', 'svc-legacy-etl');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/blast radius score \d+/);
    const radius = json<{ score: number; crownJewels: unknown[] }>(
      run('blast-radius', 'svc-legacy-etl', '--format', 'json'),
    );
    expect(radius.score).toBeGreaterThan(0);
    const dot = run('blast-radius', 'system:serviceaccount:ci:runner', '--format', 'dot');
    expect(dot.stdout.startsWith('digraph "blast radius" {')).toBe(true);
    expect(dot.stdout).toContain('-> "administrator of Kubernetes cluster prod-eu-1"');
  });

  it('ranks every identity, highest first', () => {
    const ranked = json<Array<{ principal: string; score: number }>>(
      run('blast-radius', '--all', '--top', '5', '--format', 'json'),
    );
    expect(ranked).toHaveLength(5);
    const scores = ranked.map((entry) => entry.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('explains the path between two identities, and exits 1 when there is none', () => {
    const path = run('graph', 'path', 'system:serviceaccount:ci:runner', 'system:serviceaccount:ci:deployer');
    expect(path.code).toBe(0);
    expect(path.stdout).toMatch(/^1\. system:serviceaccount:ci:runner -\[can-escalate/);
    const none = run('graph', 'path', 'system:serviceaccount:ci:deployer', 'svc-legacy-etl');
    expect(none.code).toBe(1);
    expect(none.stdout).toMatch(/^no path from/);
  });

  it('refuses bad input with a clear message and exit 2', () => {
    const both = run('blast-radius');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/name one identity, or give --all/);
    const unknown = run('blast-radius', 'no-such-identity');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no identity "no-such-identity"/);
    expect(run('graph', 'diff', 'a', 'b').stderr).toMatch(/no graph snapshot "a"/);
    expect(run('blast-radius', '--all', '--format', 'dot').code).toBe(2);
  });
});
