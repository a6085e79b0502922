import { describe, expect, it } from 'vitest';
import type { SecretFinding } from '../../core/secrets/secret-finding.js';
import type { SecretRule } from '../../core/secrets/secret-rule.js';
import { compileRules } from './compile-rules.js';
import { TEST_RULES } from './fixtures/test-rules.js';
import { ChunkScanner, type ChunkSizes } from './read-chunks.js';

const TOKEN = 'tok_Ab3dE5gH7jK9mN1pQ3sT5vW7';
const PASSWORD = 'Hq7#vX2mK9pL4wZ';
/** Small chunks put many borders in a short text. */
const SMALL: ChunkSizes = { chunkSize: 1024, overlap: 128 };
const compiled = compileRules(TEST_RULES);

function compiledRule(): SecretRule {
  const first = TEST_RULES[0];
  if (first === undefined) throw new Error('no test rules');
  return first;
}

function scan(text: string | Buffer, sizes: ChunkSizes = SMALL, pieceSize = 997): SecretFinding[] {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const findings: SecretFinding[] = [];
  const scanner = new ChunkScanner(compiled, sizes);
  scanner.start({ path: 'big.txt' }, (finding) => findings.push(finding));
  for (let at = 0; at < bytes.length; at += pieceSize) scanner.write(bytes.subarray(at, at + pieceSize));
  scanner.end();
  return findings;
}

describe('read-chunks: chunk borders', () => {
  it('finds a secret at every offset around the first border, once, in one long line', () => {
    // No separator anywhere: the border falls wherever the overlap puts it, even inside the token.
    for (let offset = 700; offset < 1000; offset++) {
      const text = `${'q'.repeat(offset)}${TOKEN}${'q'.repeat(3000)}`;
      const findings = scan(text);
      expect(
        findings.map((finding) => finding.location.column),
        `offset ${offset}`,
      ).toEqual([offset + 1]);
    }
  });

  it('finds a secret at every offset around a border, once, in short lines', () => {
    const line = 'some ordinary words of config here';
    for (let offset = 700; offset < 1000; offset += 3) {
      const before = `${line}\n`.repeat(Math.floor(offset / (line.length + 1)));
      const text = `${before}value ${TOKEN} end\n${`${line}\n`.repeat(100)}`;
      const findings = scan(text);
      expect(findings, `offset ${offset}`).toHaveLength(1);
      expect(findings[0]?.location.line).toBe(before.split('\n').length);
    }
  });

  it('reports a generic match across a border once, with its secret whole', () => {
    for (let offset = 800; offset < 960; offset += 7) {
      const text = `${'w '.repeat(Math.floor(offset / 2))}password = ${PASSWORD} ${'z '.repeat(1500)}`;
      const findings = scan(text);
      expect(
        findings.map((finding) => finding.ruleId),
        `offset ${offset}`,
      ).toEqual(['test-generic-password']);
      const location = findings[0]?.location;
      expect((location?.endColumn ?? 0) - (location?.column ?? 0)).toBe(PASSWORD.length);
    }
  });

  it('does not report the tail of a match cut by the border as a second secret', () => {
    const blob = 'Xk9mQ2vR7tY4wB1nC6zL3pH8jF5gD0sAeKuTiOyWrEqMnBvCxZlKjHgFdSaPo';
    const blobRule: SecretRule = {
      ...compiledRule(),
      id: 'test-blob',
      pattern: '[A-Za-z0-9]{30,}',
      provider: 'generic',
      keywords: [],
      minEntropy: 3,
    };
    const rules = compileRules([blobRule]);
    for (let offset = 800; offset < 900; offset++) {
      const text = `${'-'.repeat(offset)}${blob}${'-'.repeat(2000)}`;
      const findings: SecretFinding[] = [];
      const scanner = new ChunkScanner(rules, SMALL);
      scanner.start({ path: 'x' }, (finding) => findings.push(finding));
      scanner.write(Buffer.from(text));
      scanner.end();
      expect(
        findings.map((finding) => [finding.location.column, finding.location.endColumn]),
        `offset ${offset}`,
      ).toEqual([[offset + 1, offset + 1 + blob.length]]);
    }
  });

  it('keeps lines and columns exact across hundreds of chunks', () => {
    const lines: string[] = [];
    for (let i = 1; i <= 5000; i++) lines.push(i % 997 === 0 ? `line ${i} é ${TOKEN}` : `line ${i} with some text`);
    const findings = scan(`${lines.join('\n')}\n`);
    expect(findings.map((finding) => [finding.location.line, finding.location.column])).toEqual(
      [997, 1994, 2991, 3988, 4985].map((line) => [line, `line ${line} é `.length + 1]),
    );
  });

  it('keeps the column exact in one line longer than many chunks, with multi-byte text', () => {
    const head = 'é'.repeat(5000); // 10,000 bytes, 5,000 code units
    const findings = scan(`${head} ${TOKEN} ${'x'.repeat(5000)} ${TOKEN}`);
    expect(findings.map((finding) => finding.location.column)).toEqual([5002, 5002 + TOKEN.length + 5002]);
  });

  it('gives the same findings whatever the chunk size', () => {
    const lines: string[] = [];
    for (let i = 0; i < 800; i++) lines.push(i % 37 === 0 ? `k${i} = ${TOKEN} password=${PASSWORD}` : `filler ${i}`);
    const text = lines.join('\n');
    const small = scan(text, SMALL);
    const large = scan(text, { chunkSize: 4 * 1024 * 1024, overlap: 64 * 1024 });
    expect(small).toEqual(large);
    expect(small).toHaveLength(44);
  });

  it('reads directly into its buffer (space and commit) with the same result as write', () => {
    const text = Buffer.from(`${'a\n'.repeat(600)}${TOKEN}\n${'b\n'.repeat(600)}`);
    const findings: SecretFinding[] = [];
    const scanner = new ChunkScanner(compiled, SMALL);
    scanner.start({ path: 'big.txt' }, (finding) => findings.push(finding));
    let at = 0;
    while (at < text.length) {
      const space = scanner.space();
      const count = text.copy(space, 0, at, Math.min(text.length, at + space.length));
      at += count;
      scanner.commit(count);
    }
    scanner.end();
    expect(findings).toEqual(scan(text));
  });

  it('refuses sizes where the overlap does not fit the chunk', () => {
    expect(() => new ChunkScanner(compiled, { chunkSize: 100, overlap: 64 })).toThrow(RangeError);
  });
});

describe('read-chunks: binary detection', () => {
  it('marks a stream with a NUL byte in its first 8 KiB as binary and reports nothing', () => {
    const findings: SecretFinding[] = [];
    const scanner = new ChunkScanner(compiled);
    scanner.start({ path: 'a.bin', detectBinary: true }, (finding) => findings.push(finding));
    scanner.write(Buffer.concat([Buffer.from('\u0000header'), Buffer.from(` ${TOKEN}`)]));
    scanner.end();
    expect(scanner.binary).toBe(true);
    expect(findings).toEqual([]);
  });

  it('scans a stream whose first NUL byte comes after 8 KiB', () => {
    const findings: SecretFinding[] = [];
    const scanner = new ChunkScanner(compiled);
    scanner.start({ path: 'a.txt', detectBinary: true }, (finding) => findings.push(finding));
    scanner.write(Buffer.from(`${'x'.repeat(9000)}\u0000 ${TOKEN}`));
    scanner.end();
    expect(scanner.binary).toBe(false);
    expect(findings).toHaveLength(1);
  });
});
