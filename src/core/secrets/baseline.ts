/**
 * Baselines: the secrets a team has already seen and accepted (or is rotating), so that a scan
 * reports only what is new. A baseline lists fingerprints, never values, and is safe to commit.
 * Findings match by fingerprint alone, so a known secret that moves to another line or file
 * stays known.
 */
import { z } from 'zod';
import { ImportInputError } from '../errors.js';
import { TimestampSchema } from '../inventory/identity.js';
import { parseJsonFile, validateFile } from '../json-file.js';
import { compareText, FingerprintSchema, SecretRuleIdSchema } from './scan-report.js';
import type { SecretFinding } from './secret-finding.js';

/** The file `vigil scan --update-baseline` writes unless told otherwise. */
export const DEFAULT_BASELINE_FILE = '.vigil-baseline.json';

/** The baseline format this version of Vigil reads and writes. */
export const BASELINE_VERSION = 1;

/** A baseline larger than this (64 Mi characters, some 300 000 entries) is refused unread. */
export const MAX_BASELINE_CHARS = 64 * 1024 * 1024;

/** One accepted secret: its fingerprint, and where it was when accepted (for people reading the file). */
export const BaselineEntrySchema = z.object({
  fingerprint: FingerprintSchema,
  ruleId: SecretRuleIdSchema,
  path: z.string().min(1).max(4096),
  line: z.int().min(1),
});
export type BaselineEntry = z.infer<typeof BaselineEntrySchema>;

/** `.vigil-baseline.json`. */
export const BaselineSchema = z.object({
  version: z.literal(BASELINE_VERSION, { error: `expected ${BASELINE_VERSION}, the baseline format this Vigil reads` }),
  createdAt: TimestampSchema,
  findings: z.array(BaselineEntrySchema),
});
export type Baseline = z.infer<typeof BaselineSchema>;

const EXPECTED = 'a Vigil baseline (JSON with "version": 1, "createdAt" and "findings")';

/**
 * Reads a baseline file's text. Errors name the file, the place and what was expected, and
 * never quote the file (a wrong file given by mistake could hold secrets).
 *
 * @param file the name to show in errors, as the user gave it
 * @throws ImportInputError (`INPUT_INVALID`) for text that is too large, not JSON, of another
 *   version, or not of the baseline's shape
 * @example const baseline = parseBaseline(readFileSync(file, 'utf8'), file);
 */
export function parseBaseline(text: string, file: string): Baseline {
  if (text.length > MAX_BASELINE_CHARS) {
    throw new ImportInputError(
      file,
      null,
      `the file is larger than the baseline limit of ${MAX_BASELINE_CHARS} characters`,
    );
  }
  // Editors on Windows may save a byte-order mark, which JSON.parse refuses.
  const value = parseJsonFile(text.startsWith('\uFEFF') ? text.slice(1) : text, file, EXPECTED);
  if (isRecord(value)) {
    // Said before the shape is checked: a newer format would fail on its fields, which would mislead.
    if (typeof value.version === 'number' && value.version !== BASELINE_VERSION) {
      throw new ImportInputError(
        file,
        'version',
        `unsupported baseline version ${value.version}; this Vigil reads version ${BASELINE_VERSION}`,
      );
    }
    if ('stats' in value && 'skipped' in value) {
      throw new ImportInputError(
        file,
        null,
        'this is a scan report (--format json), not a baseline; write one with `vigil scan PATH --update-baseline`',
      );
    }
  }
  return validateFile(BaselineSchema, value, file);
}

/**
 * A baseline accepting every given finding, one entry per fingerprint and place, in a stable
 * order so that rewriting it for an unchanged tree changes nothing but `createdAt`.
 *
 * @param now the clock: when the baseline is made
 * @example writeFileSync('.vigil-baseline.json', serializeBaseline(createBaseline(findings, new Date())));
 */
export function createBaseline(findings: readonly SecretFinding[], now: Date): Baseline {
  const entries = new Map<string, BaselineEntry>();
  for (const finding of findings) {
    const entry: BaselineEntry = {
      fingerprint: finding.fingerprint,
      ruleId: finding.ruleId,
      path: finding.location.path,
      line: finding.location.line,
    };
    // A history scan finds one line in many commits; the baseline needs it once.
    entries.set(`${entry.fingerprint}\u0000${entry.path}\u0000${entry.line}`, entry);
  }
  const sorted = [...entries.values()].sort(
    (a, b) =>
      compareText(a.path, b.path) ||
      a.line - b.line ||
      compareText(a.ruleId, b.ruleId) ||
      compareText(a.fingerprint, b.fingerprint),
  );
  return { version: BASELINE_VERSION, createdAt: now.toISOString(), findings: sorted };
}

/** The file's text: two-space JSON with a final newline, so that diffs of it read well. */
export function serializeBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

/**
 * The findings that are not in the baseline: only what is new. A finding matches when its
 * fingerprint is listed, wherever it now is; the same secret copied to a new file is therefore
 * not new either (it is the same credential, already known).
 *
 * @example const fresh = applyBaseline(findings, parseBaseline(text, '.vigil-baseline.json'));
 */
export function applyBaseline(findings: readonly SecretFinding[], baseline: Baseline): SecretFinding[] {
  const known = new Set(baseline.findings.map((entry) => entry.fingerprint));
  return findings.filter((finding) => !known.has(finding.fingerprint));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
