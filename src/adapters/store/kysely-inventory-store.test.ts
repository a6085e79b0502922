import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../core/audit/audit-chain.js';
import { type IdentityRecord, identityId } from '../../core/inventory/identity.js';
import type { InventoryStore } from '../../core/inventory/inventory-store.js';
import type { Finding } from '../../core/posture/findings.js';
import { createInventoryStore } from './kysely-inventory-store.js';
import { openDatabase } from './open-database.js';
import { type TestDatabase, testDatabaseEngines } from './test-databases.js';

const NOW = '2026-11-20T12:00:00.000Z';
const LATER = '2026-11-21T12:00:00.000Z';

function record(name: string, overrides: Partial<IdentityRecord> = {}): IdentityRecord {
  const externalId = `arn:aws:iam::210987654321:user/${name}`;
  return {
    id: identityId('aws', externalId),
    provider: 'aws',
    externalId,
    kind: 'service-account',
    name,
    owner: { name: 'team-platform', source: 'tag', detail: 'owner' },
    systemOfRecord: 'aws-iam:210987654321',
    status: 'active',
    createdAt: '2025-01-01T00:00:00.000Z',
    lastUsedAt: null,
    usageTracked: true,
    expiresAt: null,
    mfaEnabled: null,
    credentials: [],
    entitlements: [],
    memberOf: [],
    tags: { owner: 'team-platform' },
    attributes: {},
    ...overrides,
  };
}

function finding(identity: string, rule: Finding['rule'], severity: Finding['severity']): Finding {
  return {
    id: `${rule}:${identity}`,
    rule,
    title: rule,
    severity,
    identityId: identity,
    credentialId: null,
    summary: `${rule} on ${identity}`,
    evidence: {},
    remediation: 'fix it',
    owasp: ['NHI1'],
    nistCsf: ['PR.AA-01'],
  };
}

describe.each(testDatabaseEngines())('inventory store on %s', (_engine, makeDatabase) => {
  let database: TestDatabase;
  let store: InventoryStore;

  beforeEach(async () => {
    database = await makeDatabase();
    const opened = await openDatabase(database.location);
    store = createInventoryStore(opened.db, opened.engine);
  });

  afterEach(async () => {
    await store.close();
    await database.dispose();
  });

  const meta = { origin: 'aws-iam:210987654321', importId: 'import-1', now: NOW };

  it('upserts identities and reads them back whole', async () => {
    const ci = record('ci-deploy', {
      credentials: [
        {
          id: 'access_key_1',
          type: 'access-key',
          status: 'active',
          createdAt: '2024-01-01T00:00:00.000Z',
          lastUsedAt: null,
          lastRotatedAt: '2024-01-01T00:00:00.000Z',
          expiresAt: null,
          fingerprint: 'AKIA-fp',
        },
      ],
      entitlements: [
        {
          type: 'aws-managed-policy',
          name: 'AdministratorAccess',
          via: null,
          policyId: 'aws:arn:aws:iam::aws:policy/AdministratorAccess',
          document: null,
          statements: [],
        },
      ],
      mfaEnabled: false,
    });
    await store.upsertIdentities([{ record: ci, contentHash: 'h1' }], meta);
    await store.replaceCredentials(meta.origin, [{ identityId: ci.id, credentials: ci.credentials }]);
    await store.replaceEntitlements(meta.origin, [{ identityId: ci.id, entitlements: ci.entitlements }]);
    const back = await store.getIdentity(ci.id);
    expect(back).toMatchObject({
      id: ci.id,
      name: 'ci-deploy',
      kind: 'service-account',
      owner: { name: 'team-platform', source: 'tag', detail: 'owner' },
      mfaEnabled: false,
      firstSeenAt: NOW,
      lastSeenAt: NOW,
      deletedAt: null,
      origin: meta.origin,
      credentials: ci.credentials,
      entitlements: ci.entitlements,
      tags: { owner: 'team-platform' },
    });
  });

  it('keeps an owner set by an edit when the identity is imported again', async () => {
    const a = record('svc-a');
    await store.upsertIdentities([{ record: a, contentHash: 'h1' }], meta);
    await store.setOwner(a.id, { name: 'alice@lumenfreight.example', source: 'edit', detail: 'cli:alice' });
    await store.upsertIdentities([{ record: { ...a, name: 'svc-a-renamed' }, contentHash: 'h2' }], {
      ...meta,
      now: LATER,
    });
    const back = await store.getIdentity(a.id);
    expect(back?.owner).toEqual({ name: 'alice@lumenfreight.example', source: 'edit', detail: 'cli:alice' });
    expect(back?.name).toBe('svc-a-renamed');
    expect(back?.firstSeenAt).toBe(NOW);
    expect(back?.lastSeenAt).toBe(LATER);
  });

  it('keeps the latest known use and MFA when a later import knows less', async () => {
    const a = record('svc-a', { lastUsedAt: '2026-10-01T00:00:00.000Z', mfaEnabled: true });
    await store.upsertIdentities([{ record: a, contentHash: 'h1' }], meta);
    await store.upsertIdentities(
      [{ record: { ...a, lastUsedAt: '2026-01-01T00:00:00.000Z', mfaEnabled: null }, contentHash: 'h2' }],
      meta,
    );
    const back = await store.getIdentity(a.id);
    expect(back?.lastUsedAt).toBe('2026-10-01T00:00:00.000Z');
    expect(back?.mfaEnabled).toBe(true);
  });

  it('remembers that a source records use, once any source says so', async () => {
    const a = record('svc-a', { usageTracked: false });
    await store.upsertIdentities([{ record: a, contentHash: 'h1' }], meta);
    expect((await store.getIdentity(a.id))?.usageTracked).toBe(false);
    await store.augmentIdentity(a.id, { mfaEnabled: null, lastUsedAt: null, usageTracked: true }, meta);
    expect((await store.getIdentity(a.id))?.usageTracked).toBe(true);
    await store.upsertIdentities([{ record: a, contentHash: 'h2' }], meta);
    expect((await store.getIdentity(a.id))?.usageTracked).toBe(true);
  });

  it('finds live identities missing from an import and marks them deleted with a time', async () => {
    const [a, b] = [record('svc-a'), record('svc-b')];
    await store.upsertIdentities(
      [a, b].map((r) => ({ record: r, contentHash: 'h' })),
      meta,
    );
    const missing = await store.liveIdentitiesNotIn(meta.origin, new Set([a.id]));
    expect(missing).toEqual([b.id]);
    await store.markDeleted(missing, LATER);
    expect(await store.getIdentity(b.id)).toMatchObject({ status: 'deleted', deletedAt: LATER });
    expect(await store.liveIdentitiesNotIn(meta.origin, new Set([a.id]))).toEqual([]);
  });

  it('lists with filters, search and pagination, and counts the total', async () => {
    const rows = Array.from({ length: 25 }, (_, i) =>
      record(`svc-${String(i).padStart(2, '0')}`, {
        kind: i % 5 === 0 ? 'human' : 'service-account',
        owner: i % 2 === 0 ? null : { name: 'team-data', source: 'tag', detail: 'team' },
      }),
    );
    await store.upsertIdentities(
      rows.map((r) => ({ record: r, contentHash: 'h' })),
      meta,
    );
    const page = await store.listIdentities({ kind: ['service-account'], owner: 'none' }, { limit: 3, offset: 2 });
    expect(page.total).toBe(10);
    expect(page.items.map((i) => i.name)).toEqual(['svc-06', 'svc-08', 'svc-12']);
    const search = await store.listIdentities({ search: 'SVC-1' }, { limit: 100, offset: 0 });
    expect(search.total).toBe(10);
    const literal = await store.listIdentities({ search: 'svc_%' }, { limit: 100, offset: 0 });
    expect(literal.total).toBe(0);
  });

  it('rolls back everything when a transaction fails', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.upsertIdentities([{ record: record('svc-a'), contentHash: 'h' }], meta);
        await tx.appendAudit([{ at: NOW, actor: 'test', action: 'x', subject: 'y', details: {} }]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await store.listIdentities({}, { limit: 10, offset: 0 })).total).toBe(0);
    expect(await store.readAudit(0, 10)).toEqual([]);
  });

  it('appends a verifiable audit chain across calls', async () => {
    await store.appendAudit([{ at: NOW, actor: 'cli:test', action: 'a', subject: 's1', details: { n: 1 } }]);
    await store.appendAudit([
      { at: NOW, actor: 'cli:test', action: 'b', subject: 's2', details: {} },
      { at: LATER, actor: 'cli:test', action: 'c', subject: 's3', details: { deep: { x: [1, 2] } } },
    ]);
    const records = await store.readAudit(0, 100);
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(verifyAuditChain(records).ok).toBe(true);
  });

  it('replaces findings and remembers when each was first detected', async () => {
    const id = record('svc-a').id;
    await store.replaceFindings([finding(id, 'orphaned', 'medium'), finding(id, 'wildcard-admin', 'critical')], NOW);
    await store.replaceFindings([finding(id, 'orphaned', 'medium'), finding('other', 'dormant', 'low')], LATER);
    const all = await store.listFindings({}, { limit: 10, offset: 0 });
    expect(all.items.map((f) => [f.rule, f.firstDetectedAt])).toEqual([
      ['orphaned', NOW],
      ['dormant', LATER],
    ]);
    await store.replaceFindings([], LATER, [id]);
    expect((await store.listFindings({}, { limit: 10, offset: 0 })).total).toBe(1);
    expect((await store.listFindings({ severity: ['low'] }, { limit: 10, offset: 0 })).items[0]?.rule).toBe('dormant');
  });

  it('returns only the policies asked for', async () => {
    const policy = (name: string) => ({
      id: `aws:arn:aws:iam::210987654321:policy/${name}`,
      provider: 'aws',
      externalId: `arn:aws:iam::210987654321:policy/${name}`,
      name,
      document: '{}',
      statements: [],
      versions: [],
      attributes: {},
    });
    await store.replacePolicies(meta.origin, 'import-1', [policy('a'), policy('b')]);
    const found = await store.getPolicies([policy('b').id, 'aws:missing']);
    expect([...found.keys()]).toEqual([policy('b').id]);
    expect(found.get(policy('b').id)?.name).toBe('b');
  });

  it('stores admin tokens by hash only and finds live ones', async () => {
    await store.createAdminToken({ id: 't1', tokenHash: 'abc', createdAt: NOW });
    expect(await store.countAdminTokens()).toBe(1);
    expect(await store.useAdminToken('abc', LATER)).toEqual({ id: 't1' });
    expect(await store.useAdminToken('abd', LATER)).toBeNull();
  });

  it('keeps graph snapshots with their scores, newest first', async () => {
    const snapshot = (id: string, createdAt: string) => ({
      id,
      createdAt,
      actor: 'cli:test',
      nodeCount: 10,
      edgeCount: 20,
      identityCount: 3,
      adminEquivalent: 1,
      canEscalate: 1,
      buildMs: 12.5,
      problems: [{ identityId: 'aws:x', policy: 'inline policy p', problem: 'the document is not valid JSON' }],
    });
    await store.saveGraphSnapshot(snapshot('s1', NOW), [
      { identityId: 'aws:a', score: 10, admin: 'none' },
      { identityId: 'aws:b', score: 125.5, admin: 'escalates' },
    ]);
    await store.saveGraphSnapshot(snapshot('s2', LATER), []);
    expect((await store.listGraphSnapshots(10)).map((s) => s.id)).toEqual(['s2', 's1']);
    expect((await store.listGraphSnapshots(1))[0]).toEqual(snapshot('s2', LATER));
    expect(await store.graphSnapshotScores('s1')).toEqual([
      { identityId: 'aws:b', score: 125.5, admin: 'escalates' },
      { identityId: 'aws:a', score: 10, admin: 'none' },
    ]);
    expect(await store.graphSnapshotScores('s2')).toEqual([]);
    expect(await store.graphSnapshotScores('nope')).toBeNull();
  });

  it('loads entitlement documents only when asked', async () => {
    const doc = '{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}';
    const withPolicy = record('docs', {
      entitlements: [
        { type: 'aws-inline-policy', name: 'p', via: null, policyId: null, document: doc, statements: [] },
      ],
    });
    await store.upsertIdentities([{ record: withPolicy, contentHash: 'h1' }], meta);
    await store.replaceEntitlements(meta.origin, [
      { identityId: withPolicy.id, entitlements: withPolicy.entitlements },
    ]);
    const without = await store.loadInventory();
    const withDocs = await store.loadInventory({ documents: true });
    expect(without.identities[0]?.entitlements[0]?.document).toBeNull();
    expect(withDocs.identities[0]?.entitlements[0]?.document).toBe(doc);
  });
});
