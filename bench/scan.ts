/**
 * The secret-scanning benchmark: Vigil against secretlint (recommended preset), as whole
 * commands, on the same corpus, side by side in one run.
 *
 * 1. Throughput: a generated 100 MB mixed corpus (bench/generate-secret-corpus.ts, in
 *    bench/out/, made once). Vigil with `--threads 1` and with its default threads, and
 *    secretlint, alternating, several runs each; wall time of the whole process, MB/s, the
 *    ratio, Vigil's speed-up on all cores, and the peak RSS of each process. secretlint runs
 *    on a 10 MB sub-corpus, and its MB/s is extrapolated, when 100 MB would take it longer
 *    than the budget (3 minutes).
 * 2. Accuracy: bench/labelled (true secrets and hard negatives, labelled by file and line):
 *    recall, precision and F1 of each tool. A finding is true when its file matches a label
 *    and its line falls within the label's lines.
 *
 *   npm run build && node --import tsx bench/scan.ts               # everything
 *   node --import tsx bench/scan.ts --runs 5 --skip-accuracy
 *   node --import tsx bench/scan.ts --size 20 --secretlint-budget 60
 *
 * Targets (issue 4): Vigil ≥ 20× secretlint's MB/s, ≥ 1.7× on two cores against one, peak
 * RSS ≤ 512 MiB; on the labelled corpus recall and precision ≥ 0.95, ahead of secretlint.
 * Nothing here prints a secret: Vigil reports redacted values, secretlint masks them, and the
 * summaries below print only paths, lines, rule ids and kinds.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  type CorpusLabels,
  CorpusLabelsSchema,
  GENERATOR_VERSION,
  generateSecretCorpus,
  type LabelledCorpus,
  LabelledCorpusSchema,
} from './generate-secret-corpus.js';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(import.meta.dirname, 'out');
const LABELLED = join(import.meta.dirname, 'labelled');
const VIGIL_BIN = join(ROOT, 'bin', 'vigil.js');
const SECRETLINT_BIN = join(ROOT, 'node_modules', 'secretlint', 'bin', 'secretlint.js');
const PEAK_RSS = join(import.meta.dirname, 'peak-rss.mjs');
const TIME = '/usr/bin/time';
const TIMEOUT = '/usr/bin/timeout';
const SECRETLINT_RC = JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] });

// ---------------------------------------------------------------------------------------------
// Findings and scoring
// ---------------------------------------------------------------------------------------------

/** One finding of either tool, reduced to what scoring needs. Never holds a secret. */
export interface ToolFinding {
  /** Relative to the corpus root, `/`-separated. */
  path: string;
  line: number;
  ruleId: string;
}

/** Where a secret is expected: a file and a range of 1-based lines. */
export interface ExpectedSecret {
  path: string;
  line: number;
  endLine?: number;
  kind: string;
}

/** Recall, precision and F1, with what was missed and what was wrongly reported. */
export interface Score {
  expected: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  recall: number;
  precision: number;
  f1: number;
  missed: ExpectedSecret[];
  /** One per distinct (path, line) that matches no label. */
  falseAlarms: ToolFinding[];
}

/**
 * Scores findings against labels. A label is found when some finding has its path and a line
 * within its lines (several findings on one label count once: two rules agreeing is not two
 * secrets). Findings that match no label are false positives, counted once per (path, line).
 *
 * @example score([{ path: 'a/.env', line: 3, kind: 'github-pat' }], [{ path: 'a/.env', line: 3, ruleId: 'github-pat' }]).recall // 1
 */
export function score(labels: readonly ExpectedSecret[], findings: readonly ToolFinding[]): Score {
  const byPath = new Map<string, ExpectedSecret[]>();
  for (const label of labels) {
    const list = byPath.get(label.path) ?? [];
    list.push(label);
    byPath.set(label.path, list);
  }
  const found = new Set<ExpectedSecret>();
  const alarms = new Map<string, ToolFinding>();
  for (const finding of findings) {
    const hit = (byPath.get(finding.path) ?? []).filter(
      (label) => finding.line >= label.line && finding.line <= (label.endLine ?? label.line),
    );
    for (const label of hit) found.add(label);
    if (hit.length === 0) alarms.set(`${finding.path}\u0000${finding.line}`, finding);
  }
  const truePositives = found.size;
  const falsePositives = alarms.size;
  const recall = labels.length === 0 ? 1 : truePositives / labels.length;
  const precision = truePositives + falsePositives === 0 ? 1 : truePositives / (truePositives + falsePositives);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    expected: labels.length,
    truePositives,
    falsePositives,
    falseNegatives: labels.length - truePositives,
    recall,
    precision,
    f1,
    missed: labels.filter((label) => !found.has(label)),
    falseAlarms: [...alarms.values()],
  };
}

/** A path as the labels write it: relative to `root`, `/`-separated, without `./`. */
export function normalisePath(path: string, root: string): string {
  const relativePath = isAbsolute(path) ? relative(root, path) : path;
  return relativePath.split(sep).join('/').replace(/^\.\//, '');
}

const VigilReportSchema = z.object({
  version: z.literal(1),
  findings: z.array(
    z
      .object({
        ruleId: z.string(),
        location: z.object({ path: z.string(), line: z.number() }).loose(),
      })
      .loose(),
  ),
  stats: z.record(z.string(), z.unknown()).optional(),
  skipped: z.array(z.unknown()).optional(),
});

/**
 * A reported path as an absolute one: as is when absolute, else against the scanned directory
 * (the contract: relative to the scan root) or, failing that, the working directory.
 */
function resolveReported(path: string, scanned: string, cwd: string): string {
  if (isAbsolute(path)) return path;
  const inScanned = resolve(scanned, path);
  return existsSync(inScanned) || !existsSync(resolve(cwd, path)) ? inScanned : resolve(cwd, path);
}

function statNumber(stats: Record<string, unknown> | undefined, ...keys: string[]): number | null {
  for (const key of keys) {
    const value = stats?.[key];
    if (typeof value === 'number') return value;
  }
  return null;
}

/** Reads `vigil scan DIR --format json` output run from `cwd`; paths made relative to `root`. */
export function parseVigilReport(
  text: string,
  scanned: string,
  root = scanned,
  cwd = ROOT,
): {
  findings: ToolFinding[];
  skipped: number;
  files: number | null;
  bytes: number | null;
  durationMs: number | null;
} {
  const report = VigilReportSchema.parse(JSON.parse(text));
  return {
    findings: report.findings.map((finding) => ({
      path: normalisePath(resolveReported(finding.location.path, scanned, cwd), root),
      line: finding.location.line,
      ruleId: finding.ruleId,
    })),
    skipped: report.skipped?.length ?? 0,
    files: statNumber(report.stats, 'filesScanned', 'files'),
    bytes: statNumber(report.stats, 'bytesScanned', 'bytes'),
    durationMs: statNumber(report.stats, 'durationMs'),
  };
}

const SecretlintJsonSchema = z.array(
  z
    .object({
      filePath: z.string(),
      messages: z.array(
        z.object({ ruleId: z.string(), loc: z.object({ start: z.object({ line: z.number() }) }) }).loose(),
      ),
    })
    .loose(),
);

/** Reads `secretlint --format json` output (absolute file paths), paths made relative to `root`. */
export function parseSecretlintJson(text: string, root: string): ToolFinding[] {
  return SecretlintJsonSchema.parse(JSON.parse(text)).flatMap((file) =>
    file.messages.map((message) => ({
      path: normalisePath(file.filePath, root),
      line: message.loc.start.line,
      ruleId: message.ruleId,
    })),
  );
}

/** Reads `secretlint --format unix` output: `/abs/path:line:col: message [Error/preset > rule]`. */
export function parseSecretlintUnix(text: string, root: string): ToolFinding[] {
  const findings: ToolFinding[] = [];
  for (const line of text.split('\n')) {
    const match = /^(.+?):(\d+):(\d+): .*?(?:> )?([^ >\]]+)\]$/.exec(line);
    if (match === null) continue;
    findings.push({ path: normalisePath(match[1] ?? '', root), line: Number(match[2]), ruleId: match[4] ?? '' });
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// Running commands
// ---------------------------------------------------------------------------------------------

interface Run {
  seconds: number;
  peakBytes: number;
  status: number | null;
  stdoutFile: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * Runs `node ARGS…` as its own process, stdout to a file (so that a large report never sits in
 * this process), and measures wall time and peak RSS: with GNU time when the machine has it,
 * else with a preload that records `process.resourceUsage().maxRSS` at exit.
 */
function runNode(args: readonly string[], cwd: string, work: string, timeoutSeconds?: number): Run {
  const stdoutFile = join(work, `stdout-${Date.now()}-${Math.random().toString(36).slice(2)}.txt`);
  const rssFile = join(work, 'rss.txt');
  rmSync(rssFile, { force: true });
  const useTime = existsSync(TIME);
  // Under GNU time, coreutils `timeout` sits between time and node, so that on expiry it is
  // node that dies (killing time instead would leave node running).
  const limit =
    timeoutSeconds !== undefined && useTime && existsSync(TIMEOUT)
      ? [TIMEOUT, '-s', 'KILL', String(timeoutSeconds)]
      : [];
  const command = useTime ? TIME : process.execPath;
  const argv = useTime ? ['-v', '-o', rssFile, ...limit, process.execPath, ...args] : ['--import', PEAK_RSS, ...args];
  const out = openSync(stdoutFile, 'w');
  const started = process.hrtime.bigint();
  const result = spawnSync(command, argv, {
    cwd,
    stdio: ['ignore', out, 'pipe'],
    env: { ...process.env, BENCH_RSS_FILE: rssFile, CI: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    ...(timeoutSeconds !== undefined && !useTime
      ? { timeout: timeoutSeconds * 1000, killSignal: 'SIGKILL' as const }
      : {}),
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  closeSync(out);
  if (timeoutSeconds !== undefined && seconds >= timeoutSeconds && result.status !== 0 && result.status !== 1) {
    rmSync(stdoutFile, { force: true });
    return { seconds, peakBytes: Number.NaN, status: null, stdoutFile, stderr: '', timedOut: true };
  }
  let peakBytes = Number.NaN;
  if (existsSync(rssFile)) {
    const text = readFileSync(rssFile, 'utf8');
    const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1];
    peakBytes = kb !== undefined ? Number(kb) * 1024 : Number(text.trim().split('\n').at(-1));
  }
  return { seconds, peakBytes, status: result.status, stdoutFile, stderr: result.stderr ?? '', timedOut: false };
}

interface Tool {
  name: string;
  /** Arguments to `node` for a scan of `dir`. */
  args: (dir: string) => string[];
  /** Findings from the stdout file, paths relative to `dir`. */
  parse: (
    stdout: string,
    dir: string,
  ) => { findings: ToolFinding[]; files?: number | null; coverage?: string; scanSeconds?: number | null };
  /** True when the exit status means the scan ran (clean or found). */
  ok: (status: number | null) => boolean;
}

const vigilTool = (threads: number | null): Tool => ({
  name: threads === null ? `vigil (default threads)` : `vigil --threads ${threads}`,
  // Run from inside the corpus, as `vigil scan .` in a work tree: Vigil applies the .gitignore
  // files from its working directory down, and the repository's own (`dist/`, `*.log`,
  // `bench/out/`) must not hide parts of the corpus.
  args: () => [VIGIL_BIN, 'scan', '.', '--format', 'json', ...(threads === null ? [] : ['--threads', String(threads)])],
  parse: (stdout, dir) => {
    const report = parseVigilReport(stdout, dir, dir, dir);
    const files = report.files === null ? '?' : String(report.files);
    const mb = report.bytes === null ? '?' : num(report.bytes / 1e6, 1);
    return {
      findings: report.findings,
      files: report.files,
      scanSeconds: report.durationMs === null ? null : report.durationMs / 1000,
      coverage: `${files} files, ${mb} MB scanned, ${report.skipped} skipped`,
    };
  },
  ok: (status) => status === 0 || status === 1,
});

const secretlintTool = (rcFile: string, format: 'unix' | 'json'): Tool => ({
  name: 'secretlint (recommended)',
  // Run from inside the corpus with a glob, as its README says; `--no-color` keeps the output parseable.
  args: () => [SECRETLINT_BIN, '**/*', '--secretlintrc', rcFile, '--format', format, '--no-color'],
  parse: (stdout, dir) => ({
    findings: format === 'json' ? parseSecretlintJson(stdout, dir) : parseSecretlintUnix(stdout, dir),
  }),
  ok: (status) => status === 0 || status === 1,
});

type ToolRun = Run & { findings: ToolFinding[]; files?: number | null; coverage?: string; scanSeconds?: number | null };

function runTool(tool: Tool, dir: string, work: string, timeoutSeconds?: number): ToolRun {
  const run = runNode(tool.args(dir), dir, work, timeoutSeconds);
  if (run.timedOut) return { ...run, findings: [] };
  if (!tool.ok(run.status)) {
    const detail = run.stderr.trim().split('\n').slice(0, 5).join('\n  ');
    throw new Error(`${tool.name} failed on ${dir} (exit ${run.status}):\n  ${detail}`);
  }
  const parsed = tool.parse(readFileSync(run.stdoutFile, 'utf8'), dir);
  rmSync(run.stdoutFile, { force: true });
  return { ...run, ...parsed };
}

// ---------------------------------------------------------------------------------------------
// Reporting helpers
// ---------------------------------------------------------------------------------------------

/** The machine, as every figure must name it. */
export function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${availableParallelism()} cores (${cpu}), ${(totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, ${platform()} ${release()}, Node ${process.version}`;
}

/** Other work on the machine skews every figure here, the speed-up most: the output says how busy it was. */
function loadText(): string {
  const load = loadavg()[0] ?? 0;
  const busy = load > availableParallelism() * 0.25;
  return `${num(load)}${busy ? ` on ${availableParallelism()} cores: the machine was busy with other work; timings are pessimistic` : ''}`;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const mib = (bytes: number) => (Number.isFinite(bytes) ? (bytes / 1024 ** 2).toFixed(0) : '?');
const pad = (text: string, width: number) => text.padEnd(width);
const num = (value: number, digits = 2) => value.toFixed(digits);

function ensureCorpus(sizeMB: number, seed: number): { dir: string; labels: CorpusLabels } {
  const out = join(OUT, `secret-corpus-${sizeMB}`);
  const labelsFile = join(out, 'labels.json');
  if (existsSync(labelsFile)) {
    const labels = CorpusLabelsSchema.safeParse(JSON.parse(readFileSync(labelsFile, 'utf8')));
    if (
      labels.success &&
      labels.data.seed === seed &&
      labels.data.sizeMB === sizeMB &&
      labels.data.generator === GENERATOR_VERSION
    ) {
      return { dir: join(out, 'corpus'), labels: labels.data };
    }
  }
  process.stderr.write(`generating a ${sizeMB} MB corpus in ${out} …\n`);
  return { dir: join(out, 'corpus'), labels: generateSecretCorpus({ sizeMB, out, seed }) };
}

/** Reads every file once, so that no tool pays for a cold page cache the others do not. */
function warm(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) readFileSync(join(entry.parentPath, entry.name));
  }
}

function plantedRecall(labels: CorpusLabels, findings: readonly ToolFinding[]): Score {
  return score(
    labels.secrets.map((s) => ({ path: s.path, line: s.line, endLine: s.endLine, kind: s.kind })),
    findings,
  );
}

function vigilAvailable(work: string): string | null {
  if (!existsSync(VIGIL_BIN)) return `${VIGIL_BIN} does not exist`;
  const probe = mkdtempSync(join(tmpdir(), 'vigil-scan-probe-'));
  try {
    writeFileSync(join(probe, 'a.txt'), 'hello\n');
    const run = runNode([VIGIL_BIN, 'scan', '.', '--format', 'json'], probe, work);
    const stdout = readFileSync(run.stdoutFile, 'utf8');
    rmSync(run.stdoutFile, { force: true });
    if (run.status !== 0 && run.status !== 1) {
      return `\`vigil scan\` exited ${run.status}: ${run.stderr.trim().split('\n')[0] ?? ''} (run \`npm run build\` first?)`;
    }
    parseVigilReport(stdout, probe, probe, probe);
    return null;
  } catch (error) {
    return `\`vigil scan --format json\` did not print a version 1 report: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// The two benchmarks
// ---------------------------------------------------------------------------------------------

interface ThroughputOptions {
  sizeMB: number;
  runs: number;
  budgetSeconds: number;
  seed: number;
  vigil: boolean;
  secretlint: boolean;
  work: string;
  rcFile: string;
}

function benchThroughput(options: ThroughputOptions): void {
  const big = ensureCorpus(options.sizeMB, options.seed);
  const subSize = Math.max(1, Math.round(options.sizeMB / 10));
  const small = ensureCorpus(subSize, options.seed);
  console.log(
    `\nCorpus: ${relative(ROOT, big.dir)}: ${big.labels.files} files, ${num(big.labels.bytes / 1e6, 1)} MB, ${big.labels.secrets.length} planted secrets of ${new Set(big.labels.secrets.map((s) => s.kind)).size} kinds (seed ${big.labels.seed})`,
  );
  warm(big.dir);
  warm(small.dir);

  const tools: Array<{ tool: Tool; corpus: typeof big }> = [];
  if (options.vigil) {
    tools.push({ tool: vigilTool(1), corpus: big }, { tool: vigilTool(null), corpus: big });
  }
  let secretlintNote = '';
  if (options.secretlint) {
    const tool = secretlintTool(options.rcFile, 'unix');
    process.stderr.write(`timing secretlint on the ${subSize} MB sub-corpus first …\n`);
    const probe = runTool(tool, small.dir, options.work);
    const projected = probe.seconds * (big.labels.bytes / small.labels.bytes);
    // A linear projection is only a floor: secretlint 11's per-file cost grows with the number
    // of files already scanned (its always-on profiler; secretlint issue #1653). So unless the
    // floor is already over budget, try the full corpus, and give up on it at the budget.
    let full: ToolRun | null = null;
    if (projected <= options.budgetSeconds) {
      process.stderr.write(`trying secretlint on the full corpus (gives up after ${options.budgetSeconds} s) …\n`);
      full = runTool(tool, big.dir, options.work, options.budgetSeconds);
    }
    if (full === null || full.timedOut) {
      const why =
        full === null
          ? `at its ${subSize} MB pace it would take at least ${num(projected, 0)} s`
          : `it had not finished after ${options.budgetSeconds} s`;
      secretlintNote =
        `secretlint ran on the ${subSize} MB sub-corpus (${relative(ROOT, small.dir)}, a prefix of the full one): on ${options.sizeMB} MB ${why}, over the ${options.budgetSeconds} s budget. ` +
        `Its MB/s on ${subSize} MB is used for ${options.sizeMB} MB; that flatters it, since its per-file cost grows with the number of files (secretlint issue #1653, not fixed in 11.7).`;
      tools.push({ tool, corpus: small });
    } else {
      tools.push({ tool, corpus: big });
    }
  }

  const results = new Map<string, Array<ToolRun & { bytes: number }>>();
  for (let run = 0; run < options.runs; run++) {
    // Rotate the order, so that no tool always runs first (or right after another one).
    for (let i = 0; i < tools.length; i++) {
      const entry = tools[(i + run) % tools.length];
      if (entry === undefined) continue;
      process.stderr.write(`run ${run + 1}/${options.runs}: ${entry.tool.name} …\n`);
      const result = runTool(entry.tool, entry.corpus.dir, options.work);
      const list = results.get(entry.tool.name) ?? [];
      list.push({ ...result, bytes: entry.corpus.labels.bytes });
      results.set(entry.tool.name, list);
    }
  }

  console.log(`\nThroughput: whole commands, ${options.runs} runs each, alternating; wall time of the process`);
  console.log(
    `  ${pad('tool', 26)} ${pad('corpus', 8)} ${pad('wall s min/median/max', 23)} ${pad('MB/s', 8)} ${pad('peak RSS', 10)} ${pad('findings', 9)} planted found`,
  );
  const mbps = new Map<string, number>();
  const coverage: string[] = [];
  for (const { tool, corpus } of tools) {
    const runs = results.get(tool.name) ?? [];
    const seconds = runs.map((r) => r.seconds);
    const med = median(seconds);
    const rate = corpus.labels.bytes / 1e6 / med;
    mbps.set(tool.name, rate);
    const peak = Math.max(...runs.map((r) => r.peakBytes));
    const last = runs.at(-1);
    const planted = last ? plantedRecall(corpus.labels, last.findings) : null;
    const plantedText = planted
      ? `${planted.truePositives}/${planted.expected} (${num(planted.recall * 100, 1)}%), ${planted.falsePositives} other`
      : '';
    console.log(
      `  ${pad(tool.name, 26)} ${pad(`${num(corpus.labels.bytes / 1e6, 0)} MB`, 8)} ${pad(`${num(Math.min(...seconds))} / ${num(med)} / ${num(Math.max(...seconds))}`, 23)} ${pad(num(rate, 1), 8)} ${pad(`${mib(peak)} MiB`, 10)} ${pad(String(last?.findings.length ?? 0), 9)} ${plantedText}`,
    );
    if (last?.coverage) coverage.push(`${tool.name}: ${last.coverage} (the corpus has ${corpus.labels.files} files)`);
    if (last?.files !== undefined && last.files !== null && last.files < corpus.labels.files * 0.99) {
      coverage.push(`WARNING: ${tool.name} did not scan the whole corpus; its MB/s above is not comparable.`);
    }
  }
  for (const line of coverage) console.log(`  ${line}`);
  if (secretlintNote) console.log(`  * ${secretlintNote}`);
  const one = mbps.get(vigilTool(1).name);
  const all = mbps.get(vigilTool(null).name);
  const lint = mbps.get('secretlint (recommended)');
  if (one !== undefined && all !== undefined) {
    console.log(
      `\n  Vigil speed-up, default threads (${availableParallelism()} cores) vs --threads 1: ${num(all / one)}× as whole commands   (target ≥ 1.7× on two cores)`,
    );
    // The scan itself, as the report times it: without Node's start-up and module loading and
    // without writing the report, which no thread count changes.
    const scanMedian = (name: string): number | null => {
      const times = (results.get(name) ?? []).flatMap((r) =>
        typeof r.scanSeconds === 'number' ? [r.scanSeconds] : [],
      );
      return times.length > 0 ? median(times) : null;
    };
    const scanOne = scanMedian(vigilTool(1).name);
    const scanAll = scanMedian(vigilTool(null).name);
    if (scanOne !== null && scanAll !== null) {
      console.log(
        `  the scan alone (the report's duration, median): ${num(scanOne)} s on one thread, ${num(scanAll)} s on ${availableParallelism()}: ${num(scanOne / scanAll)}×`,
      );
    }
  }
  if (lint !== undefined && all !== undefined && one !== undefined) {
    console.log(
      `  Vigil / secretlint throughput: ${num(all / lint, 1)}× with default threads, ${num(one / lint, 1)}× with one thread   (target ≥ 20×)`,
    );
  }
  console.log(
    '  "planted found": planted secrets of the corpus matched by file and line; "other": findings on lines where nothing was planted.',
  );
}

function accuracyLine(name: string, s: Score): string {
  return `  ${pad(name, 26)} ${pad(String(s.truePositives), 5)} ${pad(String(s.falsePositives), 5)} ${pad(String(s.falseNegatives), 5)} ${pad(num(s.recall, 3), 8)} ${pad(num(s.precision, 3), 10)} ${num(s.f1, 3)}`;
}

function explain(name: string, s: Score, labelled: LabelledCorpus): void {
  const negativeAt = new Map<string, string>();
  for (const n of labelled.negatives) {
    for (let line = n.line; line <= (n.endLine ?? n.line); line++) negativeAt.set(`${n.file}:${line}`, n.kind);
  }
  if (s.missed.length > 0) {
    const byKind = new Map<string, string[]>();
    for (const m of s.missed) byKind.set(m.kind, [...(byKind.get(m.kind) ?? []), `${m.path}:${m.line}`]);
    console.log(`\n  ${name} missed ${s.missed.length} (by kind):`);
    for (const [kind, places] of [...byKind].sort((a, b) => b[1].length - a[1].length)) {
      console.log(
        `    ${pad(kind, 36)} ${places.length}  ${places.slice(0, 3).join(', ')}${places.length > 3 ? ', …' : ''}`,
      );
    }
  }
  if (s.falseAlarms.length > 0) {
    console.log(`\n  ${name} false positives ${s.falseAlarms.length} (rule → hard-negative category at that line):`);
    const groups = new Map<string, string[]>();
    for (const f of s.falseAlarms) {
      const key = `${f.ruleId} → ${negativeAt.get(`${f.path}:${f.line}`) ?? 'unlabelled line'}`;
      groups.set(key, [...(groups.get(key) ?? []), `${f.path}:${f.line}`]);
    }
    for (const [key, places] of [...groups].sort((a, b) => b[1].length - a[1].length)) {
      console.log(
        `    ${pad(key, 60)} ${places.length}  ${places.slice(0, 3).join(', ')}${places.length > 3 ? ', …' : ''}`,
      );
    }
  }
}

function benchAccuracy(options: {
  vigil: boolean;
  secretlint: boolean;
  work: string;
  rcFile: string;
  verbose: boolean;
}): void {
  const labelled = LabelledCorpusSchema.parse(JSON.parse(readFileSync(join(LABELLED, 'labels.json'), 'utf8')));
  const labels: ExpectedSecret[] = labelled.secrets.map((l) => ({
    path: l.file,
    line: l.line,
    endLine: l.endLine,
    kind: l.kind,
  }));
  const kinds = new Set(labels.map((l) => l.kind)).size;
  console.log(
    `\nAccuracy: ${relative(ROOT, LABELLED)}: ${labels.length} secrets of ${kinds} kinds, ${labelled.negatives.length} labelled hard negatives`,
  );
  console.log(
    `  ${pad('tool', 26)} ${pad('TP', 5)} ${pad('FP', 5)} ${pad('FN', 5)} ${pad('recall', 8)} ${pad('precision', 10)} F1`,
  );
  const scores: Array<[string, Score]> = [];
  if (options.vigil) {
    // From inside bench/labelled, like secretlint, so that no .gitignore above it applies.
    const run = runNode([VIGIL_BIN, 'scan', 'positives', 'negatives', '--format', 'json'], LABELLED, options.work);
    const stdout = readFileSync(run.stdoutFile, 'utf8');
    rmSync(run.stdoutFile, { force: true });
    if (run.status !== 0 && run.status !== 1) throw new Error(`vigil scan exited ${run.status}: ${run.stderr}`);
    const report = parseVigilReport(stdout, LABELLED, LABELLED, LABELLED);
    if (report.skipped > 0) console.log(`  (vigil skipped ${report.skipped} files)`);
    scores.push(['vigil', score(labels, report.findings)]);
  }
  if (options.secretlint) {
    const run = runNode(
      [
        SECRETLINT_BIN,
        'positives/**/*',
        'negatives/**/*',
        '--secretlintrc',
        options.rcFile,
        '--format',
        'json',
        '--no-color',
      ],
      LABELLED,
      options.work,
    );
    const stdout = readFileSync(run.stdoutFile, 'utf8');
    rmSync(run.stdoutFile, { force: true });
    if (run.status !== 0 && run.status !== 1) throw new Error(`secretlint exited ${run.status}: ${run.stderr}`);
    scores.push(['secretlint (recommended)', score(labels, parseSecretlintJson(stdout, LABELLED))]);
  }
  for (const [name, s] of scores) console.log(accuracyLine(name, s));
  console.log('  (targets for Vigil: recall ≥ 0.95 and precision ≥ 0.95, ahead of secretlint on both)');
  for (const [name, s] of scores) if (options.verbose || name === 'vigil') explain(name, s, labelled);
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

const isMain = process.argv[1] !== undefined && import.meta.filename === resolve(process.argv[1]);
if (isMain) {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: '100' },
      runs: { type: 'string', default: '3' },
      seed: { type: 'string', default: '4' },
      'secretlint-budget': { type: 'string', default: '180' },
      'skip-throughput': { type: 'boolean', default: false },
      'skip-accuracy': { type: 'boolean', default: false },
      'skip-secretlint': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  const work = mkdtempSync(join(tmpdir(), 'vigil-bench-scan-'));
  const rcFile = join(work, 'secretlintrc.json');
  writeFileSync(rcFile, SECRETLINT_RC);
  try {
    console.log(`Secret-scanning benchmark on ${machine()}`);
    console.log(`Load average (1 min) at start: ${loadText()}`);
    console.log(
      `Peak RSS measured with ${existsSync(TIME) ? `${TIME} -v` : 'a preload recording process.resourceUsage().maxRSS'}.`,
    );
    const unavailable = vigilAvailable(work);
    if (unavailable !== null) console.log(`\nVigil is not measured: ${unavailable}`);
    const vigil = unavailable === null;
    const secretlint = !values['skip-secretlint'];
    if (!values['skip-throughput']) {
      benchThroughput({
        sizeMB: Number(values.size),
        runs: Math.max(1, Number(values.runs)),
        budgetSeconds: Number(values['secretlint-budget']),
        seed: Number(values.seed),
        vigil,
        secretlint,
        work,
        rcFile,
      });
    }
    if (!values['skip-accuracy']) benchAccuracy({ vigil, secretlint, work, rcFile, verbose: values.verbose });
    console.log(`\nLoad average (1 min) at the end: ${loadText()}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
