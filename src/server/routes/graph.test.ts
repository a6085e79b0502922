import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi, uploadAwsExample } from '../testing.js';

const ADMIN_ROLE = 'arn:aws:iam::210987654321:role/break-glass-admin';

describe('/v1/graph and /v1/blast-radius', () => {
  let api: TestApi;
  const get = (url: string) => api.server.inject({ url, headers: api.auth });

  beforeAll(async () => {
    api = await startTestApi();
    expect((await uploadAwsExample(api)).statusCode).toBe(201);
  });
  afterAll(async () => {
    await api.close();
  });

  it('refuses every graph route without a token', async () => {
    for (const url of ['/v1/graph/escalations', '/v1/blast-radius', '/v1/graph/snapshots']) {
      expect((await api.server.inject({ url })).statusCode).toBe(401);
    }
    expect((await api.server.inject({ method: 'POST', url: '/v1/graph/snapshots' })).statusCode).toBe(401);
  });

  it('builds snapshots and diffs them', async () => {
    const first = await api.server.inject({ method: 'POST', url: '/v1/graph/snapshots', headers: api.auth });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ identityCount: expect.any(Number), problems: [] });
    const second = await api.server.inject({ method: 'POST', url: '/v1/graph/snapshots', headers: api.auth });
    const list = (await get('/v1/graph/snapshots')).json();
    expect(list.items).toHaveLength(2);
    const diff = await get(`/v1/graph/diff?before=${first.json().id}&after=${second.json().id}`);
    expect(diff.statusCode).toBe(200);
    expect(diff.json()).toMatchObject({ newlyAdmin: [], noLongerAdmin: [], changed: [] });
    expect((await get(`/v1/graph/diff?before=nope&after=${second.json().id}`)).statusCode).toBe(404);
  });

  it('lists administrators and escalations', async () => {
    const res = await get('/v1/graph/escalations');
    expect(res.statusCode).toBe(200);
    expect(res.json().adminEquivalent.map((entry: { principal: string }) => entry.principal)).toContain(ADMIN_ROLE);
  });

  it("returns one identity's blast radius, and 404 for an unknown one", async () => {
    const res = await get(`/v1/blast-radius/${encodeURIComponent(ADMIN_ROLE)}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().crownJewels[0]).toMatchObject({ sensitivity: 'admin' });
    expect((await get('/v1/blast-radius/no-such-identity')).statusCode).toBe(404);
  });

  it('ranks identities and finds paths', async () => {
    const ranked = (await get('/v1/blast-radius?top=3')).json();
    expect(ranked.items).toHaveLength(3);
    const path = (
      await get(`/v1/graph/path?from=${encodeURIComponent(ADMIN_ROLE)}&to=${encodeURIComponent(ADMIN_ROLE)}`)
    ).json();
    expect(path.path).toEqual([]);
    expect((await get('/v1/blast-radius?top=0')).statusCode).toBe(400);
  });
});
