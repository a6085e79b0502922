import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ImportInputError } from './errors.js';
import { jsonErrorOffset, lineAndColumn, parseJsonFile, validateFile } from './json-file.js';

describe('lineAndColumn', () => {
  it('counts lines and columns from 1', () => {
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});

describe('parseJsonFile', () => {
  function errorOf(fn: () => unknown): ImportInputError {
    try {
      fn();
    } catch (error) {
      if (error instanceof ImportInputError) return error;
      throw error;
    }
    throw new Error('expected an error');
  }

  it('parses JSON', () => {
    expect(parseJsonFile('{"a":1}', 'f.json', 'a thing')).toEqual({ a: 1 });
  });

  it('rejects an empty file, naming it', () => {
    const error = errorOf(() => parseJsonFile('  \n', 'f.json', 'a thing'));
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toBe('f.json: the file is empty; expected a thing');
  });

  it('rejects a syntax error with its line and column, without quoting the text', () => {
    const error = errorOf(() => parseJsonFile('{\n  "token": ghp_SECRETSECRET\n}', 'f.json', 'a thing'));
    expect(error.message).toBe('f.json: line 2, column 12: not valid JSON; expected a thing');
    expect(error.message).not.toContain('SECRET');
  });

  it('rejects a truncated file, saying so', () => {
    const error = errorOf(() => parseJsonFile('{"a": [1, 2', 'f.json', 'a thing'));
    expect(error.message).toBe('f.json: line 1, column 12: the JSON ends too soon; the file looks truncated');
  });
});

describe('validateFile', () => {
  const Schema = z.object({
    version: z.literal(1),
    findings: z.array(z.string()),
    stats: z.object({ files: z.number() }),
  });

  it('names the place of the first problem, what came instead, and counts the others', () => {
    expect(() => validateFile(Schema, { version: 1, findings: 'x', stats: {} }, 'r.json')).toThrow(
      /^r\.json: findings: expected array, got string \(and 1 more problem\)$/,
    );
  });

  it('names the top level when the document is not an object', () => {
    expect(() => validateFile(Schema, [], 'r.json')).toThrow('r.json: (top level): expected object, got an array');
  });

  it("uses the caller's way of naming a place", () => {
    expect(() =>
      validateFile(Schema, { version: 2, findings: [], stats: { files: 1 } }, 'r.json', () => 'line 1'),
    ).toThrow(/^r\.json: line 1: /);
  });
});

describe('jsonErrorOffset', () => {
  it('finds no error in valid JSON', () => {
    expect(jsonErrorOffset(' {"a": [1, -2.5e+3, true, false, null, "x\\u00e9\\n"], "b": {}} ')).toBeNull();
  });

  it('points at trailing text after the document', () => {
    expect(jsonErrorOffset('{} x')).toBe(3);
  });

  it('points at the character after a backslash that is no escape', () => {
    expect(jsonErrorOffset('["a\\qb"]')).toBe(4);
  });

  it('points at a raw control character in a string', () => {
    expect(jsonErrorOffset('["a\tb"]')).toBe(3);
  });

  it('points at a missing colon', () => {
    expect(jsonErrorOffset('{"a" 1}')).toBe(5);
  });

  it('points at the end of a truncated document', () => {
    expect(jsonErrorOffset('{"a": "b')).toBe(8);
  });

  it('gives up on nesting deeper than it will follow, instead of overflowing the stack', () => {
    expect(jsonErrorOffset('['.repeat(100_000))).toBeNull();
  });

  it('agrees with JSON.parse on which texts are valid', () => {
    const base = '{"version": 1, "list": [0, 1.5, -3e2, "s\\"q", null], "o": {"k": false}}';
    // Every single-character deletion and a few insertions: a cheap, deterministic fuzz.
    const variants = [base];
    for (let i = 0; i < base.length; i++) {
      variants.push(base.slice(0, i) + base.slice(i + 1));
      for (const extra of [',', '}', '"', '0', ' ']) variants.push(base.slice(0, i) + extra + base.slice(i));
    }
    for (const text of variants) {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      expect(jsonErrorOffset(text) === null, text).toBe(valid);
    }
  });
});
