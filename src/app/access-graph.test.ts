/**
 * The access-graph use cases on the sample Lumen Freight estate (AWS, Kubernetes, GitHub),
 * imported by the real importers into each database.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestDatabase, testDatabaseEngines } from '../adapters/store/test-databases.js';
import { findEscalations } from '../core/graph/escalations.js';
import { loadConfig } from '../runtime/config.js';
import { createVigil, type Vigil } from '../runtime/create-vigil.js';
import {
  buildGraphSnapshot,
  currentGraph,
  diffGraphSnapshots,
  identityBlastRadius,
  listGraphSnapshots,
  shortestPath,
} from './access-graph.js';
import { importInventory } from './import-inventory.js';

const example = (path: string) => readFileSync(new URL(`../../examples/${path}`, import.meta.url));
const IAM = example('aws/account-authorization-details.json');
const NOW = new Date('2026-11-20T12:00:00Z');
const ACCOUNT = '210987654321';

describe.each(testDatabaseEngines())('access graph on %s', (_engine, makeDatabase) => {
  let database: TestDatabase;
  let vigil: Vigil;

  beforeEach(async () => {
    database = await makeDatabase();
    vigil = await createVigil(loadConfig(database.location, {}), () => NOW);
    const load = (source: 'aws-iam' | 'k8s' | 'github', path: string, bytes = example(path), scope?: string) =>
      importInventory(vigil, { source, fileName: path, bytes, actor: 'test', scope });
    await load('aws-iam', 'aws/account-authorization-details.json', IAM);
    await load('k8s', 'k8s/cluster-rbac.json', undefined, 'prod-eu-1');
    await load('github', 'github/org-export.json');
  });

  afterEach(async () => {
    await vigil.close();
    await database.dispose();
  });

  it('finds who holds administrator rights and who can become an administrator, with the path', async () => {
    const { graph, problems } = await currentGraph(vigil);
    expect(problems).toEqual([]);
    const report = findEscalations(graph);
    const admins = report.adminEquivalent.map((entry) => entry.principal);
    expect(admins).toContain(`arn:aws:iam::${ACCOUNT}:role/break-glass-admin`);
    expect(admins).toContain(`arn:aws:iam::${ACCOUNT}:user/alice.nguyen`);
    expect(admins).toContain('system:serviceaccount:ci:deployer');
    const runner = report.escalations.find((entry) => entry.principal === 'system:serviceaccount:ci:runner');
    expect(runner?.reaches).toBe('administrator of Kubernetes cluster prod-eu-1');
    expect(runner?.path.map((hop) => hop.to)).toEqual([
      'system:serviceaccount:ci:deployer',
      'administrator of Kubernetes cluster prod-eu-1',
    ]);
    expect(runner?.path[0]?.evidence).toMatch(/create on pods in namespace ci/);
    expect(runner?.assumptions.length).toBeGreaterThan(0);
  });

  it('ties GitHub to AWS: a push to a repository the role trusts is a way into the role', async () => {
    const path = await shortestPath(
      vigil,
      'github:lumen-freight/user:anguyen-lf',
      `arn:aws:iam::${ACCOUNT}:role/github-actions-deploy`,
    );
    expect(path?.map((hop) => [hop.kind, hop.technique])).toEqual([['can-assume', 'github-actions-oidc']]);
    expect(path?.[0]?.evidence).toMatch(/trusts GitHub Actions tokens with sub repo:lumen-freight\//);
  });

  it("computes an identity's blast radius with the resources it reaches", async () => {
    const { radius } = await identityBlastRadius(vigil, 'svc-legacy-etl');
    expect(radius.label).toBe(`arn:aws:iam::${ACCOUNT}:user/service/svc-legacy-etl`);
    expect(radius.crownJewels.map((jewel) => jewel.label)).toContain(
      `arn:aws:s3:::lumen-data-lake (AWS account ${ACCOUNT})`,
    );
    expect(radius.score).toBe(
      radius.reached.bySensitivity.data * 10 + radius.reached.bySensitivity.secrets * 25 + radius.reached.identities,
    );
    await expect(identityBlastRadius(vigil, 'no-such-identity')).rejects.toThrow(/no identity "no-such-identity"/);
  });

  it('keeps snapshots, audits each build, and diffs two of them', async () => {
    const first = await buildGraphSnapshot(vigil, 'test');
    expect(first.snapshot).toMatchObject({ actor: 'test', problems: [] });
    // Counted per identity: one that administers two systems counts once.
    const admins = new Set(first.escalations.adminEquivalent.map((entry) => entry.identity));
    expect(first.snapshot.adminEquivalent).toBe(admins.size);
    expect(first.snapshot.identityCount).toBe(first.ranked.length);

    // Take AdministratorAccess away from the ci-deploy user and import again.
    const iam = JSON.parse(IAM.toString()) as {
      UserDetailList: Array<{ UserName: string; AttachedManagedPolicies: Array<{ PolicyName: string }> }>;
    };
    const ci = iam.UserDetailList.find((user) => user.UserName === 'ci-deploy');
    if (ci === undefined) throw new Error('the sample estate has no ci-deploy user');
    ci.AttachedManagedPolicies = ci.AttachedManagedPolicies.filter(
      (policy) => policy.PolicyName !== 'AdministratorAccess',
    );
    await importInventory(vigil, {
      source: 'aws-iam',
      fileName: 'iam.json',
      bytes: Buffer.from(JSON.stringify(iam)),
      actor: 'test',
    });
    const second = await buildGraphSnapshot(vigil, 'test');

    const listed = await listGraphSnapshots(vigil, 10);
    expect(listed.map((snapshot) => snapshot.id).sort()).toEqual([first.snapshot.id, second.snapshot.id].sort());
    const diff = await diffGraphSnapshots(vigil, first.snapshot.id, second.snapshot.id);
    expect(diff.noLongerAdmin.map((change) => change.identityId)).toContain(
      `aws:arn:aws:iam::${ACCOUNT}:user/ci-deploy`,
    );
    expect(diff.totalAfter).toBeLessThan(diff.totalBefore);
    await expect(diffGraphSnapshots(vigil, first.snapshot.id, 'nope')).rejects.toThrow(/no graph snapshot "nope"/);

    const audit = await vigil.store.readAudit(0, 10_000);
    expect(audit.filter((record) => record.action === 'graph.build').map((record) => record.subject)).toEqual([
      first.snapshot.id,
      second.snapshot.id,
    ]);
  });
});
