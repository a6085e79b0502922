import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi, uploadAwsExample } from '../testing.js';

interface FindingItem {
  id: string;
  rule: string;
  severity: string;
  identityId: string;
  firstDetectedAt: string;
}

describe('/v1/findings', () => {
  let api: TestApi;
  const get = (url: string) => api.server.inject({ url, headers: api.auth });

  beforeAll(async () => {
    api = await startTestApi();
    expect((await uploadAwsExample(api)).statusCode).toBe(201);
  });
  afterAll(async () => {
    await api.close();
  });

  it('lists findings, most severe first', async () => {
    const res = await get('/v1/findings?limit=1000');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBeGreaterThan(0);
    const ranks = body.items.map((f: FindingItem) => ['critical', 'high', 'medium', 'low'].indexOf(f.severity));
    expect(ranks).toEqual([...ranks].sort((a: number, b: number) => a - b));
    expect(body.items[0].firstDetectedAt).toBe('2026-11-20T12:00:00.000Z');
  });

  it('filters by severity', async () => {
    const all = (await get('/v1/findings?limit=1000')).json();
    const high = (await get('/v1/findings?severity=high&limit=1000')).json();
    expect(high.items.every((f: FindingItem) => f.severity === 'high')).toBe(true);
    expect(high.total).toBe(all.items.filter((f: FindingItem) => f.severity === 'high').length);
  });

  it('filters by several severities', async () => {
    const all = (await get('/v1/findings?limit=1000')).json();
    const some = (await get('/v1/findings?severity=critical,high&limit=1000')).json();
    expect(some.total).toBe(all.items.filter((f: FindingItem) => ['critical', 'high'].includes(f.severity)).length);
  });

  it('filters by rule', async () => {
    const body = (await get('/v1/findings?rule=orphaned')).json();
    expect(body.total).toBeGreaterThan(0);
    expect(body.items.every((f: FindingItem) => f.rule === 'orphaned')).toBe(true);
  });

  it('filters by identity, named by its name', async () => {
    const body = (await get('/v1/findings?identity=ci-deploy')).json();
    expect(body.total).toBeGreaterThan(0);
    expect(body.items.every((f: FindingItem) => f.identityId === 'aws:arn:aws:iam::210987654321:user/ci-deploy')).toBe(
      true,
    );
  });

  it('answers 404 for findings of an unknown identity', async () => {
    expect((await get('/v1/findings?identity=ghost')).statusCode).toBe(404);
  });

  it('rejects an unknown severity', async () => {
    const res = await get('/v1/findings?severity=urgent');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('severity');
  });

  it('rejects an unknown rule', async () => {
    expect((await get('/v1/findings?rule=too-cool')).statusCode).toBe(400);
  });

  it('pages', async () => {
    const body = (await get('/v1/findings?limit=2&offset=1')).json();
    expect(body).toMatchObject({ limit: 2, offset: 1 });
    expect(body.items.length).toBeLessThanOrEqual(2);
  });
});
