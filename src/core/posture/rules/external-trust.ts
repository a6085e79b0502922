/**
 * `external-trust`: who outside the organisation can act as one of its identities:
 * a role that any principal or another account may assume, a role federated to an
 * outside identity provider, an outside collaborator. Each is access the
 * organisation does not control end to end.
 */
import { z } from 'zod';
import type { Identity } from '../../inventory/identity.js';
import { isDeleted } from '../admin-grants.js';
import { type Severity, severityRank } from '../finding.js';
import type { NistCsfId, OwaspNhiCode } from '../frameworks.js';
import { describeIdentity, makeFinding, type PostureRule } from './rule.js';

const accountList = z.array(z.string().min(1).max(2048)).max(1000);

/**
 * The trust facts importers put in `attributes` (an AWS role's trust policy, say).
 * Read defensively: a malformed value counts as absent, never as a crash.
 */
const TrustAttributesSchema = z.object({
  trust: z
    .object({
      /** Account ids (or ARNs) outside the identity's own account that may assume it. */
      externalAccounts: accountList.optional().catch(undefined),
      /** The trust policy names `*` as principal. */
      anyPrincipal: z.boolean().optional().catch(undefined),
      /** Federated identity providers (OIDC / SAML) whose tokens may assume it. */
      federated: accountList.optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
  /** A GitHub outside collaborator (or the like): not a member of the organisation. */
  outsideCollaborator: z.boolean().optional().catch(undefined),
});

interface Reason {
  severity: Severity;
  text: string;
  owasp: OwaspNhiCode[];
  nistCsf: NistCsfId[];
  remediation: string;
}

type TrustAttributes = z.infer<typeof TrustAttributesSchema>;

function reasonsFor(identity: Identity, facts: TrustAttributes, holdsAdmin: boolean): Reason[] {
  const { trust, outsideCollaborator } = facts;
  const reasons: Reason[] = [];
  if (identity.kind === 'role' && trust !== undefined) {
    if (trust.anyPrincipal === true) {
      reasons.push({
        severity: 'critical',
        text: 'can be assumed by any principal (*)',
        owasp: ['NHI3', 'NHI6'],
        nistCsf: ['PR.AA-05'],
        remediation: 'Replace the `*` principal in the trust policy with the exact principals that need the role.',
      });
    }
    const external = trust.externalAccounts ?? [];
    if (external.length > 0) {
      reasons.push({
        severity: 'critical',
        text: `can be assumed from external account${external.length > 1 ? 's' : ''} ${external.join(', ')}`,
        owasp: ['NHI3'],
        nistCsf: ['GV.SC-07', 'PR.AA-05'],
        remediation:
          'Confirm each external account is a known third party; require an sts:ExternalId condition and scope the role to what they need, or remove the trust.',
      });
    }
    const federated = trust.federated ?? [];
    if (federated.length > 0) {
      reasons.push({
        severity: 'medium',
        text: `can be assumed with tokens from ${federated.join(', ')}`,
        owasp: ['NHI6'],
        nistCsf: ['PR.AA-04', 'PR.AA-05'],
        remediation:
          'Check the trust conditions pin the audience and subject (e.g. the repository and branch for GitHub Actions OIDC).',
      });
    }
  }
  if (outsideCollaborator === true) {
    reasons.push({
      severity: holdsAdmin ? 'high' : 'medium',
      text: 'is an outside collaborator',
      owasp: ['NHI3'],
      nistCsf: ['GV.SC-07', 'PR.AA-05'],
      remediation:
        'Review the collaborator’s access with its sponsor; give it an owner, an end date and least privilege.',
    });
  }
  return reasons;
}

export const externalTrustRule: PostureRule = {
  code: 'external-trust',
  title: 'Trusted from outside the organisation',
  owasp: ['NHI3', 'NHI6'],
  nistCsf: ['GV.SC-07', 'PR.AA-04', 'PR.AA-05'],
  evaluate(identity, { access }) {
    if (isDeleted(identity)) return [];
    const parsed = TrustAttributesSchema.safeParse(identity.attributes);
    if (!parsed.success) return [];
    const facts = parsed.data;
    const reasons = reasonsFor(identity, facts, access.adminGrants(identity).length > 0);
    const worst = [...reasons].sort((a, b) => severityRank(a.severity) - severityRank(b.severity))[0];
    if (worst === undefined) return [];
    return [
      makeFinding(externalTrustRule, identity, {
        severity: worst.severity,
        summary: `${describeIdentity(identity)} ${reasons.map((r) => r.text).join('; ')}.`,
        evidence: {
          anyPrincipal: facts.trust?.anyPrincipal === true,
          externalAccounts: (facts.trust?.externalAccounts ?? []).join(', ').slice(0, 2048) || null,
          federated: (facts.trust?.federated ?? []).join(', ').slice(0, 2048) || null,
          outsideCollaborator: facts.outsideCollaborator === true,
        },
        remediation: worst.remediation,
        owasp: unique(reasons.flatMap((r) => r.owasp)),
        nistCsf: unique(reasons.flatMap((r) => r.nistCsf)),
      }),
    ];
  },
};

function unique<T extends string>(values: readonly T[]): T[] {
  return [...new Set(values)].sort();
}
