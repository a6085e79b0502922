/**
 * Wires the secret scanner with Vigil's rule catalogue: the one place the CLI and the server
 * get a scanner from.
 */
import { createScanner } from '../adapters/secret-scanner/scanner.js';
import { SECRET_RULES } from '../core/secrets/rules/catalog.js';
import type { SecretRule } from '../core/secrets/secret-rule.js';
import type { SecretScanner } from '../core/secrets/secret-scanner.js';

export function createSecretScanner(options: { threads?: number | undefined } = {}): SecretScanner {
  return createScanner(SECRET_RULES, options.threads === undefined ? {} : { threads: options.threads });
}

/** The rules every scan uses (for SARIF rule metadata and `--help`). */
export function secretRules(): readonly SecretRule[] {
  return SECRET_RULES;
}
