/**
 * The inventory benchmark.
 *
 * 1. Import: an AWS account of 20k roles, 5k users, 2k groups and 10k policies (generated),
 *    imported by the built CLI into a fresh SQLite data directory; wall time and peak RSS of
 *    the whole process, over several runs; then a re-import of the same file (idempotent).
 * 2. Listing: 100k identities in the store, listed and filtered through the HTTP API on
 *    loopback (a real server, real requests); latency per query shape.
 *
 *   npm run bench                       # both, the sizes above
 *   npm run bench -- --runs 5 --skip-list
 *
 * Targets (issue 3): import ≤ 15 s and ≤ 1.5 GiB peak; list/filter ≤ 50 ms.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureAdminToken } from '../src/app/admin-tokens.js';
import { loadConfig } from '../src/runtime/config.js';
import { createVigil } from '../src/runtime/create-vigil.js';
import { buildServer } from '../src/server/build-server.js';
import { type EstateSize, writeAwsEstate } from './generate-aws-estate.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    'skip-import': { type: 'boolean', default: false },
    'skip-list': { type: 'boolean', default: false },
    requests: { type: 'string', default: '50' },
  },
});
const RUNS = Number(values.runs);
const OUT = join(import.meta.dirname, 'out');

function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} cores (${cpu}), ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}`;
}

async function estateFile(name: string, size: EstateSize): Promise<string> {
  const file = join(OUT, `${name}.json`);
  if (!existsSync(file)) {
    process.stderr.write(`generating ${file} …\n`);
    await writeAwsEstate(file, size);
  }
  return file;
}

function stats(samples: number[]): { min: number; median: number; p95: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { min: sorted[0] ?? Number.NaN, median: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? Number.NaN };
}

/** Runs the built CLI as its own process; returns wall seconds and peak RSS bytes. */
function timedImport(file: string, dataDir: string): { seconds: number; peakBytes: number } {
  const rssFile = join(dataDir, 'rss.txt');
  const started = process.hrtime.bigint();
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      join(import.meta.dirname, 'peak-rss.mjs'),
      'bin/vigil.js',
      'import',
      'aws-iam',
      file,
      '--data-dir',
      dataDir,
    ],
    { env: { ...process.env, BENCH_RSS_FILE: rssFile, CI: '1' }, encoding: 'utf8' },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`import failed (${result.status}): ${result.stderr}`);
  const peakBytes = Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1));
  return { seconds, peakBytes };
}

async function benchImport(): Promise<void> {
  const size = { roles: 20_000, users: 5_000, groups: 2_000, policies: 10_000 };
  const file = await estateFile('estate-27k', size);
  console.log(
    `\nImport: ${size.roles} roles, ${size.users} users, ${size.groups} groups, ${size.policies} policies (${(statSync(file).size / 1024 ** 2).toFixed(1)} MiB)`,
  );
  const first: Array<{ seconds: number; peakBytes: number }> = [];
  const again: Array<{ seconds: number; peakBytes: number }> = [];
  for (let run = 0; run < RUNS; run++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
    try {
      first.push(timedImport(file, dataDir));
      again.push(timedImport(file, dataDir));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const show = (label: string, samples: Array<{ seconds: number; peakBytes: number }>) => {
    const t = stats(samples.map((s) => s.seconds));
    const m = stats(samples.map((s) => s.peakBytes / 1024 ** 2));
    console.log(
      `  ${label.padEnd(22)} wall s  min ${t.min.toFixed(2)}  median ${t.median.toFixed(2)}  max ${t.max.toFixed(2)}   peak RSS MiB  median ${m.median.toFixed(0)}  max ${m.max.toFixed(0)}`,
    );
  };
  show('first import', first);
  show('re-import (unchanged)', again);
}

async function benchList(): Promise<void> {
  const size = { roles: 75_000, users: 20_000, groups: 5_000, policies: 2_000 };
  const file = await estateFile('estate-100k', size);
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  try {
    process.stderr.write('loading 100k identities …\n');
    timedImport(file, dataDir);
    const vigil = await createVigil(loadConfig({ dataDir, logLevel: 'silent' }, {}));
    const token = await ensureAdminToken(vigil, 'bench');
    const app = await buildServer(vigil, { logger: false });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const headers = { authorization: `Bearer ${token?.token ?? ''}` };
    const queries: Array<[string, string]> = [
      ['first page, no filter', '/v1/identities?limit=100'],
      ['kind=role', '/v1/identities?kind=role&limit=100'],
      ['provider + owner=none', '/v1/identities?provider=aws&owner=none&limit=100'],
      ['kind=human, deep page', '/v1/identities?kind=human&limit=100&offset=10000'],
      ['search name substring', '/v1/identities?search=svc-app-1&limit=100'],
    ];
    const requests = Number(values.requests);
    console.log(`\nList and filter: 100,000 identities, HTTP API on loopback, ${requests} requests each (ms)`);
    for (const [label, path] of queries) {
      const samples: number[] = [];
      let total = 0;
      for (let i = 0; i < requests + 5; i++) {
        const started = process.hrtime.bigint();
        const response = await fetch(`${base}${path}`, { headers });
        const body = (await response.json()) as { total: number };
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
        total = body.total;
        if (i >= 5) samples.push(ms);
      }
      const s = stats(samples);
      console.log(
        `  ${label.padEnd(26)} matches ${String(total).padStart(6)}   median ${s.median.toFixed(1).padStart(5)}  p95 ${s.p95.toFixed(1).padStart(5)}  max ${s.max.toFixed(1).padStart(5)}`,
      );
    }
    await app.close();
    await vigil.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

console.log(`Vigil inventory benchmark on ${machine()}`);
if (!values['skip-import']) await benchImport();
if (!values['skip-list']) await benchList();
