/**
 * A secret-detection rule: what a credential of one kind looks like, how to tell a real one
 * from a look-alike, and which identity it unlocks. Rules are data plus pure checks; the
 * scanner (adapters/secret-scanner) compiles their patterns with RE2.
 */
import type { CredentialType, IdentityKind } from '../inventory/identity.js';
import type { Severity } from '../posture/finding.js';

/** What a secret says about the identity behind it, so that a finding can be tied to the inventory. */
export type IdentityHint =
  /** An AWS access key id (`AKIA…`/`ASIA…`): not secret itself; names the key of an IAM user or role session. */
  | { type: 'aws-access-key-id'; accessKeyId: string }
  /** A GCP service-account key file names its account. */
  | { type: 'gcp-service-account'; email: string; projectId: string | null }
  /** A Kubernetes service-account token names its namespace and account. */
  | { type: 'k8s-service-account'; namespace: string; name: string }
  /** A JWT's issuer and subject. */
  | { type: 'jwt-subject'; issuer: string | null; subject: string | null }
  /** A database URI's user and host (never its password). */
  | { type: 'database-user'; user: string; host: string }
  /** Anything else that names the account: a client id, an app id, a user name. */
  | { type: 'account'; provider: string; account: string };

export interface SecretRule {
  /** Stable, kebab-case: `aws-access-key-id`, `github-fine-grained-pat`. Used in SARIF, baselines and allowlists. */
  id: string;
  /** Short name for people: "GitHub fine-grained personal access token". */
  name: string;
  /** One or two sentences: what it is and what it grants. */
  description: string;
  /** Who issues it: `aws`, `github`, `slack`, `generic`… */
  provider: string;
  /** The kind of identity the credential belongs to. */
  identityKind: IdentityKind;
  credentialType: CredentialType;
  severity: Severity;
  /**
   * The pattern, in the syntax both RE2 and JavaScript accept (no look-around, no back-references).
   * The secret is capture group {@link secretGroup}. Matched against whole chunks of a file, so
   * a pattern may span lines (PEM keys); `^`/`$` match only at the ends of the chunk (inline flags
   * such as `(?m)` are not allowed: JavaScript rejects them).
   */
  pattern: string;
  /** Case-insensitive matching (`(?i)`). */
  caseInsensitive?: boolean;
  /** The capture group that holds the secret; 0 for the whole match. */
  secretGroup: number;
  /**
   * Lower-case literals of which at least one occurs in every match (a prefix such as `ghp_`,
   * or a key name such as `password`). Used to skip text that cannot match.
   */
  keywords: readonly string[];
  /** Rejects matches whose secret has fewer bits of Shannon entropy per character. */
  minEntropy?: number;
  /** Structural check (check digits, a JWT header that decodes, a PEM with a body); `false` rejects. */
  verify?: (secret: string) => boolean;
  /** What the match says about the identity it unlocks; `groups[0]` is the whole match, then the capture groups. */
  identify?: (secret: string, groups: readonly (string | undefined)[]) => IdentityHint | null;
  /** Fake but well-formed examples that must be found, and near misses that must not. Tests use both. */
  examples: { positive: readonly string[]; negative: readonly string[] };
}
