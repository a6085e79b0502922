import { describe, expect, it } from 'vitest';
import type { SecretFinding } from '../../core/secrets/secret-finding.js';
import { compileRules } from './compile-rules.js';
import { TEST_RULES } from './fixtures/test-rules.js';
import { findJoinedLiterals } from './joined-literals.js';
import { ChunkScanner } from './read-chunks.js';

const TOKEN = 'tok_Ab3dE5gH7jK9mN1pQ3sT5vW7';
const compiled = compileRules(TEST_RULES);

function scan(text: string): SecretFinding[] {
  const findings: SecretFinding[] = [];
  const scanner = new ChunkScanner(compiled);
  scanner.start({ path: 'keys.ts' }, (finding) => findings.push(finding));
  scanner.write(Buffer.from(text));
  scanner.end();
  return findings;
}

function pieces(text: string): string[][] {
  const bytes = Buffer.from(text);
  return findJoinedLiterals(bytes).map((run) => run.map((piece) => bytes.toString('utf8', piece.start, piece.end)));
}

describe('findJoinedLiterals', () => {
  it('finds literals joined with + at the end or the start of a line, and adjacent ones', () => {
    expect(pieces(`const k =\n  'abc' +\n  'def' +\n  'ghi';\n`)).toEqual([['abc', 'def', 'ghi']]);
    expect(pieces(`String k = "abc"\n    + "def";\n`)).toEqual([['abc', 'def']]);
    expect(pieces(`KEY = (\n    "abc"\n    "def"\n)\n`)).toEqual([['abc', 'def']]);
  });

  it('does not join literals with other quotes, with something between, or not at the line ends', () => {
    expect(pieces(`a = 'abc' +\n  "def";\n`)).toEqual([]);
    expect(pieces(`list = ['abc',\n  'def'];\n`)).toEqual([]);
    expect(pieces(`f('abc') +\n  'def';\n`)).toEqual([]);
    expect(pieces(`a = 'abc'; b = 'x' + \n  y + 'def';\n`)).toEqual([]);
  });

  it('keeps separate runs apart', () => {
    expect(pieces(`a = 'ab' +\n 'cd';\nb = 'ef' +\n 'gh';\n`)).toEqual([
      ['ab', 'cd'],
      ['ef', 'gh'],
    ]);
  });
});

describe('scanning joined literals', () => {
  it('finds a token split over literals, from its first character to its last, marked split', () => {
    const text = `export const KEY =\n  '${TOKEN.slice(0, 12)}' +\n  '${TOKEN.slice(12)}';\n`;
    expect(scan(`x = '${TOKEN.slice(0, 12)}'\n`)).toEqual([]);
    const [finding, ...rest] = scan(text);
    expect(rest).toEqual([]);
    expect(finding?.ruleId).toBe('test-token');
    expect(finding?.encoding).toBe('split');
    expect(finding?.location).toMatchObject({ line: 2, column: 4, endLine: 3, endColumn: 4 + TOKEN.length - 12 });
    // One fingerprint for the secret, split or not.
    expect(finding?.fingerprint).toBe(scan(`k = '${TOKEN}'\n`)[0]?.fingerprint);
  });

  it('joins Python-style adjacent literals, three pieces', () => {
    const text = `KEY = (\n    "${TOKEN.slice(0, 8)}"\n    "${TOKEN.slice(8, 18)}"\n    "${TOKEN.slice(18)}"\n)\n`;
    expect(scan(text).map((finding) => [finding.ruleId, finding.location.line, finding.location.endLine])).toEqual([
      ['test-token', 2, 4],
    ]);
  });

  it('reports a token whole inside one literal once, as the plain scan does', () => {
    const text = `const a =\n  '${TOKEN}' +\n  'tail text';\n`;
    const findings = scan(text);
    expect(findings.map((finding) => [finding.ruleId, finding.encoding])).toEqual([['test-token', undefined]]);
  });

  it('lets no generic rule join unrelated strings into a password', () => {
    const text = `msg = 'password: ' +\n  'Hq7#vX2mK9pL4wZ';\n`;
    expect(scan(text).filter((finding) => finding.encoding === 'split')).toEqual([]);
  });
});

describe('allowing a split secret', () => {
  it('honours vigil:allow on a line the secret spans', () => {
    const text = `const KEY =\n  '${TOKEN.slice(0, 12)}' +\n  '${TOKEN.slice(12)}'; // vigil:allow test fixture\n`;
    expect(scan(text)).toEqual([]);
    expect(scan(text.replace(' // vigil:allow test fixture', ''))).toHaveLength(1);
  });
});
