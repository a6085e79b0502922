/**
 * `unrotated-credential`: a static secret (access key, API key, token, client
 * secret) older than the rotation threshold. The longer a secret lives, the more
 * places it has been copied to and the longer a leaked copy works.
 */
import type { CredentialType } from '../../inventory/identity.js';
import { isDeleted } from '../admin-grants.js';
import { ageInDays, describeCredential, describeIdentity, makeFinding, type PostureRule } from './rule.js';

/** Credential types that are bearer secrets someone has to rotate. */
const ROTATABLE_TYPES: ReadonlySet<CredentialType> = new Set([
  'access-key',
  'api-key',
  'secret',
  'token',
  'client-secret',
]);

/** A credential this many rotation periods old is `high` (a year at the 90-day default). */
const HIGH_AFTER_PERIODS = 4;

export const unrotatedCredentialRule: PostureRule = {
  code: 'unrotated-credential',
  title: 'Credential not rotated',
  owasp: ['NHI7'],
  nistCsf: ['PR.AA-01'],
  evaluate(identity, { config, now }) {
    // A deleted identity's live credentials are `deleted-with-credentials`, a sharper finding.
    if (isDeleted(identity)) return [];
    return identity.credentials.flatMap((credential) => {
      if (credential.status !== 'active' || !ROTATABLE_TYPES.has(credential.type)) return [];
      const basis = credential.lastRotatedAt !== null ? 'lastRotatedAt' : 'createdAt';
      const since = credential.lastRotatedAt ?? credential.createdAt;
      const days = ageInDays(now, since);
      if (days === null || days <= config.rotationDays) return [];
      return [
        makeFinding(unrotatedCredentialRule, identity, {
          credentialId: credential.id,
          severity: days > config.rotationDays * HIGH_AFTER_PERIODS ? 'high' : 'medium',
          summary: `${describeIdentity(identity)} has ${describeCredential(credential)} that has not been rotated for ${days} days.`,
          evidence: {
            credentialType: credential.type,
            basis,
            since,
            ageDays: days,
            rotationDays: config.rotationDays,
            lastUsedAt: credential.lastUsedAt,
          },
          remediation:
            'Rotate it (issue a new one, move consumers, deactivate the old one), or replace it with short-lived credentials from the token service.',
        }),
      ];
    });
  },
};
