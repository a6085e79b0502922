/**
 * Posture findings: every rule run over the inventory. Pure: the same inventory,
 * config and `now` give the same findings in the same order.
 *
 * This module is posture's public face: it also re-exports the finding model
 * (`finding.ts`), so callers import everything about findings from here.
 */

import type { Identity, Policy } from '../inventory/identity.js';
import type { SecretExposure } from '../secrets/secret-exposure.js';
import { type AccessResolver, createAccessResolver } from './admin-grants.js';
import { compareFindings, type Finding, severityRank } from './finding.js';
import type { PostureConfig } from './posture-config.js';
import { POSTURE_RULES } from './rules/all-rules.js';
import type { RuleContext } from './rules/rule.js';

export {
  compareFindings,
  type EvidenceValue,
  EvidenceValueSchema,
  type Finding,
  FindingSchema,
  findingId,
  RULE_CODES,
  type RuleCode,
  RuleCodeSchema,
  SEVERITIES,
  type Severity,
  SeveritySchema,
  severityRank,
} from './finding.js';

/** What posture is evaluated over. */
export interface PostureInput {
  /** Every identity the inventory holds, deleted ones included (they carry findings too). */
  identities: readonly Identity[];
  /** Shared policies by id: entitlements with a `policyId` take their statements from here. */
  policies: ReadonlyMap<string, Policy>;
  config: PostureConfig;
  /** The instant findings are judged at (dormancy, credential age). */
  now: Date;
  /** Leaked secrets tied to identities by `vigil scan --link`, by identity id. */
  exposures?: ReadonlyMap<string, readonly SecretExposure[]>;
}

/**
 * Every finding for every identity, most severe first, then by identity id.
 *
 * @example
 * const findings = evaluatePosture({ identities, policies, config: DEFAULT_POSTURE_CONFIG, now: new Date() });
 */
export function evaluatePosture(input: PostureInput): Finding[] {
  const context = contextFor(input, createAccessResolver(input.identities, input.policies));
  return input.identities.flatMap((identity) => evaluateWith(identity, context)).sort(compareFindings);
}

/**
 * The findings for one identity, by the same rules (after an owner edit, say).
 * `identities` is still the whole inventory: the identity inherits its groups' grants.
 *
 * @example
 * const findings = evaluateIdentity({ identity, identities, policies, config, now: new Date() });
 */
export function evaluateIdentity(input: PostureInput & { identity: Identity }): Finding[] {
  // The identity as given wins over an older copy of it in the inventory (the state before an edit).
  const { identity } = input;
  const identities = input.identities.map((other) => (other.id === identity.id ? identity : other));
  const context = contextFor(input, createAccessResolver(identities, input.policies));
  return evaluateWith(identity, context).sort(compareFindings);
}

function contextFor(input: PostureInput, access: AccessResolver): RuleContext {
  const exposures = input.exposures;
  return { config: input.config, now: input.now, access, exposuresOf: (id) => exposures?.get(id) ?? [] };
}

function evaluateWith(identity: Identity, context: RuleContext): Finding[] {
  const floor = severityRank(context.config.minSeverity);
  return POSTURE_RULES.flatMap((rule) => rule.evaluate(identity, context)).filter(
    (finding) => severityRank(finding.severity) <= floor,
  );
}
