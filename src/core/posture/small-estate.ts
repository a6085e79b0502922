/**
 * A small, hand-checked estate for posture and metrics tests: every number in
 * metrics.test.ts can be worked out from this file by hand. Test support only.
 */
import type { Identity, Policy } from '../inventory/identity.js';
import { ADMIN_STATEMENT, daysAgo, makeCredential, makeEntitlement, makeIdentity, makePolicy } from './testing.js';

export function smallEstate(): { identities: Identity[]; policies: Map<string, Policy> } {
  const admin = makePolicy({
    id: 'aws:arn:aws:iam::aws:policy/AdministratorAccess',
    name: 'AdministratorAccess',
    statements: [ADMIN_STATEMENT],
  });
  const identities: Identity[] = [
    // Owned, one key 100 days old without expiry: unrotated (medium) + no expiry (low).
    makeIdentity({
      externalId: 'user/ci',
      credentials: [makeCredential({ id: 'AKIACI', createdAt: daysAgo(100), expiresAt: null })],
    }),
    // No owner, token 200 days old without expiry: orphaned, unrotated (medium) + no expiry (low).
    makeIdentity({
      externalId: 'B0LUMEN01',
      provider: 'slack',
      kind: 'bot',
      owner: null,
      credentials: [makeCredential({ id: 'bot-token', type: 'token', createdAt: daysAgo(200), expiresAt: null })],
    }),
    // An agent that expires, with a key 11 days old: its key counts as expiring; no finding.
    makeIdentity({
      externalId: 'support-copilot',
      provider: 'openai',
      kind: 'ai-agent',
      expiresAt: daysAgo(-90),
      credentials: [makeCredential({ id: 'key_copilot', type: 'api-key', createdAt: daysAgo(11), expiresAt: null })],
    }),
    // Standing AdministratorAccess through the shared policy: critical.
    makeIdentity({
      externalId: 'role/ops-admin',
      kind: 'role',
      entitlements: [makeEntitlement({ name: 'AdministratorAccess', type: 'aws-managed-policy', policyId: admin.id })],
    }),
    // A people group on AWS: counted, no finding.
    makeIdentity({ externalId: 'group/readers', kind: 'group', owner: null }),
    makeIdentity({ externalId: '00u1alice', provider: 'okta', kind: 'human', mfaEnabled: true }),
    // No MFA, password 50 days old: human-without-mfa (high).
    makeIdentity({
      externalId: '00u1carlos',
      provider: 'okta',
      kind: 'human',
      mfaEnabled: false,
      credentials: [makeCredential({ id: 'password', type: 'password', createdAt: daysAgo(50), expiresAt: null })],
    }),
    makeIdentity({ externalId: '00u1dana', provider: 'okta', kind: 'human', mfaEnabled: null }),
    // Deleted upstream with a live key: deleted-with-credentials (high); not counted as live.
    makeIdentity({
      externalId: 'user/old-batch',
      status: 'deleted',
      deletedAt: daysAgo(5),
      credentials: [makeCredential({ id: 'AKIAOLD', createdAt: daysAgo(1000), expiresAt: null })],
    }),
  ];
  return { identities, policies: new Map([[admin.id, admin]]) };
}
