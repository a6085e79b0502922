/**
 * A leaked secret tied to the identity it unlocks: what `vigil scan --link` records, and
 * what posture turns into a "credential exposed outside a secrets manager" finding (OWASP NHI2).
 */
export interface SecretExposure {
  /** The finding's fingerprint (rule id + secret, hashed): the same leak seen again matches. */
  fingerprint: string;
  identityId: string;
  ruleId: string;
  ruleName: string;
  /** Where it was last seen: a path relative to the scan root, and the commit for history scans. */
  path: string;
  line: number;
  commitSha: string | null;
  redacted: string;
  /** How the identity was recognised: `aws-access-key-id`, `k8s-service-account`, … */
  linkedBy: string;
  firstSeenAt: string;
  lastSeenAt: string;
}
