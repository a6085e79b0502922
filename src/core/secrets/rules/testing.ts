/**
 * Helpers for the rule tests: run one rule over a text the way the scanner does (pattern,
 * then entropy and structure checks) with a regular-expression engine the test supplies, so
 * that the same examples run under RE2 and JavaScript alike. Test support only; it throws
 * plain errors instead of calling vitest, so the build can compile it with the rules.
 */
import type { IdentityHint, SecretRule } from '../secret-rule.js';
import { passesRuleChecks } from './catalog.js';

/** The part of a compiled global regular expression the helpers use (RE2 and `RegExp` both have it). */
export interface GlobalPattern {
  lastIndex: number;
  exec(text: string): RegExpExecArray | null;
}

/** Compiles a rule's pattern with the given flags (`g`, plus `i` for case-insensitive rules). */
export type CompilePattern = (pattern: string, flags: string) => GlobalPattern;

/** Compiles with JavaScript's own engine: fine for short trusted examples, never for scanning. */
export const compileWithRegExp: CompilePattern = (pattern, flags) => new RegExp(pattern, flags);

/** One match of a rule: where it is, what it captured, and whether the rule's checks kept it. */
export interface RuleHit {
  index: number;
  match: string;
  secret: string;
  groups: readonly (string | undefined)[];
  accepted: boolean;
}

/** Every match of `rule` in `text`, accepted or not, in order. */
export function ruleHits(rule: SecretRule, text: string, compile: CompilePattern): RuleHit[] {
  const regex = compile(rule.pattern, rule.caseInsensitive ? 'gi' : 'g');
  const hits: RuleHit[] = [];
  for (let found = regex.exec(text); found !== null; found = regex.exec(text)) {
    if (found[0].length === 0) regex.lastIndex += 1;
    const secret = found[rule.secretGroup];
    if (secret === undefined) continue;
    hits.push({
      index: found.index,
      match: found[0],
      secret,
      groups: Array.from(found),
      accepted: passesRuleChecks(rule, secret),
    });
  }
  return hits;
}

/** The secrets `rule` reports in `text` (matches its checks keep). */
export function secretsFound(rule: SecretRule, text: string, compile: CompilePattern = compileWithRegExp): string[] {
  return ruleHits(rule, text, compile)
    .filter((hit) => hit.accepted)
    .map((hit) => hit.secret);
}

/**
 * Checks that each of `rule`'s positive examples yields exactly one secret, the one expected at
 * the same position in `expected`; throws naming the rule and example otherwise.
 *
 * @example expectSecrets(rule, ['AKIA…'], compileWithRegExp)
 */
export function expectSecrets(rule: SecretRule, expected: readonly string[], compile: CompilePattern): void {
  const { positive } = rule.examples;
  if (positive.length !== expected.length) {
    throw new Error(`${rule.id}: ${positive.length} positive examples but ${expected.length} expected secrets`);
  }
  positive.forEach((example, i) => {
    const found = secretsFound(rule, example, compile);
    if (found.length !== 1 || found[0] !== expected[i]) {
      throw new Error(
        `${rule.id}: positive example ${i} yields ${found.length} secret(s) ${JSON.stringify(found)}, expected ${JSON.stringify(expected[i])}`,
      );
    }
  });
}

/** The rule with this id in `rules`; throws when there is none (a typo in a test). */
export function ruleIn(rules: readonly SecretRule[], id: string): SecretRule {
  const found = rules.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no rule ${id}`);
  return found;
}

/** The accepted secrets of each positive example of `rule`, in order (one list per example). */
export function positiveSecrets(rule: SecretRule, compile: CompilePattern): string[][] {
  return rule.examples.positive.map((example) => secretsFound(rule, example, compile));
}

/**
 * What `rule.identify` says about the first accepted match in its positive example `index`
 * (`null` when the rule has no `identify`); throws when that example finds nothing.
 */
export function hintOf(rule: SecretRule, index: number, compile: CompilePattern): IdentityHint | null {
  const hit = ruleHits(rule, rule.examples.positive[index] ?? '', compile).find((h) => h.accepted);
  if (hit === undefined) throw new Error(`${rule.id}: positive example ${index} finds nothing`);
  return rule.identify?.(hit.secret, hit.groups) ?? null;
}
