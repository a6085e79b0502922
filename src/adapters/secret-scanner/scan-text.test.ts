import { describe, expect, it } from 'vitest';
import { isVigilError } from '../../core/errors.js';
import { secretFingerprint } from '../../core/secrets/fingerprint.js';
import type { SecretFinding } from '../../core/secrets/secret-finding.js';
import type { SecretRule } from '../../core/secrets/secret-rule.js';
import { compileRules } from './compile-rules.js';
import { TEST_RULES } from './fixtures/test-rules.js';
import { ChunkScanner } from './read-chunks.js';

const TOKEN = 'tok_Ab3dE5gH7jK9mN1pQ3sT5vW7';
const TOKEN_2 = 'tok_Zq8rT2yU4iO6pA1sD3fG5hJ7';
const KEY_ID = 'AKTEST1234567890ABCD';
const PASSWORD = 'Hq7#vX2mK9pL4wZ';

function scan(text: string | Buffer, rules: readonly SecretRule[] = TEST_RULES): SecretFinding[] {
  const findings: SecretFinding[] = [];
  const scanner = new ChunkScanner(compileRules(rules));
  scanner.start({ path: 'file.txt' }, (finding) => findings.push(finding));
  scanner.write(typeof text === 'string' ? Buffer.from(text) : text);
  scanner.end();
  return findings;
}

function rule(overrides: Partial<SecretRule>): SecretRule {
  const first = TEST_RULES[0];
  if (first === undefined) throw new Error('no test rules');
  return { ...first, ...overrides };
}

describe('scan-text: matching', () => {
  it('finds a secret with its 1-based line and column, and the column after its end', () => {
    const [finding] = scan(`first line\n  token = "${TOKEN}"\n`);
    expect(finding?.ruleId).toBe('test-token');
    expect(finding?.location).toEqual({ path: 'file.txt', line: 2, column: 12, endLine: 2, endColumn: 40 });
  });

  it('finds every match of a rule, several on one line', () => {
    const findings = scan(`${TOKEN} ${TOKEN_2}\n`);
    expect(findings.map((finding) => finding.location.column)).toEqual([1, 30]);
  });

  it('counts columns in UTF-16 code units after non-ASCII text', () => {
    // é is one code unit (two UTF-8 bytes), 😀 two (four bytes).
    const [finding] = scan(`é😀 ${TOKEN}`);
    expect(finding?.location.column).toBe(5);
  });

  it('reports the secret group, not the whole match', () => {
    const [finding] = scan(`db_password = "${PASSWORD}"`);
    expect(finding?.ruleId).toBe('test-generic-password');
    expect(finding?.location.column).toBe(16);
    expect(finding?.location.endColumn).toBe(16 + PASSWORD.length);
  });

  it('finds a multi-line PEM block, from its first line to its last', () => {
    const pem = [
      '-----BEGIN TEST PRIVATE KEY-----',
      'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=',
      'YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo=',
      '-----END TEST PRIVATE KEY-----',
    ].join('\n');
    const [finding] = scan(`config:\n${pem}\nrest\n`);
    expect(finding?.ruleId).toBe('test-private-key');
    expect(finding?.location).toMatchObject({ line: 2, column: 1, endLine: 5, endColumn: 31 });
  });

  it('keeps the specific rule when a generic rule matches the same text', () => {
    const findings = scan(`password = ${TOKEN}\n`);
    expect(findings.map((finding) => finding.ruleId)).toEqual(['test-token']);
  });

  it('tells the identity the secret belongs to', () => {
    const [finding] = scan(`id: ${KEY_ID}`);
    expect(finding?.identityHint).toEqual({ type: 'aws-access-key-id', accessKeyId: KEY_ID });
  });

  it('gives the fingerprint of rule and secret, and a redacted form only', () => {
    const findings = scan(`password = ${PASSWORD}\n${TOKEN}\n`);
    expect(findings[1]?.fingerprint).toBe(secretFingerprint('test-token', TOKEN));
    expect(findings[1]?.redacted).toBe('tok_…5vW7');
    const serialised = JSON.stringify(findings);
    expect(serialised).not.toContain(TOKEN);
    expect(serialised).not.toContain(PASSWORD);
  });

  it('scans text after invalid UTF-8, counting a bad byte as one replacement character', () => {
    const bytes = Buffer.concat([Buffer.from('a'), Buffer.from([0xff, 0xfe]), Buffer.from(` ${TOKEN}\n`)]);
    const [finding] = scan(bytes);
    expect(finding?.location.column).toBe(5);
  });

  it('finds secrets on CRLF lines with the same columns', () => {
    const [finding] = scan(`x\r\n  ${TOKEN}\r\n`);
    expect(finding?.location).toMatchObject({ line: 2, column: 3 });
  });
});

describe('scan-text: pre-filters', () => {
  it('runs a rule only where one of its keywords occurs, in any case', () => {
    const keyed = rule({ id: 'test-keyed', pattern: 'zz[0-9]{8}', keywords: ['zz'], minEntropy: 0 });
    const elsewhere = rule({ id: 'test-elsewhere', pattern: 'qq[0-9]{8}', keywords: ['nowhere'], minEntropy: 0 });
    expect(scan('zz31415926 qq27182818', [keyed, elsewhere]).map((finding) => finding.ruleId)).toEqual(['test-keyed']);
    const upper = rule({ id: 'test-upper', pattern: 'ZZ[0-9]{8}', keywords: ['zz'], minEntropy: 0 });
    expect(scan('ZZ31415926', [upper])).toHaveLength(1);
  });

  it('runs a rule without keywords on every chunk', () => {
    const open = rule({ id: 'test-open', pattern: 'qq[0-9]{8}', keywords: [], minEntropy: 0 });
    expect(scan('qq27182818', [open])).toHaveLength(1);
  });

  it('finds every rule of a large set, across several pattern groups', () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      rule({ id: `test-many-${i}`, pattern: `k${i}x_[0-9]{8}`, keywords: [`k${i}x_`], minEntropy: 0 }),
    );
    const text = many.map((_, i) => `v = k${i}x_${String(31415926 + i)}`).join('\n');
    expect(scan(text, many).map((finding) => finding.ruleId)).toEqual(many.map((each) => each.id));
  });

  it('tells apart the rules of one group whose keywords occur but whose patterns do not all match', () => {
    const a = rule({ id: 'test-a', pattern: 'aa_[0-9]{8}', keywords: ['aa_'], minEntropy: 0 });
    const b = rule({ id: 'test-b', pattern: 'bb_[0-9]{8}', keywords: ['bb_'], minEntropy: 0 });
    expect(scan('aa_31415926 bb_short', [a, b]).map((finding) => finding.ruleId)).toEqual(['test-a']);
  });
});

describe('scan-text: rejections', () => {
  it('drops a match below the rule minimum entropy', () => {
    expect(scan('tok_aaaaaaaaaaaaaaaaaaaaaaaa')).toEqual([]);
  });

  it('drops a match its rule does not verify', () => {
    expect(scan('AKTEST123456789A0000')).toEqual([]);
  });

  it('drops a template placeholder', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text under test is a shell-style template.
    expect(scan('password = "${DB_PASSWORD}"')).toEqual([]);
  });

  it('drops a placeholder word', () => {
    expect(scan('password: changeme-please')).toEqual([]);
  });

  it('drops a known documentation example even with a real prefix', () => {
    const rules = [rule({ id: 'test-akia', pattern: 'AKIA[0-9A-Z]{16}', keywords: ['akia'], minEntropy: 0 })];
    expect(scan('aws = AKIAIOSFODNN7EXAMPLE', rules)).toEqual([]);
  });

  it('does not let a generic rule report what a specific rule rejected', () => {
    expect(scan('password = tok_aaaaaaaaaaaaaaaaaaaaaaaa')).toEqual([]);
  });

  it('drops a match when the rule verify throws, and goes on', () => {
    const throwing = rule({
      verify: () => {
        throw new Error('bug');
      },
    });
    const other = rule({ id: 'test-key-id-2', pattern: 'AKTEST[0-9A-Z]{14}', keywords: ['aktest'], minEntropy: 0 });
    expect(scan(`${TOKEN} ${KEY_ID}`, [throwing, other]).map((finding) => finding.ruleId)).toEqual(['test-key-id-2']);
  });

  it('still reports a secret when identify throws', () => {
    const broken = rule({
      identify: () => {
        throw new Error('bug');
      },
    });
    expect(scan(TOKEN, [broken])[0]?.identityHint).toBeNull();
  });
});

describe('scan-text: inline allow comments', () => {
  it('drops every finding on a line with vigil:allow', () => {
    expect(scan(`key = ${TOKEN} # vigil:allow test fixture\n`)).toEqual([]);
  });

  it('drops only the named rule with vigil:allow=rule-id', () => {
    const text = `a = ${TOKEN} // vigil:allow=test-token\nb = ${KEY_ID} // vigil:allow=test-token\n`;
    expect(scan(text).map((finding) => finding.ruleId)).toEqual(['test-key-id']);
  });

  it('keeps a finding whose line allows another rule only', () => {
    expect(scan(`a = ${TOKEN} // vigil:allow=test-key-id\n`)).toHaveLength(1);
  });

  it('keeps a finding when the allow comment is on another line', () => {
    expect(scan(`# vigil:allow\na = ${TOKEN}\n`)).toHaveLength(1);
  });

  it('allows a multi-line key block from its first line', () => {
    const pem = '-----BEGIN TEST PRIVATE KEY----- # vigil:allow\nQUJD\nREVG\n-----END TEST PRIVATE KEY-----';
    expect(scan(pem)).toEqual([]);
  });

  it('does not take vigil:allowed for the marker', () => {
    expect(scan(`a = ${TOKEN} # vigil:allowed\n`)).toHaveLength(1);
  });
});

describe('compile-rules: rejections', () => {
  it('rejects a pattern RE2 cannot compile, naming the rule', () => {
    try {
      compileRules([rule({ id: 'bad-lookahead', pattern: 'a(?=b)' })]);
      expect.unreachable();
    } catch (error) {
      expect(isVigilError(error) && error.code).toBe('CONFIG_INVALID');
      expect((error as Error).message).toContain('bad-lookahead');
    }
  });

  it('rejects a rule id used twice', () => {
    expect(() => compileRules([rule({}), rule({})])).toThrow(/used twice/);
  });

  it('compiles an empty rule set that finds nothing', () => {
    expect(scan(TOKEN, [])).toEqual([]);
  });
});
