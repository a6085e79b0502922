import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi, uploadAwsExample } from '../testing.js';

const ACCOUNT = '210987654321';
const ALICE = `aws:arn:aws:iam::${ACCOUNT}:user/alice.nguyen`;
const CI_DEPLOY = `aws:arn:aws:iam::${ACCOUNT}:user/ci-deploy`;
const SVC_REPORTING = `aws:arn:aws:iam::${ACCOUNT}:user/service/svc-reporting`;

interface Summary {
  id: string;
  kind: string;
  name: string;
  owner: { name: string; source: string; detail: string | null } | null;
  tags: Record<string, string>;
  credentialCount: number;
}

describe('/v1/identities', () => {
  let api: TestApi;
  let imported = 0;
  const get = (url: string) => api.server.inject({ url, headers: api.auth });

  beforeAll(async () => {
    api = await startTestApi();
    const res = await uploadAwsExample(api);
    expect(res.statusCode).toBe(201);
    imported = res.json().counts.added;
  });
  afterAll(async () => {
    await api.close();
  });

  it('lists every imported identity with the page it is on', async () => {
    const res = await get('/v1/identities');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(imported).toBeGreaterThan(10);
    expect(body).toMatchObject({ total: imported, limit: 100, offset: 0 });
    expect(body.items).toHaveLength(imported);
    expect(body.items.map((i: Summary) => i.id)).toContain(ALICE);
    // A summary has no credentials or entitlements, only a count.
    expect(body.items[0]).not.toHaveProperty('credentials');
    expect(body.items[0]).toHaveProperty('credentialCount');
  });

  it('pages with limit and offset, without overlap', async () => {
    const first = (await get('/v1/identities?limit=5&offset=0')).json();
    const second = (await get('/v1/identities?limit=5&offset=5')).json();
    expect(first).toMatchObject({ total: imported, limit: 5, offset: 0 });
    expect(first.items).toHaveLength(5);
    expect(second.items).toHaveLength(5);
    const ids = new Set([...first.items, ...second.items].map((i: Summary) => i.id));
    expect(ids.size).toBe(10);
  });

  it('gives an empty page past the end', async () => {
    const body = (await get(`/v1/identities?offset=${imported + 10}`)).json();
    expect(body.items).toEqual([]);
    expect(body.total).toBe(imported);
  });

  it('filters by kind', async () => {
    const body = (await get('/v1/identities?kind=role')).json();
    expect(body.total).toBeGreaterThan(0);
    expect(body.items.every((i: Summary) => i.kind === 'role')).toBe(true);
  });

  it('takes several kinds as a comma list or as repeated parameters, the same', async () => {
    const roles = (await get('/v1/identities?kind=role')).json().total;
    const groups = (await get('/v1/identities?kind=group')).json().total;
    const comma = (await get('/v1/identities?kind=role,group')).json();
    const repeated = (await get('/v1/identities?kind=role&kind=group')).json();
    expect(comma.total).toBe(roles + groups);
    expect(repeated.total).toBe(roles + groups);
  });

  it('rejects an unknown kind with 400 naming it', async () => {
    const res = await get('/v1/identities?kind=robot');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('INPUT_INVALID');
    expect(res.json().message).toContain('kind');
  });

  it('filters by provider and status', async () => {
    expect((await get('/v1/identities?provider=aws&status=active')).json().total).toBe(imported);
    expect((await get('/v1/identities?provider=github')).json().total).toBe(0);
  });

  it('rejects an unknown status', async () => {
    expect((await get('/v1/identities?status=sleeping')).statusCode).toBe(400);
  });

  it('finds identities without an owner with owner=none', async () => {
    const body = (await get('/v1/identities?owner=none&limit=1000')).json();
    expect(body.items.map((i: Summary) => i.id)).toContain(CI_DEPLOY);
    expect(body.items.every((i: Summary) => i.owner === null)).toBe(true);
  });

  it('filters by an exact owner name', async () => {
    const body = (await get('/v1/identities?owner=alice.nguyen%40lumenfreight.example')).json();
    expect(body.total).toBeGreaterThan(0);
    expect(body.items.every((i: Summary) => i.owner?.name === 'alice.nguyen@lumenfreight.example')).toBe(true);
  });

  it('searches names case-insensitively', async () => {
    const body = (await get('/v1/identities?search=ALICE')).json();
    expect(body.items.map((i: Summary) => i.id)).toContain(ALICE);
  });

  it('rejects a limit above 1000', async () => {
    expect((await get('/v1/identities?limit=1001')).statusCode).toBe(400);
  });

  it('rejects a limit of 0', async () => {
    expect((await get('/v1/identities?limit=0')).statusCode).toBe(400);
  });

  it('rejects a limit that is not a number', async () => {
    expect((await get('/v1/identities?limit=ten')).statusCode).toBe(400);
  });

  it('rejects a negative offset', async () => {
    expect((await get('/v1/identities?offset=-1')).statusCode).toBe(400);
  });

  it('rejects an over-long search', async () => {
    expect((await get(`/v1/identities?search=${'a'.repeat(300)}`)).statusCode).toBe(400);
  });

  it('shows one identity by its URL-encoded id, with its findings', async () => {
    const res = await get(`/v1/identities/${encodeURIComponent(ALICE)}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.identity).toMatchObject({ id: ALICE, kind: 'human', provider: 'aws' });
    expect(Array.isArray(body.identity.credentials)).toBe(true);
    expect(Array.isArray(body.identity.entitlements)).toBe(true);
    expect(Array.isArray(body.findings)).toBe(true);
  });

  it('shows one identity by its ARN', async () => {
    const res = await get(`/v1/identities/${encodeURIComponent(`arn:aws:iam::${ACCOUNT}:user/alice.nguyen`)}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().identity.id).toBe(ALICE);
  });

  it('shows one identity by its name', async () => {
    const res = await get('/v1/identities/ci-deploy');
    expect(res.statusCode).toBe(200);
    expect(res.json().identity.id).toBe(CI_DEPLOY);
  });

  it('lists the findings of an identity without an owner', async () => {
    const body = (await get(`/v1/identities/${encodeURIComponent(CI_DEPLOY)}`)).json();
    expect(body.findings.map((f: { rule: string }) => f.rule)).toContain('orphaned');
  });

  it('answers 404 for an unknown identity', async () => {
    const res = await get('/v1/identities/nobody-at-all');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'NOT_FOUND', details: { reference: 'nobody-at-all' } });
  });

  it('sets an owner, which then shows with source "edit" and the API actor', async () => {
    const res = await api.server.inject({
      method: 'PUT',
      url: `/v1/identities/${encodeURIComponent(CI_DEPLOY)}/owner`,
      headers: api.auth,
      payload: { owner: 'team-platform' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().owner).toEqual({ name: 'team-platform', source: 'edit', detail: `api:${api.tokenId}` });

    const shown = (await get(`/v1/identities/${encodeURIComponent(CI_DEPLOY)}`)).json();
    expect(shown.identity.owner).toMatchObject({ name: 'team-platform', source: 'edit' });
    // An owned identity is no longer orphaned.
    expect(shown.findings.map((f: { rule: string }) => f.rule)).not.toContain('orphaned');
  });

  it('records the owner edit in the audit trail as the API actor', async () => {
    const records = await api.vigil.store.readAudit(0, 1000);
    const edit = records.find((r) => r.action === 'identity.set-owner' && r.subject === CI_DEPLOY);
    expect(edit?.actor).toBe(`api:${api.tokenId}`);
  });

  it('clears an owner with null', async () => {
    const res = await api.server.inject({
      method: 'PUT',
      url: `/v1/identities/${encodeURIComponent(SVC_REPORTING)}/owner`,
      headers: api.auth,
      payload: { owner: null },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().owner).toBeNull();
  });

  it('rejects an owner edit without an owner field', async () => {
    const res = await api.server.inject({
      method: 'PUT',
      url: `/v1/identities/${encodeURIComponent(CI_DEPLOY)}/owner`,
      headers: api.auth,
      payload: {},
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details.issues[0]).toMatchObject({ in: 'body', path: '/owner' });
  });

  it('rejects an empty owner', async () => {
    const res = await api.server.inject({
      method: 'PUT',
      url: `/v1/identities/${encodeURIComponent(CI_DEPLOY)}/owner`,
      headers: api.auth,
      payload: { owner: '   ' },
    });
    expect(res.statusCode).toBe(400);
  });

  it('rejects an owner with control characters', async () => {
    const res = await api.server.inject({
      method: 'PUT',
      url: `/v1/identities/${encodeURIComponent(CI_DEPLOY)}/owner`,
      headers: api.auth,
      payload: { owner: 'team\nplatform' },
    });
    expect(res.statusCode).toBe(400);
  });

  it('rejects an unknown field in an owner edit', async () => {
    const res = await api.server.inject({
      method: 'PUT',
      url: `/v1/identities/${encodeURIComponent(CI_DEPLOY)}/owner`,
      headers: api.auth,
      payload: { owner: 'x', source: 'tag' },
    });
    expect(res.statusCode).toBe(400);
  });

  it('answers 404 to an owner edit of an unknown identity', async () => {
    const res = await api.server.inject({
      method: 'PUT',
      url: '/v1/identities/ghost/owner',
      headers: api.auth,
      payload: { owner: 'someone' },
    });
    expect(res.statusCode).toBe(404);
  });

  it('sets and removes tags', async () => {
    const res = await api.server.inject({
      method: 'PATCH',
      url: `/v1/identities/${encodeURIComponent(CI_DEPLOY)}/tags`,
      headers: api.auth,
      payload: { set: { environment: 'prod', purpose: 'deploys the monolith' }, remove: ['created-by'] },
    });
    expect(res.statusCode).toBe(200);
    const tags = res.json().tags;
    expect(tags).toMatchObject({ environment: 'prod', purpose: 'deploys the monolith' });
    expect(tags).not.toHaveProperty('created-by');

    const shown = (await get(`/v1/identities/${encodeURIComponent(CI_DEPLOY)}`)).json();
    expect(shown.identity.tags).toEqual(tags);
  });

  it('rejects a tag edit that changes nothing', async () => {
    const res = await api.server.inject({
      method: 'PATCH',
      url: `/v1/identities/${encodeURIComponent(CI_DEPLOY)}/tags`,
      headers: api.auth,
      payload: {},
    });
    expect(res.statusCode).toBe(400);
  });

  it('rejects a tag both set and removed', async () => {
    const res = await api.server.inject({
      method: 'PATCH',
      url: `/v1/identities/${encodeURIComponent(CI_DEPLOY)}/tags`,
      headers: api.auth,
      payload: { set: { a: '1' }, remove: ['a'] },
    });
    expect(res.statusCode).toBe(400);
  });

  it('rejects a tag value that is not a string', async () => {
    const res = await api.server.inject({
      method: 'PATCH',
      url: `/v1/identities/${encodeURIComponent(CI_DEPLOY)}/tags`,
      headers: api.auth,
      payload: { set: { a: 1 } },
    });
    expect(res.statusCode).toBe(400);
  });

  it('rejects a __proto__ key in a tag edit', async () => {
    const res = await api.server.inject({
      method: 'PATCH',
      url: `/v1/identities/${encodeURIComponent(CI_DEPLOY)}/tags`,
      headers: { ...api.auth, 'content-type': 'application/json' },
      payload: '{"set": {"__proto__": {"polluted": "yes"}}}',
    });
    expect(res.statusCode).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('/v1/identities/{name} when a name is not unique', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
    expect((await uploadAwsExample(api)).statusCode).toBe(201);
    const yaml = [
      'version: 1',
      'scope: jenkins',
      'identities:',
      '  - provider: jenkins',
      '    id: ci-deploy',
      '    kind: service-account',
      '    name: ci-deploy',
      '',
    ].join('\n');
    const res = await api.server.inject({
      method: 'POST',
      url: '/v1/imports/vigil-yaml?filename=jenkins.yaml',
      headers: { ...api.auth, 'content-type': 'application/yaml' },
      payload: yaml,
    });
    expect(res.statusCode).toBe(201);
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers 409 listing the identities the name matches', async () => {
    const res = await api.server.inject({ url: '/v1/identities/ci-deploy', headers: api.auth });
    expect(res.statusCode).toBe(409);
    const body = res.json();
    expect(body.error).toBe('AMBIGUOUS');
    expect([...body.details.candidates].sort()).toEqual([CI_DEPLOY, 'jenkins:ci-deploy']);
  });

  it('refuses to edit an ambiguous name, changing nothing', async () => {
    const res = await api.server.inject({
      method: 'PUT',
      url: '/v1/identities/ci-deploy/owner',
      headers: api.auth,
      payload: { owner: 'team-platform' },
    });
    expect(res.statusCode).toBe(409);
    const shown = (
      await api.server.inject({ url: `/v1/identities/${encodeURIComponent(CI_DEPLOY)}`, headers: api.auth })
    ).json();
    expect(shown.identity.owner).toBeNull();
  });

  it('still shows each by its id', async () => {
    const res = await api.server.inject({ url: '/v1/identities/jenkins%3Aci-deploy', headers: api.auth });
    expect(res.statusCode).toBe(200);
    expect(res.json().identity.provider).toBe('jenkins');
  });
});
