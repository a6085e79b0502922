/**
 * A secret found in a file or a commit. Never holds the secret: a redacted form for people
 * and a fingerprint for machines (baselines, de-duplication, linking across scans).
 */
import type { Severity } from '../posture/finding.js';
import type { IdentityHint } from './secret-rule.js';

export interface SecretLocation {
  /** Path relative to the scan root, with `/` separators; `-` for standard input. */
  path: string;
  /**
   * 1-based line and column of the first character of the secret; `endColumn` is one past its
   * last character (as in SARIF). Columns count UTF-16 code units.
   */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** For history scans: the commit that added the line. */
  commit?: { sha: string; author: string; email: string; date: string; message: string };
}

export interface SecretFinding {
  ruleId: string;
  ruleName: string;
  provider: string;
  severity: Severity;
  location: SecretLocation;
  /** `AKIA…LE`: enough to recognise, never enough to use (at most a third of the secret shows). */
  redacted: string;
  /**
   * Stable across scans and machines: SHA-256 of the rule id and the secret, hex. The same
   * secret found twice (in two files, or two commits) has the same fingerprint.
   */
  fingerprint: string;
  /** Shannon entropy of the secret, bits per character. */
  entropy: number;
  identityHint: IdentityHint | null;
  /**
   * Set when the secret was not written as itself: `base64` when stored encoded (a Kubernetes
   * Secret's `data`), `location` then being the encoded value's; `split` when split over string
   * literals that the code joins, `location` then running from the secret's first character to
   * its last. `redacted`, `fingerprint` and `entropy` are always the secret's own, so a secret
   * has one fingerprint however it was written.
   */
  encoding?: SecretEncoding;
}

/** How a secret was written, when not as itself. */
export type SecretEncoding = 'base64' | 'split';
