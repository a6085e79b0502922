/**
 * The JSON report of a secret scan (`vigil scan --format json`): the findings, what the scan
 * covered and what it skipped. A stable, versioned shape other tools parse; it never holds a
 * secret, only redacted forms and fingerprints. Also the checks every file a scan reads
 * (baseline, allowlist) goes through, so that their errors read alike.
 */
import { z } from 'zod';
import { SeveritySchema } from '../posture/finding.js';
import type { SecretFinding } from './secret-finding.js';

const text = (max: number) => z.string().min(1).max(max);

/** SHA-256, lower-case hex: the fingerprint of every {@link SecretFinding}. */
export const FingerprintSchema = z.string().regex(/^[0-9a-f]{64}$/, 'expected a fingerprint: 64 lower-case hex digits');

/** A rule id: kebab-case, as in `aws-access-key-id`. */
export const SecretRuleIdSchema = z
  .string()
  .max(100)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a rule id in kebab-case, such as "aws-access-key-id"');

/** Schema of {@link IdentityHint} (secret-rule.ts), for reading reports back. */
export const IdentityHintSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('aws-access-key-id'), accessKeyId: text(128) }),
  z.object({ type: z.literal('gcp-service-account'), email: text(512), projectId: text(256).nullable() }),
  z.object({ type: z.literal('k8s-service-account'), namespace: text(253), name: text(253) }),
  z.object({ type: z.literal('jwt-subject'), issuer: text(2048).nullable(), subject: text(2048).nullable() }),
  z.object({ type: z.literal('database-user'), user: text(512), host: text(1024) }),
  z.object({ type: z.literal('account'), provider: text(64), account: text(1024) }),
]);

/** Schema of {@link SecretLocation} (secret-finding.ts). */
export const SecretLocationSchema = z.object({
  path: text(4096),
  line: z.int().min(1),
  column: z.int().min(1),
  endLine: z.int().min(1),
  endColumn: z.int().min(1),
  commit: z
    .object({
      sha: z.string().regex(/^[0-9a-f]{7,64}$/, 'expected a commit id in hex'),
      author: z.string().max(512),
      email: z.string().max(512),
      date: z.string().max(64),
      message: z.string().max(65_536),
    })
    .optional(),
});

/** Schema of {@link SecretFinding} (secret-finding.ts). */
export const SecretFindingSchema = z.object({
  ruleId: SecretRuleIdSchema,
  ruleName: text(200),
  provider: text(64),
  severity: SeveritySchema,
  location: SecretLocationSchema,
  redacted: z.string().max(256),
  fingerprint: FingerprintSchema,
  entropy: z.number().min(0).max(64),
  identityHint: IdentityHintSchema.nullable(),
  encoding: z.enum(['base64', 'split']).optional(),
});

/** What a scan covered. */
export const ScanStatsSchema = z.object({
  filesScanned: z.int().min(0),
  bytesScanned: z.int().min(0),
  durationMs: z.number().min(0),
  /** History scans only (`--git`): how many commits were read. */
  commitsScanned: z.int().min(0).optional(),
});
export type ScanStats = z.infer<typeof ScanStatsSchema>;

/** A file (or commit) the scan could not read, and why: `binary`, `too-large`, `unreadable`, `broken-symlink`… */
export const SkippedFileSchema = z.object({
  path: text(4096),
  reason: text(64),
  /** One line for people (`EACCES: permission denied`); never file content. */
  detail: z.string().max(1024).optional(),
});
export type SkippedFile = z.infer<typeof SkippedFileSchema>;

/** The JSON report, version 1. */
export const ScanReportSchema = z.object({
  version: z.literal(1),
  findings: z.array(SecretFindingSchema),
  stats: ScanStatsSchema,
  skipped: z.array(SkippedFileSchema),
});
export type ScanReport = z.infer<typeof ScanReportSchema>;

/**
 * Builds the JSON report, findings and skipped files in a stable order so that two scans of
 * the same tree print the same bytes.
 *
 * @example JSON.stringify(toScanReport(findings, { filesScanned: 12, bytesScanned: 40_960, durationMs: 31 }, []))
 */
export function toScanReport(
  findings: readonly SecretFinding[],
  stats: ScanStats,
  skipped: readonly SkippedFile[],
): ScanReport {
  return {
    version: 1,
    findings: sortFindings(findings),
    stats: { ...stats },
    skipped: [...skipped].sort((a, b) => compareText(a.path, b.path) || compareText(a.reason, b.reason)),
  };
}

/**
 * Findings in reading order: by path, position, rule, fingerprint, then commit. Every output
 * format lists findings in this one order.
 */
export function sortFindings(findings: readonly SecretFinding[]): SecretFinding[] {
  return [...findings].sort(compareFindings);
}

function compareFindings(a: SecretFinding, b: SecretFinding): number {
  const x = a.location;
  const y = b.location;
  return (
    compareText(x.path, y.path) ||
    x.line - y.line ||
    x.column - y.column ||
    x.endLine - y.endLine ||
    x.endColumn - y.endColumn ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.fingerprint, b.fingerprint) ||
    compareText(x.commit?.date ?? '', y.commit?.date ?? '') ||
    compareText(x.commit?.sha ?? '', y.commit?.sha ?? '')
  );
}

/** Code-unit order: the same on every machine, unlike `localeCompare`. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
