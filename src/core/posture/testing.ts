/**
 * Builders for posture tests: a valid identity, credential, entitlement or policy
 * with sensible defaults, overridden field by field. Test support only.
 */
import type { Credential, Entitlement, Identity, Policy, Statement } from '../inventory/identity.js';
import { createAccessResolver } from './admin-grants.js';
import { DEFAULT_POSTURE_CONFIG, type PostureConfig } from './posture-config.js';
import type { RuleContext } from './rules/rule.js';

/** The "now" of the Lumen Freight sample estate. */
export const TEST_NOW = new Date('2026-11-20T12:00:00.000Z');

/** An ISO timestamp `days` days before {@link TEST_NOW}. */
export function daysAgo(days: number): string {
  return new Date(TEST_NOW.getTime() - days * 86_400_000).toISOString();
}

export function makeIdentity(overrides: Partial<Identity> & { externalId: string }): Identity {
  const provider = overrides.provider ?? 'aws';
  return {
    id: `${provider}:${overrides.externalId}`,
    provider,
    kind: 'service-account',
    name: overrides.externalId,
    owner: { name: 'team-platform', source: 'tag', detail: 'owner' },
    systemOfRecord: provider,
    status: 'active',
    createdAt: daysAgo(30),
    lastUsedAt: daysAgo(1),
    usageTracked: true,
    expiresAt: null,
    mfaEnabled: null,
    credentials: [],
    entitlements: [],
    memberOf: [],
    tags: {},
    attributes: {},
    firstSeenAt: daysAgo(30),
    lastSeenAt: daysAgo(0),
    deletedAt: null,
    importId: 'import-1',
    origin: `test:${provider}`,
    ...overrides,
  };
}

export function makeCredential(overrides: Partial<Credential> & { id: string }): Credential {
  return {
    type: 'access-key',
    status: 'active',
    createdAt: daysAgo(10),
    lastUsedAt: daysAgo(1),
    lastRotatedAt: null,
    expiresAt: daysAgo(-30),
    fingerprint: null,
    ...overrides,
  };
}

/** `allow * on *`: what AdministratorAccess and cluster-admin normalise to. */
export const ADMIN_STATEMENT: Statement = { effect: 'allow', actions: ['*'], resources: ['*'], conditional: false };

export function makeEntitlement(overrides: Partial<Entitlement> & { name: string }): Entitlement {
  return { type: 'custom', via: null, policyId: null, document: null, statements: [], ...overrides };
}

export function makePolicy(overrides: Partial<Policy> & { id: string; name: string }): Policy {
  return {
    provider: 'aws',
    externalId: overrides.id,
    document: '{}',
    statements: [],
    versions: [],
    attributes: {},
    ...overrides,
  };
}

/** A rule context over some inventory, with the default config unless told otherwise. */
export function makeContext(
  options: {
    identities?: readonly Identity[];
    policies?: ReadonlyMap<string, Policy>;
    config?: Partial<PostureConfig>;
  } = {},
): RuleContext {
  return {
    config: { ...DEFAULT_POSTURE_CONFIG, ...options.config },
    now: TEST_NOW,
    access: createAccessResolver(options.identities ?? [], options.policies ?? new Map()),
    exposuresOf: () => [],
  };
}
