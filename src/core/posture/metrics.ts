/**
 * Programme metrics: the handful of numbers that say whether an identity
 * programme is getting better, taken after every import and charted over time.
 */
import { z } from 'zod';
import { IDENTITY_KINDS, type Identity, isNonHuman, type Policy, TimestampSchema } from '../inventory/identity.js';
import { isDeleted } from './admin-grants.js';
import { type Finding, SEVERITIES, type Severity } from './finding.js';

const count = z.number().int().min(0);
/** A percentage, 0–100 with one decimal; `null` when there is nothing to divide by. */
const percent = z.number().min(0).max(100).nullable();

export const ProgrammeMetricsSchema = z.object({
  /** When the metrics were computed. */
  at: TimestampSchema,
  /** Identities not deleted. */
  identities: count,
  byKind: z.record(z.enum(IDENTITY_KINDS), count),
  byProvider: z.record(z.string().max(64), count),
  nonHuman: count,
  /** Identities deleted (upstream, or gone from their source). */
  deleted: count,
  /** Shared policies known. */
  policies: count,
  nonHumanWithOwner: count,
  /** Share of non-human identities with an owner (`nonHumanWithOwner / nonHuman`). */
  ownedPercent: percent,
  /** Active credentials of live non-human identities. */
  nonHumanCredentials: count,
  nonHumanCredentialsWithExpiry: count,
  /** Share of active non-human credentials that expire, themselves or with their identity. */
  credentialsWithExpiryPercent: percent,
  /** Live people whose MFA status the sources report. */
  humansWithKnownMfa: count,
  humansWithMfa: count,
  /** Share of people with known MFA status who have MFA; `null` when no source says. */
  humanMfaPercent: percent,
  /** Mean age in days (one decimal) of active credentials of live identities, from their last rotation or creation. */
  meanCredentialAgeDays: z.number().min(0).nullable(),
  /** Identities holding standing full administrator access (a `wildcard-admin` finding). */
  standingAdmins: count,
  findings: count,
  findingsBySeverity: z.object({ critical: count, high: count, medium: count, low: count }),
});
export type ProgrammeMetrics = z.infer<typeof ProgrammeMetricsSchema>;

/** What the metrics are computed over. */
export interface MetricsInput {
  identities: readonly Identity[];
  findings: readonly Finding[];
  policies: ReadonlyMap<string, Policy>;
  now: Date;
}

const MS_PER_DAY = 86_400_000;

/**
 * Computes the programme metrics. Pure.
 *
 * @example
 * const metrics = computeMetrics({ identities, findings, policies, now: new Date() });
 * metrics.ownedPercent // 62.5
 */
export function computeMetrics(input: MetricsInput): ProgrammeMetrics {
  const live = input.identities.filter((identity) => !isDeleted(identity));
  const nonHuman = live.filter((identity) => isNonHuman(identity.kind));
  const humans = live.filter((identity) => identity.kind === 'human');

  const byKind = Object.fromEntries(IDENTITY_KINDS.map((kind) => [kind, 0])) as Record<
    (typeof IDENTITY_KINDS)[number],
    number
  >;
  const providerCounts = new Map<string, number>();
  for (const identity of live) {
    byKind[identity.kind] += 1;
    providerCounts.set(identity.provider, (providerCounts.get(identity.provider) ?? 0) + 1);
  }
  const byProvider = Object.fromEntries([...providerCounts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

  const nonHumanWithOwner = nonHuman.filter((identity) => identity.owner !== null).length;
  let nonHumanCredentials = 0;
  let nonHumanCredentialsWithExpiry = 0;
  for (const identity of nonHuman) {
    for (const credential of identity.credentials) {
      if (credential.status !== 'active') continue;
      nonHumanCredentials += 1;
      if (credential.expiresAt !== null || identity.expiresAt !== null) nonHumanCredentialsWithExpiry += 1;
    }
  }

  const humansWithKnownMfa = humans.filter((identity) => identity.mfaEnabled !== null).length;
  const humansWithMfa = humans.filter((identity) => identity.mfaEnabled === true).length;

  const findingsBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const standingAdmins = new Set<string>();
  for (const finding of input.findings) {
    findingsBySeverity[finding.severity] += 1;
    if (finding.rule === 'wildcard-admin') standingAdmins.add(finding.identityId);
  }

  return {
    at: input.now.toISOString(),
    identities: live.length,
    byKind,
    byProvider,
    nonHuman: nonHuman.length,
    deleted: input.identities.length - live.length,
    policies: input.policies.size,
    nonHumanWithOwner,
    ownedPercent: percentage(nonHumanWithOwner, nonHuman.length),
    nonHumanCredentials,
    nonHumanCredentialsWithExpiry,
    credentialsWithExpiryPercent: percentage(nonHumanCredentialsWithExpiry, nonHumanCredentials),
    humansWithKnownMfa,
    humansWithMfa,
    humanMfaPercent: percentage(humansWithMfa, humansWithKnownMfa),
    meanCredentialAgeDays: meanCredentialAge(live, input.now),
    standingAdmins: standingAdmins.size,
    findings: input.findings.length,
    findingsBySeverity,
  };
}

/** `part` of `whole` as a percentage with one decimal, or `null` when `whole` is 0. */
function percentage(part: number, whole: number): number | null {
  return whole === 0 ? null : round1((part / whole) * 100);
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function meanCredentialAge(identities: readonly Identity[], now: Date): number | null {
  let total = 0;
  let n = 0;
  for (const identity of identities) {
    for (const credential of identity.credentials) {
      if (credential.status !== 'active') continue;
      const since = credential.lastRotatedAt ?? credential.createdAt;
      const ms = since === null ? Number.NaN : Date.parse(since);
      if (Number.isNaN(ms)) continue;
      // A timestamp in the future (clock skew at the source) counts as brand new, not negative.
      total += Math.max(0, now.getTime() - ms) / MS_PER_DAY;
      n += 1;
    }
  }
  return n === 0 ? null : round1(total / n);
}
