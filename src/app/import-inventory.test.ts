/**
 * The import use case end to end on each database: all-or-nothing, idempotent, deletions
 * marked, owners kept, findings and metrics refreshed, every step audited.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestDatabase, testDatabaseEngines } from '../adapters/store/test-databases.js';
import { verifyAuditChain } from '../core/audit/audit-chain.js';
import { ImportInputError } from '../core/errors.js';
import { loadConfig } from '../runtime/config.js';
import { createVigil, type Vigil } from '../runtime/create-vigil.js';
import { verifyAuditTrail } from './audit-trail.js';
import { setOwner } from './edit-identity.js';
import { importInventory } from './import-inventory.js';

const example = (path: string) => readFileSync(new URL(`../../examples/${path}`, import.meta.url));
const K8S = example('k8s/cluster-rbac.json');
const IAM = example('aws/account-authorization-details.json');
const NOW = new Date('2026-11-20T12:00:00Z');

describe.each(testDatabaseEngines())('importInventory on %s', (_engine, makeDatabase) => {
  let database: TestDatabase;
  let vigil: Vigil;
  let clock = NOW;

  beforeEach(async () => {
    database = await makeDatabase();
    clock = NOW;
    vigil = await createVigil(loadConfig(database.location, {}), () => clock);
  });

  afterEach(async () => {
    await vigil.close();
    await database.dispose();
  });

  const importK8s = (bytes: Uint8Array = K8S) =>
    importInventory(vigil, { source: 'k8s', fileName: 'cluster-rbac.json', bytes, actor: 'test', scope: 'prod-eu-1' });

  it('imports, then re-imports without change', async () => {
    const first = await importK8s();
    expect(first.counts.added).toBeGreaterThan(10);
    expect(first.findings).toBeGreaterThan(0);
    const again = await importK8s();
    expect(again.counts).toMatchObject({ added: 0, updated: 0, deleted: 0, unchanged: first.counts.added });
    const snapshots = await vigil.store.listMetrics(10);
    expect(snapshots).toHaveLength(2);
  });

  it('marks an identity missing from a newer full import deleted, with a time and an audit record', async () => {
    await importK8s();
    const list = JSON.parse(K8S.toString()) as {
      items: Array<{ kind: string; metadata: { name: string; namespace?: string } }>;
    };
    const without = list.items.filter((i) => !(i.kind === 'ServiceAccount' && i.metadata.name === 'payments-api'));
    clock = new Date('2026-11-21T12:00:00Z');
    const result = await importK8s(Buffer.from(JSON.stringify({ ...list, items: without })));
    expect(result.counts.deleted).toBe(1);
    const id = 'kubernetes:prod-eu-1/system:serviceaccount:payments:payments-api';
    expect(await vigil.store.getIdentity(id)).toMatchObject({
      status: 'deleted',
      deletedAt: '2026-11-21T12:00:00.000Z',
    });
    const audit = await vigil.store.readAudit(0, 100);
    expect(audit.some((r) => r.action === 'identity.delete' && r.subject === id)).toBe(true);
    expect(verifyAuditChain(audit).ok).toBe(true);
  });

  it('keeps an owner set by an edit across re-import, and clears the orphaned finding', async () => {
    await importInventory(vigil, { source: 'aws-iam', fileName: 'iam.json', bytes: IAM, actor: 'test' });
    const id = 'aws:arn:aws:iam::210987654321:user/ci-deploy';
    const orphaned = async () =>
      (await vigil.store.listFindings({ identityId: id, rule: ['orphaned'] }, { limit: 5, offset: 0 })).total;
    expect(await orphaned()).toBe(1);
    await setOwner(vigil, id, 'team-platform', 'test');
    expect(await orphaned()).toBe(0);
    await importInventory(vigil, { source: 'aws-iam', fileName: 'iam.json', bytes: IAM, actor: 'test' });
    expect((await vigil.store.getIdentity(id))?.owner).toMatchObject({ name: 'team-platform', source: 'edit' });
    expect(await orphaned()).toBe(0);
  });

  it('merges the credential report into the IAM users it describes', async () => {
    await importInventory(vigil, { source: 'aws-iam', fileName: 'iam.json', bytes: IAM, actor: 'test' });
    await importInventory(vigil, {
      source: 'aws-credential-report',
      fileName: 'report.csv',
      bytes: example('aws/credential-report.csv'),
      actor: 'test',
    });
    const bob = await vigil.store.getIdentity('aws:arn:aws:iam::210987654321:user/bob.martin');
    expect(bob?.mfaEnabled).toBe(false);
    expect(bob?.usageTracked).toBe(true);
    expect(bob?.credentials.map((c) => c.type)).toContain('password');
    // A later IAM import keeps what the report said.
    await importInventory(vigil, { source: 'aws-iam', fileName: 'iam.json', bytes: IAM, actor: 'test' });
    const again = await vigil.store.getIdentity('aws:arn:aws:iam::210987654321:user/bob.martin');
    expect(again?.mfaEnabled).toBe(false);
    expect(again?.credentials).toEqual(bob?.credentials);
  });

  it('leaves the store exactly as it was when a file is bad', async () => {
    await importK8s();
    const before = {
      identities: await vigil.store.listIdentities({}, { limit: 1000, offset: 0 }),
      audit: await vigil.store.readAudit(0, 1000),
      metrics: await vigil.store.listMetrics(100),
    };
    const truncated = K8S.subarray(0, Math.floor(K8S.length / 2));
    await expect(importK8s(truncated)).rejects.toBeInstanceOf(ImportInputError);
    expect(await vigil.store.listIdentities({}, { limit: 1000, offset: 0 })).toEqual(before.identities);
    expect(await vigil.store.readAudit(0, 1000)).toEqual(before.audit);
    expect(await vigil.store.listMetrics(100)).toEqual(before.metrics);
    expect((await verifyAuditTrail(vigil.store)).ok).toBe(true);
  });
});
