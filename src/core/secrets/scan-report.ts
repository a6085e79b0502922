/**
 * The JSON report of a secret scan (`vigil scan --format json`): the findings, what the scan
 * covered and what it skipped. A stable, versioned shape other tools parse; it never holds a
 * secret, only redacted forms and fingerprints. Also the checks every file a scan reads
 * (baseline, allowlist) goes through, so that their errors read alike.
 */
import { z } from 'zod';
import { ImportInputError } from '../errors.js';
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

/**
 * Parses the JSON text of a file the scan reads (a baseline, a report). A syntax error names the
 * line and column but never quotes the text: a wrong file given by mistake may hold secrets.
 *
 * @throws ImportInputError (`INPUT_INVALID`) naming the file
 */
export function parseJsonFile(text: string, file: string, what: string): unknown {
  if (text.trim() === '') throw new ImportInputError(file, null, `the file is empty; expected ${what}`);
  try {
    return JSON.parse(text);
  } catch {
    // V8's message quotes the text around the error and, on Node 20, often gives no position:
    // find the place with a scanner of our own and say nothing of what is there.
    const offset = jsonErrorOffset(text);
    if (offset === null) throw new ImportInputError(file, null, `not valid JSON; expected ${what}`);
    const { line, column } = lineAndColumn(text, offset);
    const truncated = offset >= text.trimEnd().length;
    const problem = truncated ? 'the JSON ends too soon; the file looks truncated' : `not valid JSON; expected ${what}`;
    throw new ImportInputError(file, `line ${line}, column ${column}`, problem);
  }
}

/**
 * The offset of the first JSON syntax error in the text (its length when the text ends too
 * soon), or `null` if none is found. One pass, no regular expressions; nesting deeper than
 * {@link MAX_JSON_DEPTH} gives `null` rather than a stack overflow.
 */
export function jsonErrorOffset(text: string): number | null {
  let i = 0;
  const n = text.length;
  const skipSpace = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      i++;
    }
  };
  const digits = (): boolean => {
    const start = i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    return i > start;
  };
  const string = (): boolean => {
    i++; // the opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          for (let k = 2; k < 6; k++) {
            if (!isHexDigit(text.charCodeAt(i + k))) {
              i += Math.min(k, n - i);
              return false;
            }
          }
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          i += 2;
        } else {
          i++;
          return false;
        }
      } else {
        i++;
      }
    }
    return false;
  };
  const value = (depth: number): boolean => {
    if (depth > MAX_JSON_DEPTH) throw new RangeError('too deep');
    skipSpace();
    const c = text[i];
    if (c === '"') return string();
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      skipSpace();
      if (text[i] === close) {
        i++;
        return true;
      }
      for (;;) {
        if (c === '{') {
          skipSpace();
          if (text[i] !== '"' || !string()) return false;
          skipSpace();
          if (text[i] !== ':') return false;
          i++;
        }
        if (!value(depth + 1)) return false;
        skipSpace();
        if (text[i] === close) {
          i++;
          return true;
        }
        if (text[i] !== ',') return false;
        i++;
      }
    }
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return true;
      }
    }
    if (c === '-' || (c !== undefined && isDigit(c.charCodeAt(0)))) {
      if (c === '-') i++;
      if (text[i] === '0') i++;
      else if (!digits()) return false;
      if (text[i] === '.') {
        i++;
        if (!digits()) return false;
      }
      if (text[i] === 'e' || text[i] === 'E') {
        i++;
        if (text[i] === '+' || text[i] === '-') i++;
        if (!digits()) return false;
      }
      return true;
    }
    return false;
  };
  try {
    if (!value(0)) return Math.min(i, n);
    skipSpace();
    return i < n ? i : null;
  } catch {
    return null;
  }
}

/** Deeper than this, {@link jsonErrorOffset} gives up on locating the error. */
const MAX_JSON_DEPTH = 1000;

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isHexDigit(code: number): boolean {
  return isDigit(code) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

/**
 * Checks a parsed file against its schema; on failure names the first problem's place
 * (`findings[3].line`) and what was expected there. Values from the file are never quoted.
 *
 * @throws ImportInputError (`INPUT_INVALID`) naming the file
 */
export function validateFile<S extends z.ZodType>(schema: S, value: unknown, file: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  if (first === undefined) throw new ImportInputError(file, null, 'the file does not match the expected format');
  throw new ImportInputError(file, formatPath(first.path), `${describeIssue(first)}${more}`);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'unrecognized_keys':
      return `unexpected field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    default:
      return issue.message;
  }
}

/** `findings[3].line`, as a user would write the place. */
function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(top level)' : out;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
