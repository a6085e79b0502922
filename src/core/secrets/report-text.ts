/**
 * The human-readable scan report (`vigil scan`, the default format): one line per finding,
 * grouped by file, in the `path:line:col` form editors and terminals turn into links, then a
 * summary. Shows redacted values and fingerprint prefixes only.
 */
import type { Severity } from '../posture/finding.js';
import { compareText, type ScanStats, type SkippedFile, sortFindings } from './scan-report.js';
import type { SecretEncoding, SecretFinding } from './secret-finding.js';

export interface TextReportOptions {
  /** ANSI colours (a terminal that wants them); `false` for files, pipes and `NO_COLOR`. */
  color: boolean;
  /** What the scan skipped; counted in the summary, by reason. */
  skipped?: readonly SkippedFile[];
}

/** How many hex digits of a fingerprint the text shows: enough to tell findings apart and to allowlist one. */
export const FINGERPRINT_PREFIX_LENGTH = 12;

const ANSI = { reset: '\u001b[0m', bold: '\u001b[1m', dim: '\u001b[2m', red: '\u001b[31m', green: '\u001b[32m' };
const SEVERITY_COLOR: Record<Severity, string> = {
  critical: '\u001b[1;31m',
  high: '\u001b[31m',
  medium: '\u001b[33m',
  low: '\u001b[36m',
};

/** How the text report says that a secret was not written as itself. */
const ENCODING_LABELS: Record<SecretEncoding, string> = {
  base64: 'base64-encoded',
  split: 'split over literals',
};

/**
 * Formats findings for people: one block per file, each finding as
 * `path:line:col  rule-id  redacted  (fingerprint prefix)`, a `commit … by … on …` line under
 * findings from history, then a summary line. Ends with a newline.
 *
 * @example
 * formatText(findings, { filesScanned: 3, bytesScanned: 2_000_000, durationMs: 120 }, { color: false });
 * // src/app.ts:3:15  aws-access-key-id  AKIA…MPLE  (3f9a1c2b0d4e)
 * //
 * // 1 secret in 1 file; 3 files scanned, 2.0 MB in 0.12 s; 0 skipped
 */
export function formatText(findings: readonly SecretFinding[], stats: ScanStats, options: TextReportOptions): string {
  const paint = (code: string, value: string): string => (options.color ? `${code}${value}${ANSI.reset}` : value);
  const lines: string[] = [];
  let previousPath: string | null = null;
  for (const finding of sortFindings(findings)) {
    const { location } = finding;
    if (previousPath !== null && location.path !== previousPath) lines.push('');
    previousPath = location.path;
    const place = `${printable(location.path)}:${location.line}:${location.column}`;
    lines.push(
      [
        paint(ANSI.bold, place),
        paint(SEVERITY_COLOR[finding.severity], printable(finding.ruleId)),
        printable(finding.redacted),
        paint(
          ANSI.dim,
          `(${finding.encoding === undefined ? '' : `${ENCODING_LABELS[finding.encoding]}, `}${finding.fingerprint.slice(0, FINGERPRINT_PREFIX_LENGTH)})`,
        ),
      ].join('  '),
    );
    if (location.commit !== undefined) {
      const { sha, author, date } = location.commit;
      lines.push(
        paint(ANSI.dim, `    commit ${printable(sha.slice(0, 7))} by ${printable(author)} on ${shortDate(date)}`),
      );
    }
  }
  if (lines.length > 0) lines.push('');
  const summary = summarize(findings, stats, options.skipped ?? []);
  lines.push(paint(findings.length === 0 ? ANSI.green : ANSI.red, summary));
  return `${lines.join('\n')}\n`;
}

/**
 * The summary line alone: `2 secrets in 1 file; 40 files scanned, 1.3 MB in 0.05 s; 1 skipped (1 binary)`.
 */
export function summarize(
  findings: readonly SecretFinding[],
  stats: ScanStats,
  skipped: readonly SkippedFile[] = [],
): string {
  const files = new Set(findings.map((f) => f.location.path)).size;
  const found =
    findings.length === 0 ? 'No secrets found' : `${plural(findings.length, 'secret')} in ${plural(files, 'file')}`;
  const commits = stats.commitsScanned === undefined ? '' : `${plural(stats.commitsScanned, 'commit')}, `;
  const scanned = `${commits}${plural(stats.filesScanned, 'file')} scanned, ${(stats.bytesScanned / 1e6).toFixed(1)} MB in ${(stats.durationMs / 1000).toFixed(2)} s`;
  return `${found}; ${scanned}; ${skipped.length} skipped${skippedReasons(skipped)}`;
}

function skippedReasons(skipped: readonly SkippedFile[]): string {
  if (skipped.length === 0) return '';
  const counts = new Map<string, number>();
  for (const { reason } of skipped) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  const parts = [...counts]
    .sort(([a, x], [b, y]) => y - x || compareText(a, b))
    .map(([reason, count]) => `${count} ${printable(reason)}`);
  return ` (${parts.join(', ')})`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** `2024-05-01T10:00:00Z` → `2024-05-01`: the day is what a reader wants; JSON and SARIF keep the full time. */
function shortDate(date: string): string {
  return /^\d{4}-\d{2}-\d{2}T/.test(date) ? date.slice(0, 10) : printable(date);
}

/** Line separators and bidirectional controls (the "Trojan Source" characters). */
const UNSAFE_FORMAT_CHARS: ReadonlySet<number> = new Set([
  0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
]);

/**
 * File names, author names and rule output come from the scanned repository: control characters
 * in them could rewrite the terminal (ANSI escapes) and bidirectional overrides could reorder
 * what is shown, so they are shown as `\xNN` / `\u{NNNN}`.
 */
export function printable(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (UNSAFE_FORMAT_CHARS.has(code)) out += `\\u{${code.toString(16)}}`;
    else out += char;
  }
  return out;
}
