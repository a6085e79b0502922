import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi, uploadAwsExample } from '../testing.js';

describe('/v1/audit/verify', () => {
  let api: TestApi;
  const verify = () => api.server.inject({ url: '/v1/audit/verify', headers: api.auth });

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  it('verifies the chain after an import and edits through the API', async () => {
    expect((await uploadAwsExample(api)).statusCode).toBe(201);
    const owner = await api.server.inject({
      method: 'PUT',
      url: '/v1/identities/ci-deploy/owner',
      headers: api.auth,
      payload: { owner: 'team-platform' },
    });
    expect(owner.statusCode).toBe(200);
    const tags = await api.server.inject({
      method: 'PATCH',
      url: '/v1/identities/ci-deploy/tags',
      headers: api.auth,
      payload: { set: { reviewed: 'yes' } },
    });
    expect(tags.statusCode).toBe(200);

    const res = await verify();
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.ok).toBe(true);
    // The token's creation, the import, the owner edit and the tag edit.
    expect(body.records).toBeGreaterThanOrEqual(4);
    expect(body.headHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names the first bad record when the trail was edited behind Vigil’s back', async () => {
    const db = new SQLite(join(api.dataDir, 'vigil.db'));
    try {
      db.prepare("UPDATE audit_events SET actor = 'someone-else' WHERE seq = 2").run();
    } finally {
      db.close();
    }
    const res = await verify();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: false, firstBad: { seq: 2 } });
  });
});
