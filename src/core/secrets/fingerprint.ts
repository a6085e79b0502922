/**
 * Stable identifiers for secrets: the same secret found by the same rule in two files, two
 * commits or two scans gets the same fingerprint, and the fingerprint reveals nothing usable.
 */
import { createHash } from 'node:crypto';

/**
 * SHA-256 of `${ruleId}:${secret}`, lower-case hex (64 characters). The rule id is part of the
 * input so that one string matched by two rules gives two findings that baselines can tell apart.
 *
 * @example secretFingerprint('aws-access-key-id', 'AKIA…') // '3f1c…' (64 hex digits)
 */
export function secretFingerprint(ruleId: string, secret: string): string {
  return createHash('sha256').update(`${ruleId}:${secret}`, 'utf8').digest('hex');
}
