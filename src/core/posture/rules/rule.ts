/**
 * What every posture rule is: a pure function from one identity (and the context
 * it is judged in) to zero or more findings, plus where it sits in the frameworks.
 */

import type { CredentialType, Identity, IdentityKind } from '../../inventory/identity.js';
import type { SecretExposure } from '../../secrets/secret-exposure.js';
import type { AccessResolver } from '../admin-grants.js';
import { type EvidenceValue, type Finding, findingId, type RuleCode, type Severity } from '../finding.js';
import type { NistCsfId, OwaspNhiCode } from '../frameworks.js';
import type { PostureConfig } from '../posture-config.js';

/** What a rule may consult besides the identity itself. */
export interface RuleContext {
  config: PostureConfig;
  now: Date;
  access: AccessResolver;
  /** Leaked secrets tied to an identity (`vigil scan --link`). */
  exposuresOf: (identityId: string) => readonly SecretExposure[];
}

/** A posture rule. `evaluate` is pure: same identity and context, same findings. */
export interface PostureRule {
  code: RuleCode;
  title: string;
  /** The OWASP NHI Top 10 (2025) risks the rule detects (a finding may narrow them). */
  owasp: readonly OwaspNhiCode[];
  /** The NIST CSF 2.0 outcomes the rule gives evidence on (a finding may narrow them). */
  nistCsf: readonly NistCsfId[];
  evaluate(identity: Identity, context: RuleContext): Finding[];
}

/** The parts of a finding a rule decides; the rest comes from the rule and the identity. */
export interface FindingParts {
  severity: Severity;
  summary: string;
  evidence: Record<string, EvidenceValue>;
  remediation: string;
  credentialId?: string | null;
  owasp?: readonly OwaspNhiCode[];
  nistCsf?: readonly NistCsfId[];
}

/** Assembles a finding with its stable id. */
export function makeFinding(rule: PostureRule, identity: Identity, parts: FindingParts): Finding {
  const credentialId = parts.credentialId ?? null;
  return {
    id: findingId(rule.code, identity.id, credentialId),
    rule: rule.code,
    title: rule.title,
    severity: parts.severity,
    identityId: identity.id,
    credentialId,
    // Names come from sources and may be long; a finding stays within FindingSchema's bounds.
    summary: clamp(parts.summary, 2048),
    evidence: Object.fromEntries(
      Object.entries(parts.evidence).map(([key, value]) => [
        key,
        typeof value === 'string' ? clamp(value, 2048) : value,
      ]),
    ),
    remediation: clamp(parts.remediation, 1024),
    owasp: [...(parts.owasp ?? rule.owasp)],
    nistCsf: [...(parts.nistCsf ?? rule.nistCsf)],
  };
}

function clamp(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const MS_PER_DAY = 86_400_000;

/** Whole days from `timestamp` to `now` (negative in the future); `null` when there is no timestamp. */
export function ageInDays(now: Date, timestamp: string | null): number | null {
  if (timestamp === null) return null;
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) return null;
  return Math.floor((now.getTime() - ms) / MS_PER_DAY);
}

/** The latest of some timestamps, or `null` when none is known. */
export function latestTimestamp(timestamps: ReadonlyArray<string | null>): string | null {
  let latest: string | null = null;
  let latestMs = Number.NEGATIVE_INFINITY;
  for (const timestamp of timestamps) {
    if (timestamp === null) continue;
    const ms = Date.parse(timestamp);
    if (!Number.isNaN(ms) && ms > latestMs) {
      latest = timestamp;
      latestMs = ms;
    }
  }
  return latest;
}

const KIND_LABELS: Record<IdentityKind, string> = {
  human: 'User',
  'service-account': 'Service account',
  role: 'Role',
  group: 'Group',
  'access-key': 'Access key',
  'api-key': 'API key',
  token: 'Token',
  certificate: 'Certificate',
  workload: 'Workload',
  bot: 'Bot',
  'ai-agent': 'AI agent',
};

/**
 * How a summary names an identity: its kind, name and provider.
 *
 * @example describeIdentity(ciUser) // 'Service account "ci-deployer" (aws)'
 */
export function describeIdentity(identity: Identity): string {
  return `${KIND_LABELS[identity.kind]} "${identity.name}" (${identity.provider})`;
}

const CREDENTIAL_LABELS: Record<CredentialType, string> = {
  'access-key': 'access key',
  password: 'password',
  'api-key': 'API key',
  token: 'token',
  'ssh-key': 'SSH key',
  certificate: 'certificate',
  'client-secret': 'client secret',
  secret: 'secret',
};

/**
 * How a summary names a credential: its type in words and its id.
 *
 * @example describeCredential({ type: 'api-key', id: 'rk-payouts' }) // 'API key "rk-payouts"'
 */
export function describeCredential(credential: { type: CredentialType; id: string }): string {
  return `${CREDENTIAL_LABELS[credential.type]} "${credential.id}"`;
}
