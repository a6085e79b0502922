/** Every posture rule, in the order they are documented. */
import { consolePasswordOnServiceRule } from './console-password-on-service.js';
import { credentialNoExpiryRule } from './credential-no-expiry.js';
import { deletedWithCredentialsRule } from './deleted-with-credentials.js';
import { dormantRule } from './dormant.js';
import { externalTrustRule } from './external-trust.js';
import { humanWithoutMfaRule } from './human-without-mfa.js';
import { multipleActiveKeysRule } from './multiple-active-keys.js';
import { orphanedRule } from './orphaned.js';
import type { PostureRule } from './rule.js';
import { secretExposedRule } from './secret-exposed.js';
import { unrotatedCredentialRule } from './unrotated-credential.js';
import { wildcardAdminRule } from './wildcard-admin.js';

/** The rules `evaluatePosture` runs; one per code in `RULE_CODES`. */
export const POSTURE_RULES: readonly PostureRule[] = [
  orphanedRule,
  dormantRule,
  unrotatedCredentialRule,
  credentialNoExpiryRule,
  multipleActiveKeysRule,
  consolePasswordOnServiceRule,
  humanWithoutMfaRule,
  wildcardAdminRule,
  externalTrustRule,
  deletedWithCredentialsRule,
  secretExposedRule,
];
