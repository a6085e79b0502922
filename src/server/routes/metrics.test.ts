import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi, uploadAwsExample } from '../testing.js';

describe('/v1/metrics', () => {
  let api: TestApi;
  const get = (url: string) => api.server.inject({ url, headers: api.auth });

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  it('has no latest snapshot before any import', async () => {
    const res = await get('/v1/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ latest: null, history: [] });
  });

  it('has the metrics of the latest import, and the ones before as history', async () => {
    const first = (await uploadAwsExample(api)).json();
    api.advanceClock(60_000);
    const second = (await uploadAwsExample(api)).json();
    const body = (await get('/v1/metrics')).json();
    expect(body.latest.importId).toBe(second.importId);
    expect(body.latest.metrics.identities).toBe(first.counts.added);
    expect(body.latest.metrics.findings).toBe(second.findings);
    expect(body.history.map((s: { importId: string }) => s.importId)).toEqual([first.importId]);
  });

  it('limits the history', async () => {
    const body = (await get('/v1/metrics?history=0')).json();
    expect(body.latest).not.toBeNull();
    expect(body.history).toEqual([]);
  });

  it('rejects a history that is not a number', async () => {
    expect((await get('/v1/metrics?history=all')).statusCode).toBe(400);
  });
});
