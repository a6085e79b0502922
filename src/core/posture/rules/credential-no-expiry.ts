/**
 * `credential-no-expiry`: a machine's static credential that never expires. If it
 * leaks, it works until someone notices; an expiry bounds that window.
 */
import type { Credential, CredentialType, Identity } from '../../inventory/identity.js';
import { isNonHuman } from '../../inventory/identity.js';
import { isDeleted } from '../admin-grants.js';
import { describeCredential, describeIdentity, makeFinding, type PostureRule } from './rule.js';

/** Credential types that can be issued with an expiry but often are not. */
const EXPIRABLE_TYPES: ReadonlySet<CredentialType> = new Set([
  'access-key',
  'api-key',
  'token',
  'ssh-key',
  'secret',
  'client-secret',
]);

const KUBERNETES_PROVIDERS: ReadonlySet<string> = new Set(['k8s', 'kubernetes']);

/**
 * A Kubernetes legacy service-account token: a `kubernetes.io/service-account-token`
 * Secret, which the Kubernetes importer reports as a `token` credential. Unlike a
 * projected token it never expires and is readable by anyone who can read Secrets.
 */
function isKubernetesLegacyToken(identity: Identity, credential: Credential): boolean {
  return credential.type === 'token' && KUBERNETES_PROVIDERS.has(identity.provider);
}

export const credentialNoExpiryRule: PostureRule = {
  code: 'credential-no-expiry',
  title: 'Credential without expiry',
  owasp: ['NHI7'],
  nistCsf: ['PR.AA-01'],
  evaluate(identity) {
    if (!isNonHuman(identity.kind) || isDeleted(identity)) return [];
    // An identity that itself expires takes its credentials with it.
    if (identity.expiresAt !== null) return [];
    return identity.credentials.flatMap((credential) => {
      if (credential.status !== 'active' || credential.expiresAt !== null) return [];
      if (!EXPIRABLE_TYPES.has(credential.type)) return [];
      const legacyToken = isKubernetesLegacyToken(identity, credential);
      return [
        makeFinding(credentialNoExpiryRule, identity, {
          credentialId: credential.id,
          severity: legacyToken ? 'medium' : 'low',
          summary: legacyToken
            ? `${describeIdentity(identity)} has a legacy service-account token "${credential.id}" that never expires.`
            : `${describeIdentity(identity)} has ${describeCredential(credential)} with no expiry.`,
          evidence: {
            credentialType: credential.type,
            kubernetesLegacyToken: legacyToken,
            createdAt: credential.createdAt,
            lastUsedAt: credential.lastUsedAt,
          },
          remediation: legacyToken
            ? 'Delete the token Secret and use projected, audience-bound service-account tokens (TokenRequest), which expire.'
            : 'Reissue it with an expiry (or a rotation schedule in a secrets manager), or move to short-lived credentials.',
        }),
      ];
    });
  },
};
