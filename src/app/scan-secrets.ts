/**
 * Scans for secrets and decides which findings to report: everything found, less what an
 * allowlist allows and what a baseline already knows.
 */
import { type Allowlist, isAllowed } from '../core/secrets/allowlist.js';
import { applyBaseline, type Baseline } from '../core/secrets/baseline.js';
import { sortFindings } from '../core/secrets/scan-report.js';
import type { SecretFinding } from '../core/secrets/secret-finding.js';
import type { ScanProgress, ScanResult, SecretScanner } from '../core/secrets/secret-scanner.js';

export interface ScanSecretsRequest {
  paths: readonly string[];
  /** Scan each path's git history (every commit's added lines) instead of its files. */
  git: boolean;
  exclude: readonly string[];
  root: string;
  allowlist: Allowlist | null;
  baseline: Baseline | null;
  onProgress?: (progress: ScanProgress) => void;
}

export interface ScanSecretsResult extends ScanResult {
  /** What to report: found, not allowed, not in the baseline. */
  reported: SecretFinding[];
  /** Found but allowed (after allowlisting, before the baseline): what a new baseline holds. */
  unallowed: SecretFinding[];
  allowlisted: number;
  baselined: number;
}

export async function scanSecrets(scanner: SecretScanner, request: ScanSecretsRequest): Promise<ScanSecretsResult> {
  const result = request.git
    ? await scanHistories(scanner, request)
    : await scanner.scanPaths(request.paths, {
        root: request.root,
        exclude: request.exclude,
        onProgress: request.onProgress,
      });
  const allowlist = request.allowlist;
  const unallowed = allowlist === null ? result.findings : result.findings.filter((f) => !isAllowed(f, allowlist));
  const reported = request.baseline === null ? unallowed : applyBaseline(unallowed, request.baseline);
  return {
    ...result,
    reported,
    unallowed,
    allowlisted: result.findings.length - unallowed.length,
    baselined: unallowed.length - reported.length,
  };
}

async function scanHistories(scanner: SecretScanner, request: ScanSecretsRequest): Promise<ScanResult> {
  const merged: ScanResult = {
    findings: [],
    stats: { filesScanned: 0, bytesScanned: 0, durationMs: 0, commitsScanned: 0 },
    skipped: [],
  };
  for (const repo of request.paths) {
    const one = await scanner.scanGitHistory(repo, { onProgress: request.onProgress });
    merged.findings.push(...one.findings);
    merged.skipped.push(...one.skipped);
    merged.stats.filesScanned += one.stats.filesScanned;
    merged.stats.bytesScanned += one.stats.bytesScanned;
    merged.stats.durationMs += one.stats.durationMs;
    merged.stats.commitsScanned = (merged.stats.commitsScanned ?? 0) + (one.stats.commitsScanned ?? 0);
  }
  merged.findings = sortFindings(merged.findings);
  return merged;
}
