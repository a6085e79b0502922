/**
 * `multiple-active-keys`: more active keys on one identity than policy allows.
 * Usually a rotation left the old key alive, or one identity's keys are handed to
 * several consumers, which makes revoking one consumer impossible without the others.
 */
import type { CredentialType } from '../../inventory/identity.js';
import { isDeleted } from '../admin-grants.js';
import { describeIdentity, latestTimestamp, makeFinding, type PostureRule } from './rule.js';

const KEY_TYPES: ReadonlySet<CredentialType> = new Set(['access-key', 'api-key']);

export const multipleActiveKeysRule: PostureRule = {
  code: 'multiple-active-keys',
  title: 'Several active keys on one identity',
  owasp: ['NHI7', 'NHI9'],
  nistCsf: ['PR.AA-01'],
  evaluate(identity, { config }) {
    if (isDeleted(identity)) return [];
    const keys = identity.credentials.filter((c) => c.status === 'active' && KEY_TYPES.has(c.type));
    if (keys.length <= config.maxActiveKeys) return [];
    const ids = keys.map((k) => k.id).sort();
    return [
      makeFinding(multipleActiveKeysRule, identity, {
        severity: 'medium',
        summary: `${describeIdentity(identity)} has ${keys.length} active keys (at most ${config.maxActiveKeys} expected).`,
        evidence: {
          activeKeys: keys.length,
          maxActiveKeys: config.maxActiveKeys,
          keyIds: ids.join(', ').slice(0, 2048),
          latestUse: latestTimestamp(keys.map((k) => k.lastUsedAt)),
        },
        remediation:
          'Finish the rotation: find which key each consumer uses (last-used dates), move them to one key, deactivate the rest.',
      }),
    ];
  },
};
