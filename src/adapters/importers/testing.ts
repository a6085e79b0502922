/**
 * Helpers for the importer tests: expecting a parse to reject its input, and
 * finding an identity in a batch. Test support only.
 *
 * They throw plain errors rather than calling vitest's `expect`, so this file
 * (which the build compiles along with the importers) needs no test runner.
 */
import { ImportInputError } from '../../core/errors.js';
import type { IdentityRecord } from '../../core/inventory/identity.js';

/**
 * Runs `run`, expecting it to throw an {@link ImportInputError} with code
 * INPUT_INVALID that names `file` (in `file` and at the start of its message).
 * Fails the test otherwise; returns the error for further checks.
 *
 * @example const error = expectInputError(() => parse('  \n'), 'iam.json');
 */
export function expectInputError(run: () => unknown, file: string): ImportInputError {
  try {
    run();
  } catch (error) {
    if (!(error instanceof ImportInputError)) {
      throw new Error(`expected an ImportInputError, but got ${describeThrown(error)}`, { cause: error });
    }
    if (error.code !== 'INPUT_INVALID') {
      throw new Error(`expected an ImportInputError with code INPUT_INVALID, but got code ${error.code}`, {
        cause: error,
      });
    }
    if (error.file !== file) {
      throw new Error(`expected an ImportInputError for file "${file}", but it names "${error.file}"`, {
        cause: error,
      });
    }
    if (!error.message.startsWith(file)) {
      throw new Error(`expected the error message to start with "${file}", but it is: ${error.message}`, {
        cause: error,
      });
    }
    return error;
  }
  throw new Error(`expected an ImportInputError for file "${file}", but nothing was thrown`);
}

/** The identity called `name`; fails the test if there is none. */
export function byName(identities: readonly IdentityRecord[], name: string): IdentityRecord {
  const found = identities.find((i) => i.name === name);
  if (found === undefined) throw new Error(`no identity ${name}`);
  return found;
}

function describeThrown(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
