import RE2 from 're2';
import { describe, expect, it } from 'vitest';
import { CredentialTypeSchema, IdentityKindSchema } from '../../inventory/identity.js';
import { SeveritySchema } from '../../posture/finding.js';
import { isPlaceholder } from '../placeholders.js';
import type { SecretRule } from '../secret-rule.js';
import { passesRuleChecks, ruleById, SECRET_RULE_FAMILIES, SECRET_RULES } from './catalog.js';
import { type CompilePattern, compileWithRegExp, ruleHits } from './testing.js';

const compileWithRe2: CompilePattern = (pattern, flags) => new RE2(pattern, flags);

const each = SECRET_RULES.map((rule) => [rule.id, rule] as const);

describe('the catalogue', () => {
  it('has at least 80 rules', () => {
    expect(SECRET_RULES.length).toBeGreaterThanOrEqual(80);
  });

  it('gives every rule its own id', () => {
    const ids = SECRET_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('finds each rule by id', () => {
    for (const rule of SECRET_RULES) expect(ruleById(rule.id)).toBe(rule);
    expect(ruleById('no-such-rule')).toBeUndefined();
  });

  it('lists each rule in exactly one family', () => {
    const counted = SECRET_RULE_FAMILIES.reduce((sum, family) => sum + family.rules.length, 0);
    expect(counted).toBe(SECRET_RULES.length);
  });

  it('compiles every pattern into one RE2.Set, as the scanner does', () => {
    const set = new RE2.Set(SECRET_RULES.map((rule) => (rule.caseInsensitive ? `(?i:${rule.pattern})` : rule.pattern)));
    expect(set.size).toBe(SECRET_RULES.length);
  });

  it('lets the RE2.Set pre-filter pass every positive example to its own rule', () => {
    const set = new RE2.Set(SECRET_RULES.map((rule) => (rule.caseInsensitive ? `(?i:${rule.pattern})` : rule.pattern)));
    SECRET_RULES.forEach((rule, index) => {
      for (const example of rule.examples.positive) {
        expect(set.match(example), `${rule.id}: ${example.slice(0, 60)}`).toContain(index);
      }
    });
  });
});

describe.each(each)('rule %s', (_id, rule: SecretRule) => {
  const flags = rule.caseInsensitive ? 'gi' : 'g';

  it('is well described', () => {
    expect(rule.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(rule.provider).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(rule.name.length).toBeGreaterThan(3);
    expect(rule.description).toMatch(/^[A-Z].{20,}\.$/s);
    expect(IdentityKindSchema.safeParse(rule.identityKind).success).toBe(true);
    expect(CredentialTypeSchema.safeParse(rule.credentialType).success).toBe(true);
    expect(SeveritySchema.safeParse(rule.severity).success).toBe(true);
    expect(rule.keywords.length).toBeGreaterThan(0);
    for (const keyword of rule.keywords) expect(keyword).toBe(keyword.toLowerCase());
  });

  it('compiles with RE2 and with JavaScript', () => {
    expect(() => new RE2(rule.pattern, flags)).not.toThrow();
    expect(() => new RegExp(rule.pattern, flags)).not.toThrow();
  });

  it('uses no look-around, back-reference or inline flag', () => {
    expect(rule.pattern).not.toMatch(/\(\?[=!<]|\\[1-9]|\\k<|\(\?[a-z]/);
  });

  it('captures the secret in a group the pattern has', () => {
    const groups = new RegExp(`${rule.pattern}|`).exec('')?.length ?? 0;
    expect(rule.secretGroup).toBeLessThan(groups);
  });

  it('has positive and negative examples', () => {
    expect(rule.examples.positive.length).toBeGreaterThanOrEqual(1);
    expect(rule.examples.negative.length).toBeGreaterThanOrEqual(1);
  });

  it('finds exactly one secret in each positive example, the same with RE2 and JavaScript', () => {
    for (const example of rule.examples.positive) {
      const withRe2 = ruleHits(rule, example, compileWithRe2);
      const withJs = ruleHits(rule, example, compileWithRegExp);
      expect(withRe2, example).toEqual(withJs);
      const accepted = withRe2.filter((hit) => hit.accepted);
      expect(accepted, `${rule.id}: ${example}`).toHaveLength(1);
    }
  });

  it('names a keyword in every match of a positive example', () => {
    for (const example of rule.examples.positive) {
      for (const hit of ruleHits(rule, example, compileWithRe2)) {
        const text = hit.match.toLowerCase();
        expect(
          rule.keywords.some((keyword) => text.includes(keyword)),
          `${rule.id}: ${hit.match}`,
        ).toBe(true);
      }
    }
  });

  it('finds secrets that are not placeholders', () => {
    for (const example of rule.examples.positive) {
      for (const hit of ruleHits(rule, example, compileWithRe2).filter((h) => h.accepted)) {
        expect(isPlaceholder(hit.secret), `${rule.id}: ${hit.secret}`).toBe(false);
        expect(passesRuleChecks(rule, hit.secret)).toBe(true);
      }
    }
  });

  it('reports nothing in its negative examples, with RE2 or JavaScript', () => {
    for (const example of rule.examples.negative) {
      const withRe2 = ruleHits(rule, example, compileWithRe2);
      expect(withRe2, example).toEqual(ruleHits(rule, example, compileWithRegExp));
      expect(
        withRe2.filter((hit) => hit.accepted).map((hit) => hit.secret),
        `${rule.id}: ${example}`,
      ).toEqual([]);
    }
  });
});

/** One megabyte of `unit`, repeated (and cut to size). */
function megabyte(unit: string): string {
  return unit.repeat(Math.ceil(1_048_576 / unit.length)).slice(0, 1_048_576);
}

const BASE64_RUN = 'QWxhZGRpbjpvcGVuIHNlc2FtZQ+/0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Lines built to make a backtracking engine go quadratic or worse on this rule. */
function adversarialLines(rule: SecretRule): Array<[string, string]> {
  const keyword = rule.keywords[0] ?? 'a';
  const near = rule.examples.positive[0] ?? keyword;
  return [
    ['repeated keyword', megabyte(keyword)],
    ['keyword then an endless token', `${keyword}${megabyte('a')}`],
    ['keyword = then endless base64', `${keyword} = "${megabyte(BASE64_RUN)}`],
    ['runs of a=', megabyte('a=')],
    ['base64 without a terminator', megabyte(BASE64_RUN)],
    ['near misses', megabyte(near.slice(0, Math.max(1, near.length - 1)))],
    ['PEM headers without an end', megabyte('-----BEGIN RSA PRIVATE KEY-----\nMIIE')],
  ];
}

describe('linear time on adversarial input (RE2)', () => {
  it.each(each)('%s scans each 1 MB adversarial line in under 500 ms', (_id, rule: SecretRule) => {
    const regex = new RE2(rule.pattern, rule.caseInsensitive ? 'gi' : 'g');
    for (const [label, line] of adversarialLines(rule)) {
      // A Buffer spares RE2 re-encoding the string on every call to exec.
      const input = Buffer.from(line, 'utf8');
      const start = performance.now();
      regex.lastIndex = 0;
      let matches = 0;
      for (let found = regex.exec(input); found !== null; found = regex.exec(input)) {
        matches += 1;
        if (found[0].length === 0) regex.lastIndex += 1;
      }
      const elapsed = performance.now() - start;
      expect(elapsed, `${rule.id} on ${label} (${matches} matches)`).toBeLessThan(500);
    }
  });
});
