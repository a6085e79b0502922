/**
 * `secret-exposed`: a credential of this identity was found outside a secrets manager — in
 * code, configuration, CI or git history (OWASP NHI2, Secret Leakage). Whoever can read that
 * repository or file can act as the identity, so its blast radius is theirs too.
 */
import { isDeleted } from '../admin-grants.js';
import { describeIdentity, makeFinding, type PostureRule } from './rule.js';

export const secretExposedRule: PostureRule = {
  code: 'secret-exposed',
  title: 'Credential exposed outside a secrets manager',
  owasp: ['NHI2'],
  nistCsf: ['PR.AA-01', 'PR.DS-01'],
  evaluate(identity, { access, exposuresOf }) {
    const exposures = exposuresOf(identity.id);
    const first = exposures[0];
    if (first === undefined || isDeleted(identity)) return [];
    const admin = access.adminGrants(identity)[0];
    const places = exposures.map(
      (e) => `${e.path}:${e.line}${e.commitSha ? ` (commit ${e.commitSha.slice(0, 12)})` : ''}`,
    );
    return [
      makeFinding(secretExposedRule, identity, {
        severity: admin === undefined ? 'high' : 'critical',
        summary: `${describeIdentity(identity)} has ${exposures.length === 1 ? 'a credential' : `${exposures.length} credentials`} exposed in ${places[0]}${places.length > 1 ? ` and ${places.length - 1} more place${places.length > 2 ? 's' : ''}` : ''}.`,
        evidence: {
          exposures: exposures.length,
          rule: first.ruleName,
          redacted: first.redacted,
          fingerprint: first.fingerprint,
          where: places.slice(0, 5).join(', '),
          linkedBy: first.linkedBy,
          holdsAdmin: admin !== undefined,
        },
        remediation:
          'Rotate the credential now (a leaked secret stays leaked, even after the file or commit is removed), then move it to a secrets manager and purge it from history.',
      }),
    ];
  },
};
