/**
 * The finding model: one problem with one identity (or one of its credentials),
 * stated as facts, with what to do about it and where it sits in the frameworks.
 * Import it through `findings.ts`, posture's public face; rules import it from here.
 */
import { z } from 'zod';
import { NistCsfIdSchema, OwaspNhiCodeSchema } from './frameworks.js';

/** Severities, most severe first: the order findings are listed in. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

/**
 * Position of a severity in {@link SEVERITIES}: 0 for `critical`, 3 for `low`.
 *
 * @example severityRank('high') // 1
 */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Every posture rule, by its stable code. */
export const RULE_CODES = [
  'orphaned',
  'dormant',
  'unrotated-credential',
  'credential-no-expiry',
  'multiple-active-keys',
  'console-password-on-service',
  'human-without-mfa',
  'wildcard-admin',
  'external-trust',
  'deleted-with-credentials',
  'secret-exposed',
] as const;
export const RuleCodeSchema = z.enum(RULE_CODES);
export type RuleCode = z.infer<typeof RuleCodeSchema>;

/** An evidence value: a fact, never a secret. */
export const EvidenceValueSchema = z.union([z.string().max(2048), z.number(), z.boolean(), z.null()]);
export type EvidenceValue = z.infer<typeof EvidenceValueSchema>;

export const FindingSchema = z.object({
  /** Stable across runs: `<rule>:<identityId>` or `<rule>:<identityId>:<credentialId>`. */
  id: z.string().min(1).max(3000),
  rule: RuleCodeSchema,
  title: z.string().min(1).max(200),
  severity: SeveritySchema,
  identityId: z.string().min(1).max(2100),
  /** The credential the finding is about, when it is about one. */
  credentialId: z.string().min(1).max(512).nullable(),
  /** One sentence naming the identity. */
  summary: z.string().min(1).max(2048),
  evidence: z.record(z.string().min(1).max(64), EvidenceValueSchema),
  /** One line: what to do. */
  remediation: z.string().min(1).max(1024),
  owasp: z.array(OwaspNhiCodeSchema),
  nistCsf: z.array(NistCsfIdSchema),
});
export type Finding = z.infer<typeof FindingSchema>;

/**
 * The stable id of a finding.
 *
 * @example findingId('unrotated-credential', 'aws:arn:aws:iam::210987654321:user/ci', 'AKIA…') // 'unrotated-credential:aws:…:AKIA…'
 */
export function findingId(rule: RuleCode, identityId: string, credentialId: string | null = null): string {
  return credentialId === null ? `${rule}:${identityId}` : `${rule}:${identityId}:${credentialId}`;
}

/** Orders findings by severity (most severe first), then identity, rule and credential: a total, stable order. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    compareStrings(a.identityId, b.identityId) ||
    compareStrings(a.rule, b.rule) ||
    compareStrings(a.credentialId ?? '', b.credentialId ?? '') ||
    compareStrings(a.id, b.id)
  );
}

function compareStrings(a: string, b: string): number {
  // Code-unit order, not locale order: the same on every machine.
  return a < b ? -1 : a > b ? 1 : 0;
}
