/**
 * Helpers every importer shares: JSON with positions in its errors, and schema
 * validation whose errors say where and what was expected.
 */
import type { z } from 'zod';
import { ImportInputError } from '../../core/errors.js';
import type { SourceText } from '../../core/inventory/import-batch.js';
import { parseJsonFile, validateFile } from '../../core/json-file.js';

export { formatPath, lineAndColumn } from '../../core/json-file.js';

/** Parses JSON; a syntax error names the line and column, or says the file ends too soon. */
export function parseJson(input: SourceText): unknown {
  return parseJsonFile(input.text, input.name, 'a JSON document');
}

/**
 * Validates a parsed document against a schema; on failure names the first problem's
 * place and what was expected there (and how many more problems there are).
 */
export function validate<S extends z.ZodType>(
  input: SourceText,
  schema: S,
  value: unknown,
  locate?: (path: ReadonlyArray<PropertyKey>) => string,
): z.infer<S> {
  return validateFile(schema, value, input.name, locate);
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
      throw new ImportInputError(
        input.name,
        place,
        `duplicate id "${id}", already given at ${first}; each identity may appear once`,
      );
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
