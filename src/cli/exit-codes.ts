/**
 * The one table from error codes to exit codes.
 * 0: done, nothing to report. 1: done, and found something that needs attention
 * (a broken audit chain). 2: a usage, input or configuration error. 70: a bug in Vigil.
 */
import type { ErrorCode } from '../core/errors.js';

export const EXIT_OK = 0;
export const EXIT_FOUND = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 70;

export const EXIT_CODE_FOR: Record<ErrorCode, number> = {
  INPUT_INVALID: EXIT_USAGE,
  USAGE: EXIT_USAGE,
  NOT_FOUND: EXIT_USAGE,
  AMBIGUOUS: EXIT_USAGE,
  UNAUTHENTICATED: EXIT_USAGE,
  CONFIG_INVALID: EXIT_USAGE,
  AUDIT_TAMPERED: EXIT_FOUND,
};
