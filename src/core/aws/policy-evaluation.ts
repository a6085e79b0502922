/**
 * AWS's policy evaluation logic for one principal in its own account, as far as the inventory
 * can know it: identity-based policies (its own, managed and inline, and those of its groups),
 * an explicit `Deny` over any `Allow`, `Action`/`NotAction`, `Resource`/`NotResource`,
 * wildcards, and a permissions boundary, which must allow too.
 *
 * Conditions are evaluated where the request says enough (a known key, a supported operator);
 * the rest are assumed in the direction that widens access, and each assumption is returned
 * with the decision so that the output can say it: an `Allow` whose condition is unknown is
 * taken to apply, a `Deny` whose condition is unknown is taken not to. Blast radius is then
 * never understated, and never overstated in silence.
 *
 * Not modelled (and so never reported as a denial): service control policies, resource-based
 * policies, session policies, and the resource's own account when it is another one.
 */
import type { PolicyStatementJson } from './policy-document.js';
import { toList } from './policy-document.js';
import { matchesAction, matchesResource, matchesWildcard } from './wildcard.js';

/** One policy as it bears on a principal: a name for the evidence, and its statements. */
export interface PolicySet {
  /** Says which policy and how it is held: `managed policy AdministratorAccess (via group admins)`. */
  label: string;
  statements: readonly PolicyStatementJson[];
}

/** What decides a principal's requests. */
export interface PrincipalPolicies {
  /** Identity-based policies: its own and its groups'. */
  identity: readonly PolicySet[];
  /** Its permissions boundary, or `null` when it has none. */
  boundary: PolicySet | null;
}

/** A request to decide. Condition keys are compared as IAM compares them (key names ignore case). */
export interface AccessRequest {
  action: string;
  resource: string;
  /** Values of the condition keys the caller knows, such as `iam:PassedToService`. */
  context?: Readonly<Record<string, readonly string[]>>;
}

/** A statement that decided, for evidence. */
export interface StatementRef {
  policy: string;
  /** 0-based position in the policy. */
  index: number;
  sid: string | undefined;
}

export interface Decision {
  allowed: boolean;
  /** `true` when a `Deny` statement decided (not merely the absence of an `Allow`). */
  explicitDeny: boolean;
  /** The statement that allowed or denied; `null` for an implicit deny. */
  decidedBy: StatementRef | null;
  /** Conditions taken on trust, in words: what must hold for the decision to stand. */
  assumptions: string[];
}

type Truth = 'true' | 'false' | 'unknown';

/**
 * Decides `request` for a principal with `policies`.
 *
 * @example
 * evaluate(
 *   { identity: [{ label: 'inline policy s3', statements: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }], boundary: null },
 *   { action: 's3:GetObject', resource: 'arn:aws:s3:::payroll/2024.csv' },
 * ) // { allowed: true, explicitDeny: false, decidedBy: { policy: 'inline policy s3', index: 0, sid: undefined }, assumptions: [] }
 */
export function evaluate(policies: PrincipalPolicies, request: AccessRequest): Decision {
  const sets = policies.boundary === null ? policies.identity : [...policies.identity, policies.boundary];
  const assumptions: string[] = [];
  // 1. An explicit Deny anywhere (identity policies or boundary) decides.
  for (const set of sets) {
    for (const [index, statement] of set.statements.entries()) {
      if (statement.Effect !== 'Deny' || !applies(statement, request)) continue;
      const truth = conditionsHold(statement, request);
      const ref = { policy: set.label, index, sid: statement.Sid };
      if (truth.value === 'true') return { allowed: false, explicitDeny: true, decidedBy: ref, assumptions };
      if (truth.value === 'unknown') {
        assumptions.push(`${describeRef(ref)} denies it unless ${truth.unknown.join(' and ')}: assumed not to apply`);
      }
    }
  }
  // 2. An Allow in the identity policies.
  const allowed = firstAllow(policies.identity, request);
  if (allowed === null) return { allowed: false, explicitDeny: false, decidedBy: null, assumptions };
  // 3. The boundary must allow it too.
  if (policies.boundary !== null) {
    const bounded = firstAllow([policies.boundary], request);
    if (bounded === null) return { allowed: false, explicitDeny: false, decidedBy: null, assumptions };
    assumptions.push(...bounded.assumptions);
  }
  assumptions.push(...allowed.assumptions);
  return { allowed: true, explicitDeny: false, decidedBy: allowed.ref, assumptions };
}

function firstAllow(
  sets: readonly PolicySet[],
  request: AccessRequest,
): { ref: StatementRef; assumptions: string[] } | null {
  let assumed: { ref: StatementRef; assumptions: string[] } | null = null;
  for (const set of sets) {
    for (const [index, statement] of set.statements.entries()) {
      if (statement.Effect !== 'Allow' || !applies(statement, request)) continue;
      const truth = conditionsHold(statement, request);
      const ref = { policy: set.label, index, sid: statement.Sid };
      // An unconditional Allow is the best evidence; one on assumed conditions is kept in case none is found.
      if (truth.value === 'true') return { ref, assumptions: [] };
      if (truth.value === 'unknown' && assumed === null) {
        assumed = {
          ref,
          assumptions: [`${describeRef(ref)} allows it if ${truth.unknown.join(' and ')}: assumed to hold`],
        };
      }
    }
  }
  return assumed;
}

/** Whether the statement's actions and resources cover the request (conditions aside). */
export function applies(statement: PolicyStatementJson, request: AccessRequest): boolean {
  const actions = toList(statement.Action);
  const notActions = toList(statement.NotAction);
  const actionMatches =
    actions !== undefined
      ? actions.some((pattern) => matchesAction(pattern, request.action))
      : notActions !== undefined && !notActions.some((pattern) => matchesAction(pattern, request.action));
  if (!actionMatches) return false;
  const resources = toList(statement.Resource);
  const notResources = toList(statement.NotResource);
  if (resources !== undefined) return resources.some((pattern) => matchesResource(pattern, request.resource));
  if (notResources !== undefined) return !notResources.some((pattern) => matchesResource(pattern, request.resource));
  // An identity policy statement without a resource is not valid IAM: it grants nothing.
  return false;
}

/** Says which statement: `inline policy deploy, statement "AllowPass"` or `…, statement 2`. */
export function describeRef(ref: StatementRef): string {
  return `${ref.policy}, statement ${ref.sid !== undefined && ref.sid !== '' ? `"${ref.sid}"` : ref.index + 1}`;
}

// ─── Conditions ──────────────────────────────────────────────────────────────────────────

/**
 * Whether every condition of the statement holds for the request: `true`, `false`, or
 * `unknown` with the conditions that could not be decided, in words.
 */
export function conditionsHold(
  statement: PolicyStatementJson,
  request: AccessRequest,
): { value: Truth; unknown: string[] } {
  const condition = statement.Condition;
  if (condition === undefined) return { value: 'true', unknown: [] };
  const unknown: string[] = [];
  for (const [operator, keys] of Object.entries(condition)) {
    for (const [key, expected] of Object.entries(keys)) {
      const truth = conditionHolds(operator, key, valuesOf(expected), request.context);
      if (truth === 'false') return { value: 'false', unknown: [] };
      if (truth === 'unknown') unknown.push(`${operator} ${key} ${JSON.stringify(expected)}`);
    }
  }
  return unknown.length === 0 ? { value: 'true', unknown } : { value: 'unknown', unknown };
}

function valuesOf(expected: unknown): string[] | null {
  if (typeof expected === 'string' || typeof expected === 'boolean' || typeof expected === 'number') {
    return [String(expected)];
  }
  if (Array.isArray(expected) && expected.every((v) => ['string', 'boolean', 'number'].includes(typeof v))) {
    return expected.map(String);
  }
  return null;
}

const STRING_OPERATORS: Record<string, { like: boolean; ignoreCase: boolean; negated: boolean }> = {
  StringEquals: { like: false, ignoreCase: false, negated: false },
  StringNotEquals: { like: false, ignoreCase: false, negated: true },
  StringEqualsIgnoreCase: { like: false, ignoreCase: true, negated: false },
  StringNotEqualsIgnoreCase: { like: false, ignoreCase: true, negated: true },
  StringLike: { like: true, ignoreCase: false, negated: false },
  StringNotLike: { like: true, ignoreCase: false, negated: true },
  ArnEquals: { like: true, ignoreCase: false, negated: false },
  ArnLike: { like: true, ignoreCase: false, negated: false },
  ArnNotEquals: { like: true, ignoreCase: false, negated: true },
  ArnNotLike: { like: true, ignoreCase: false, negated: true },
  Bool: { like: false, ignoreCase: true, negated: false },
};

/**
 * One operator on one key. The operator may carry `ForAnyValue:`/`ForAllValues:` before it and
 * `IfExists` after it; an operator Vigil does not evaluate, or a key the request does not know,
 * is `unknown`.
 */
function conditionHolds(
  rawOperator: string,
  rawKey: string,
  expected: string[] | null,
  context: AccessRequest['context'],
): Truth {
  if (expected === null) return 'unknown';
  let operator = rawOperator;
  let quantifier: 'any' | 'all' | null = null;
  if (operator.startsWith('ForAnyValue:')) {
    quantifier = 'any';
    operator = operator.slice('ForAnyValue:'.length);
  } else if (operator.startsWith('ForAllValues:')) {
    quantifier = 'all';
    operator = operator.slice('ForAllValues:'.length);
  }
  const ifExists = operator.endsWith('IfExists');
  if (ifExists) operator = operator.slice(0, -'IfExists'.length);
  const actual = lookup(context, rawKey);
  if (operator === 'Null') {
    if (actual === undefined) return 'unknown';
    const wantsAbsent = expected.some((value) => value.toLowerCase() === 'true');
    return (actual.length === 0) === wantsAbsent ? 'true' : 'false';
  }
  const spec = STRING_OPERATORS[operator];
  if (spec === undefined) return 'unknown';
  if (actual === undefined) return 'unknown';
  if (actual.length === 0) {
    // A key known to be absent: IfExists holds; ForAllValues holds vacuously; others fail.
    if (ifExists || quantifier === 'all') return 'true';
    return spec.negated && quantifier === null ? 'true' : 'false';
  }
  const one = (value: string): boolean => {
    const hit = expected.some((pattern) =>
      spec.like ? matchesWildcard(pattern, value, spec.ignoreCase) : equal(pattern, value, spec.ignoreCase),
    );
    return spec.negated ? !hit : hit;
  };
  if (quantifier === 'all') return actual.every(one) ? 'true' : 'false';
  if (quantifier === 'any') return actual.some(one) ? 'true' : 'false';
  // Single-valued use: every value the key has must pass (a single-valued key has one).
  return actual.every(one) ? 'true' : 'false';
}

function equal(a: string, b: string, ignoreCase: boolean): boolean {
  return ignoreCase ? a.toLowerCase() === b.toLowerCase() : a === b;
}

function lookup(context: AccessRequest['context'], key: string): readonly string[] | undefined {
  if (context === undefined) return undefined;
  const direct = context[key];
  if (direct !== undefined) return direct;
  const lower = key.toLowerCase();
  for (const [name, values] of Object.entries(context)) if (name.toLowerCase() === lower) return values;
  return undefined;
}
