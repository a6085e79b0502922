/**
 * Vigil's error codes. Errors know nothing of HTTP or exit codes: the server and
 * the CLI each map codes to those in exactly one table.
 */

export const ERROR_CODES = [
  /** A file or request body is not what was expected (syntax, schema, encoding, size). */
  'INPUT_INVALID',
  /** A command or request was used wrongly (unknown option, missing argument). */
  'USAGE',
  /** The thing named does not exist. */
  'NOT_FOUND',
  /** A name matched more than one thing. */
  'AMBIGUOUS',
  /** Missing or wrong credentials for the admin API. */
  'UNAUTHENTICATED',
  /** The configuration (environment, flags) is invalid. */
  'CONFIG_INVALID',
  /** The audit trail failed verification. */
  'AUDIT_TAMPERED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The one error class for failures a user can act on. */
export class VigilError extends Error {
  readonly code: ErrorCode;
  /** Structured detail safe to show the user (never a secret). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'VigilError';
    this.code = code;
    this.details = details;
  }
}

/**
 * Bad input in a file: names the file, the place in it and what was expected.
 *
 * @example throw new ImportInputError('iam.json', 'line 3, column 7', 'a JSON value');
 */
export class ImportInputError extends VigilError {
  readonly file: string;
  readonly location: string | null;

  constructor(file: string, location: string | null, problem: string) {
    super('INPUT_INVALID', `${file}${location ? `: ${location}` : ''}: ${problem}`, { file, location, problem });
    this.name = 'ImportInputError';
    this.file = file;
    this.location = location;
  }
}

export function isVigilError(error: unknown): error is VigilError {
  return error instanceof VigilError;
}
