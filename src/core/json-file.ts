/**
 * Reading a user's JSON file: parse it, validate it against a schema, and when either fails,
 * say which file, where (line and column, or the path into the document) and what was
 * expected — never quoting the file's text, which may hold secrets.
 */
import type { z } from 'zod';
import { ImportInputError } from './errors.js';

/**
 * Parses the JSON text of a file a user gave (an export, a baseline). A syntax error names the
 * line and column but never quotes the text: a wrong file given by mistake may hold secrets.
 *
 * @throws ImportInputError (`INPUT_INVALID`) naming the file
 */
export function parseJsonFile(text: string, file: string, what: string): unknown {
  if (text.trim() === '') throw new ImportInputError(file, null, `the file is empty; expected ${what}`);
  try {
    return JSON.parse(text);
  } catch {
    // V8's message quotes the text around the error and, on Node 20, often gives no position:
    // find the place with a scanner of our own and say nothing of what is there.
    const offset = jsonErrorOffset(text);
    if (offset === null) throw new ImportInputError(file, null, `not valid JSON; expected ${what}`);
    const { line, column } = lineAndColumn(text, offset);
    const truncated = offset >= text.trimEnd().length;
    const problem = truncated ? 'the JSON ends too soon; the file looks truncated' : `not valid JSON; expected ${what}`;
    throw new ImportInputError(file, `line ${line}, column ${column}`, problem);
  }
}

/**
 * The offset of the first JSON syntax error in the text (its length when the text ends too
 * soon), or `null` if none is found. One pass, no regular expressions; nesting deeper than
 * {@link MAX_JSON_DEPTH} gives `null` rather than a stack overflow.
 */
export function jsonErrorOffset(text: string): number | null {
  let i = 0;
  const n = text.length;
  const skipSpace = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      i++;
    }
  };
  const digits = (): boolean => {
    const start = i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    return i > start;
  };
  const string = (): boolean => {
    i++; // the opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          for (let k = 2; k < 6; k++) {
            if (!isHexDigit(text.charCodeAt(i + k))) {
              i += Math.min(k, n - i);
              return false;
            }
          }
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          i += 2;
        } else {
          i++;
          return false;
        }
      } else {
        i++;
      }
    }
    return false;
  };
  const value = (depth: number): boolean => {
    if (depth > MAX_JSON_DEPTH) throw new RangeError('too deep');
    skipSpace();
    const c = text[i];
    if (c === '"') return string();
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      skipSpace();
      if (text[i] === close) {
        i++;
        return true;
      }
      for (;;) {
        if (c === '{') {
          skipSpace();
          if (text[i] !== '"' || !string()) return false;
          skipSpace();
          if (text[i] !== ':') return false;
          i++;
        }
        if (!value(depth + 1)) return false;
        skipSpace();
        if (text[i] === close) {
          i++;
          return true;
        }
        if (text[i] !== ',') return false;
        i++;
      }
    }
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return true;
      }
    }
    if (c === '-' || (c !== undefined && isDigit(c.charCodeAt(0)))) {
      if (c === '-') i++;
      if (text[i] === '0') i++;
      else if (!digits()) return false;
      if (text[i] === '.') {
        i++;
        if (!digits()) return false;
      }
      if (text[i] === 'e' || text[i] === 'E') {
        i++;
        if (text[i] === '+' || text[i] === '-') i++;
        if (!digits()) return false;
      }
      return true;
    }
    return false;
  };
  try {
    if (!value(0)) return Math.min(i, n);
    skipSpace();
    return i < n ? i : null;
  } catch {
    return null;
  }
}

/** Deeper than this, {@link jsonErrorOffset} gives up on locating the error. */
const MAX_JSON_DEPTH = 1000;

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isHexDigit(code: number): boolean {
  return isDigit(code) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

/**
 * Checks a parsed file against its schema; on failure names the first problem's place
 * (`findings[3].line`) and what was expected there. Values from the file are never quoted.
 *
 * @throws ImportInputError (`INPUT_INVALID`) naming the file
 */
export function validateFile<S extends z.ZodType>(
  schema: S,
  value: unknown,
  file: string,
  locate: (path: ReadonlyArray<PropertyKey>) => string = formatPath,
): z.infer<S> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const issues = result.error.issues;
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  if (first === undefined) throw new ImportInputError(file, null, 'the file does not match the expected format');
  throw new ImportInputError(file, locate(first.path), `${describeIssue(first)}${more}`);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}${'input' in issue ? `, got ${describeValue(issue.input)}` : ''}`;
    case 'unrecognized_keys':
      return `unexpected field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    default:
      return issue.message;
  }
}

/** `UserDetailList[3].UserName`, as a user would write the place. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(top level)' : out;
}

/** Line and column (1-based) of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** What a value is, without showing it. */
function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}
