/**
 * Helpers every importer shares: JSON with positions in its errors, and schema
 * validation whose errors say where and what was expected.
 */
import type { z } from 'zod';
import { ImportInputError } from '../../core/errors.js';
import type { SourceText } from '../../core/inventory/import-batch.js';

/** Line and column (1-based) of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** Parses JSON; a syntax error names the line and column, or says the file ends too soon. */
export function parseJson(input: SourceText): unknown {
  if (input.text.trim() === '') {
    throw new ImportInputError(input.name, null, 'the file is empty; expected a JSON document');
  }
  try {
    return JSON.parse(input.text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    if (position?.[1] !== undefined && Number(position[1]) < input.text.trimEnd().length) {
      const { line, column } = lineAndColumn(input.text, Number(position[1]));
      return fail(input, `line ${line}, column ${column}`, `invalid JSON (${cleanJsonMessage(message)})`);
    }
    if (/end of JSON input/i.test(message) || position?.[1] !== undefined) {
      const { line, column } = lineAndColumn(input.text, input.text.length);
      return fail(input, `line ${line}, column ${column}`, 'the JSON ends too soon; the file looks truncated');
    }
    return fail(input, null, `invalid JSON (${cleanJsonMessage(message)})`);
  }
}

function cleanJsonMessage(message: string): string {
  // V8 quotes a window of the input; drop it so that no secret-looking text is echoed back.
  return message
    .replace(/, "[\s\S]*$/, '')
    .replace(/ in JSON at position \d+.*$/, '')
    .slice(0, 200);
}

function fail(input: SourceText, location: string | null, problem: string): never {
  throw new ImportInputError(input.name, location, problem);
}

/** Formats a path into a document, as a user would write it: `UserDetailList[3].UserName`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(top level)' : out;
}

/**
 * Validates a parsed document against a schema; on failure names the first problem's
 * place and what was expected there (and how many more problems there are).
 */
export function validate<S extends z.ZodType>(
  input: SourceText,
  schema: S,
  value: unknown,
  locate: (path: ReadonlyArray<PropertyKey>) => string = formatPath,
): z.infer<S> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const issues = result.error.issues;
  const first = issues[0];
  if (first === undefined) return fail(input, null, 'the document does not match the expected format');
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return fail(input, locate(first.path), `${describeIssue(first)}${more}`);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}${'input' in issue ? `, got ${describeValue(issue.input)}` : ''}`;
    case 'unrecognized_keys':
      return `unexpected field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    default:
      return issue.message;
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value}`;
}

/**
 * Fails when two entries of a file carry the same id: a file that says two things
 * about one identity is ambiguous, and Vigil will not guess which one is true.
 *
 * @param entries the id of each entry and where it stands in the file (as {@link formatPath} writes it)
 */
export function assertUniqueIds(input: SourceText, entries: Iterable<{ id: string; place: string }>): void {
  const seen = new Map<string, string>();
  for (const { id, place } of entries) {
    const first = seen.get(id);
    if (first !== undefined) {
      fail(input, place, `duplicate id "${id}", already given at ${first}; each identity may appear once`);
    }
    seen.set(id, place);
  }
}

/** Normalises a source timestamp to UTC ISO-8601; `null` for empty or "N/A"-style values. */
export function toTimestamp(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed === '' || /^(n\/a|no_information|not_supported|null|none)$/i.test(trimmed)) return null;
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
