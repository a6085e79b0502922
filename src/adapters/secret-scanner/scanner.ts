/**
 * The secret scanner's public face: scan paths (files and directories), a stream (stdin) or a
 * repository's git history with one rule set, and get every finding, in reading order, with
 * what was scanned and what was skipped and why.
 *
 * Path scans use one thread per core by default: the calling thread, which walks the tree and
 * scans, and worker threads, started once the input is large enough to pay for them; every
 * thread gives the same findings. Streams and git history run on the calling thread (git
 * itself is the bottleneck there).
 *
 * Each call returns a promise of the whole result rather than a stream of findings: findings
 * come back sorted (by path, line, column, rule), which needs them all, and a scan that leaks
 * so many secrets that they do not fit in memory has a bigger problem than memory.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { VigilError } from '../../core/errors.js';
import { compareText, type SkippedFile, sortFindings } from '../../core/secrets/scan-report.js';
import type { SecretFinding } from '../../core/secrets/secret-finding.js';
import type { SecretRule } from '../../core/secrets/secret-rule.js';
import type { ScanPathsOptions, ScanProgress, ScanResult, SecretScanner } from '../../core/secrets/secret-scanner.js';
import { type CompiledRules, compileRules } from './compile-rules.js';
import { readGitHistory } from './git-history.js';
import { ChunkScanner, type ChunkSizes, DEFAULT_CHUNK_SIZE, DEFAULT_OVERLAP } from './read-chunks.js';
import { type FileOutcome, type FileTask, scanFile, scanStream } from './scan-file.js';
import { walkFiles } from './walk-files.js';
import { createWorkerPool, type RuleModuleRef, type WorkerPool } from './worker-pool.js';

export type { RuleModuleRef } from './worker-pool.js';

export interface ScannerOptions {
  /**
   * Threads that scan paths, the calling thread included (so `threads - 1` workers); default
   * one per core (`os.availableParallelism()`); 1 scans on the calling thread alone.
   */
  threads?: number;
  /**
   * The module workers load the rules from (functions cannot be sent to a thread); each worker
   * keeps the rules whose ids `rules` has. Default: Vigil's catalogue, `SECRET_RULES` of
   * `core/secrets/rules/catalog`.
   */
  rulesModule?: RuleModuleRef;
  /**
   * A scan of files only (a pre-commit hook's staged files) starts worker threads once it has
   * read this many bytes on the calling thread, so that small inputs never pay for them; a scan
   * of a directory starts them at once, to have them ready sooner. Default 4 MiB.
   */
  minParallelBytes?: number;
  /** Chunk and overlap sizes in bytes; defaults 4 MiB and 64 KiB (tests shrink them). */
  chunkSize?: number;
  overlap?: number;
}

/**
 * Files sent to a worker at once: enough to make a message worth its cost, few enough that the
 * last batches spread over the workers (each holds at most two, see worker-pool.ts).
 */
const BATCH_FILES = 32;
const DEFAULT_MIN_PARALLEL_BYTES = 4 * 1024 * 1024;

/**
 * Creates a scanner for `rules`. Compiles them at once, so a bad pattern fails here.
 *
 * @throws VigilError `CONFIG_INVALID` when a rule's pattern is not valid RE2
 * @example
 * const scanner = createScanner(SECRET_RULES);
 * try {
 *   const { findings, skipped } = await scanner.scanPaths(['.'], { exclude: ['dist/'] });
 * } finally {
 *   await scanner.close();
 * }
 */
export function createScanner(rules: readonly SecretRule[], options: ScannerOptions = {}): SecretScanner {
  const compiled = compileRules(rules);
  const sizes: ChunkSizes = {
    chunkSize: options.chunkSize ?? DEFAULT_CHUNK_SIZE,
    overlap: options.overlap ?? DEFAULT_OVERLAP,
  };
  const threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()));
  const minParallelBytes = options.minParallelBytes ?? DEFAULT_MIN_PARALLEL_BYTES;
  const rulesModule = options.rulesModule ?? defaultRulesModule();
  let pool: Promise<WorkerPool | null> | null = null;
  let startedPool: WorkerPool | null = null;
  let closed = false;

  const getPool = (): Promise<WorkerPool | null> => {
    pool ??= startPool(threads - 1, rulesModule, rules, sizes).then((created) => {
      startedPool = created;
      return created;
    });
    return pool;
  };
  const assertOpen = (): void => {
    if (closed) throw new VigilError('USAGE', 'the secret scanner is closed');
  };

  const scanOneStream = async (
    input: AsyncIterable<Uint8Array | string>,
    streamOptions: { path?: string } = {},
  ): Promise<ScanResult> => {
    assertOpen();
    const started = performance.now();
    const outcome = await scanStream(new ChunkScanner(compiled, sizes), input, streamOptions.path ?? '-');
    return result([outcome], started);
  };

  return {
    threads,
    async scanPaths(paths, scanOptions = {}) {
      assertOpen();
      const parallel = threads > 1 ? { getPool, existing: () => startedPool, minParallelBytes } : null;
      return scanPathList(compiled, sizes, parallel, paths, scanOptions);
    },
    scanStream: scanOneStream,
    scanStdin: () => scanOneStream(process.stdin, { path: '-' }),
    async scanGitHistory(repo, historyOptions = {}) {
      assertOpen();
      const started = performance.now();
      const findings: SecretFinding[] = [];
      const outcome = await readGitHistory(
        new ChunkScanner(compiled, sizes),
        repo,
        (finding) => findings.push(finding),
        historyOptions.onProgress ? { onProgress: historyOptions.onProgress } : {},
      );
      return {
        findings: sortFindings(findings),
        stats: {
          filesScanned: outcome.files,
          bytesScanned: outcome.bytes,
          durationMs: performance.now() - started,
          commitsScanned: outcome.commits,
        },
        skipped: outcome.skipped,
      };
    },
    async startWorkers() {
      assertOpen();
      if (threads < 2) return;
      await (await getPool())?.whenReady();
    },
    async close() {
      closed = true;
      const running = pool;
      pool = null;
      if (running !== null) await (await running.catch(() => null))?.close();
    },
  };
}

interface Parallel {
  /** The pool, started on first call; `null` when worker threads cannot run in this process. */
  getPool: () => Promise<WorkerPool | null>;
  /** The pool, if something started it already. */
  existing: () => WorkerPool | null;
  minParallelBytes: number;
}

async function scanPathList(
  compiled: CompiledRules,
  sizes: ChunkSizes,
  parallel: Parallel | null,
  paths: readonly string[],
  options: ScanPathsOptions,
): Promise<ScanResult> {
  const started = performance.now();
  const root = path.resolve(options.root ?? process.cwd());
  const outcomes: FileOutcome[] = [];
  const progress: ScanProgress = { files: 0, bytes: 0 };
  const record = (batch: readonly FileOutcome[]): void => {
    for (const outcome of batch) {
      outcomes.push(outcome);
      if (outcome.skipped === undefined || outcome.bytes > 0) {
        progress.files++;
        progress.bytes += outcome.bytes;
      }
    }
    options.onProgress?.({ ...progress });
  };

  let local: ChunkScanner | null = null;
  const scanHere = (files: readonly FileTask[]): void => {
    local ??= new ChunkScanner(compiled, sizes);
    const scanner = local;
    record(files.map((task) => scanFile(scanner, task)));
  };

  if (paths.includes('-')) {
    record([await scanStream(new ChunkScanner(compiled, sizes), options.stdin ?? process.stdin, '-')]);
  }

  // The calling thread walks and scans batch after batch. It starts the worker threads at once
  // for a directory, or once it has read enough bytes to make them worth it; a worker needs
  // 0.2-0.4 s to load and compile its rules. From then on it hands each batch to a worker that
  // has room and scans the batch itself when none has: every thread scans, none waits.
  let batch: FileTask[] = [];
  let pool: WorkerPool | null = parallel?.existing() ?? null;
  let poolAsked = pool !== null;
  let poolError: Error | null = null;
  if (!poolAsked && parallel !== null && paths.some(isDirectory)) {
    // A directory is likely large: the workers load their rules while this thread walks and scans.
    poolAsked = true;
    pool = await parallel.getPool();
  }
  const inFlight = new Set<Promise<void>>();

  const dispatch = (files: FileTask[], workers: WorkerPool): void => {
    const running = workers
      .run(files)
      .then(record)
      .catch(() => {
        // A pool that cannot work is a fault to report; a batch whose worker died is scanned here.
        if (workers.failed !== null) poolError ??= workers.failed;
        else if (poolError === null) scanHere(files);
      });
    const tracked = running.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  const flush = async (): Promise<void> => {
    const files = batch;
    batch = [];
    if (!poolAsked && parallel !== null && progress.bytes >= parallel.minParallelBytes) {
      poolAsked = true;
      pool = await parallel.getPool();
    }
    if (pool?.failed) throw pool.failed;
    if (pool?.hasCapacity()) {
      dispatch(files, pool);
    } else {
      scanHere(files);
      // Let the workers' replies (and their "ready") in before the next batch.
      if (pool !== null) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (poolError !== null) throw poolError;
  };

  const walked = walkFiles(
    paths.filter((given) => given !== '-'),
    { root, exclude: options.exclude ?? [] },
  );
  for (const item of walked) {
    if (item.kind === 'skipped') {
      outcomes.push({ findings: [], bytes: 0, skipped: item.skipped });
      continue;
    }
    batch.push(item.task);
    if (batch.length >= BATCH_FILES) await flush();
  }
  if (batch.length > 0) await flush();
  await Promise.all(inFlight);
  if (poolError !== null) throw poolError;
  return result(outcomes, started);
}

function isDirectory(given: string): boolean {
  if (given === '-') return false;
  try {
    return statSync(given).isDirectory();
  } catch {
    return false;
  }
}

function result(outcomes: readonly FileOutcome[], started: number): ScanResult {
  const findings: SecretFinding[] = [];
  const skipped: SkippedFile[] = [];
  let filesScanned = 0;
  let bytesScanned = 0;
  for (const outcome of outcomes) {
    findings.push(...outcome.findings);
    if (outcome.skipped !== undefined) skipped.push(outcome.skipped);
    if (outcome.skipped === undefined || outcome.bytes > 0) filesScanned++;
    bytesScanned += outcome.bytes;
  }
  skipped.sort((a, b) => compareText(a.path, b.path) || compareText(a.reason, b.reason));
  return {
    findings: sortFindings(findings),
    stats: { filesScanned, bytesScanned, durationMs: performance.now() - started },
    skipped,
  };
}

/**
 * Starts the pool after checking, on this thread, that the rules module has every rule: a
 * mismatch is a wiring mistake and should say so, not surface as a worker crash.
 */
async function startPool(
  threads: number,
  rulesModule: RuleModuleRef,
  rules: readonly SecretRule[],
  sizes: ChunkSizes,
): Promise<WorkerPool | null> {
  const url = moduleUrl(rulesModule.url);
  let exported: unknown;
  try {
    const loaded: Record<string, unknown> = await import(url);
    exported = loaded[rulesModule.exportName];
  } catch (error) {
    throw new VigilError('CONFIG_INVALID', `secret rules module ${url} cannot be loaded: ${String(error)}`);
  }
  const ids = new Set(Array.isArray(exported) ? (exported as SecretRule[]).map((rule) => rule.id) : []);
  const missing = rules.find((rule) => !ids.has(rule.id));
  if (missing !== undefined) {
    throw new VigilError(
      'CONFIG_INVALID',
      `secret rule ${missing.id} is not in ${rulesModule.exportName} of ${url}; pass that module as rulesModule, or threads: 1`,
    );
  }
  return createWorkerPool(threads, {
    rulesModule: url,
    exportName: rulesModule.exportName,
    ruleIds: rules.map((rule) => rule.id),
    sizes,
  });
}

function moduleUrl(url: string | URL): string {
  if (url instanceof URL) return url.href;
  return url.startsWith('file:') ? url : pathToFileURL(path.resolve(url)).href;
}

/** Vigil's catalogue, as `.ts` when running from sources and `.js` once built. */
function defaultRulesModule(): RuleModuleRef {
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return { url: new URL(`../../core/secrets/rules/catalog.${extension}`, import.meta.url), exportName: 'SECRET_RULES' };
}
