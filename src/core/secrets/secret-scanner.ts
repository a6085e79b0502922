/**
 * The secret scanner as the use cases see it: scan paths, a stream or a repository's history
 * with one rule set. Implemented by `adapters/secret-scanner` (RE2, files, git, worker threads).
 */
import type { ScanStats, SkippedFile } from './scan-report.js';
import type { SecretFinding } from './secret-finding.js';

/** Progress of a scan: files and bytes scanned so far. */
export interface ScanProgress {
  files: number;
  bytes: number;
}

export interface ScanPathsOptions {
  /** Findings' paths and `exclude` globs are relative to it; default the working directory. */
  root?: string;
  /** Globs in gitignore syntax (`dist/`, `*.min.js`, `/vendor`), on top of `.gitignore` files. */
  exclude?: readonly string[];
  onProgress?: (progress: ScanProgress) => void;
  /** What the path `-` reads; default standard input. */
  stdin?: AsyncIterable<Uint8Array | string>;
}

/** Everything a scan found and covered. Findings are sorted; skipped entries by path. */
export interface ScanResult {
  findings: SecretFinding[];
  stats: ScanStats;
  skipped: SkippedFile[];
}

export interface SecretScanner {
  /** Threads path scans use, the calling thread included (so `threads - 1` workers). */
  readonly threads: number;
  /** Scans files and directories (and `-`, standard input). */
  scanPaths(paths: readonly string[], options?: ScanPathsOptions): Promise<ScanResult>;
  /** Scans one stream; findings are named `path` (default `-`). */
  scanStream(input: AsyncIterable<Uint8Array | string>, options?: { path?: string }): Promise<ScanResult>;
  /** Scans standard input. */
  scanStdin(): Promise<ScanResult>;
  /**
   * Scans the lines every commit added, on every ref of the repository at `repo`.
   *
   * @throws VigilError `INPUT_INVALID` naming `repo` when it is not a readable git repository
   */
  scanGitHistory(repo: string, options?: { onProgress?: (progress: ScanProgress) => void }): Promise<ScanResult>;
  /** Starts worker threads now rather than when a path scan first needs them. */
  startWorkers(): Promise<void>;
  /** Stops the worker threads. The scanner cannot be used afterwards. */
  close(): Promise<void>;
}
