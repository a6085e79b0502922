import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './testing.js';

describe('buildServer', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers /healthz without a token', async () => {
    const res = await api.server.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('serves the OpenAPI document without a token', async () => {
    const res = await api.server.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/v1/identities'].get.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/v1/identities'].get.parameters.map((p: { name: string }) => p.name)).toContain('kind');
    expect(doc.paths['/v1/identities/{id}/owner'].put.requestBody).toBeDefined();
    expect(Object.keys(doc.paths['/v1/imports/{source}'].post.requestBody.content)).toContain('text/csv');
    expect(doc.paths['/healthz'].get.security).toBeUndefined();
  });

  it('lists every /v1 route in the document, each with bearer security', async () => {
    const doc = (await api.server.inject({ url: '/openapi.json' })).json();
    const operations = Object.entries(doc.paths as Record<string, Record<string, { security?: unknown }>>)
      .filter(([path]) => path.startsWith('/v1/'))
      .flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => ({ route: `${method} ${path}`, op })),
      );
    expect(operations.map((o) => o.route).sort()).toEqual([
      'get /v1/audit/verify',
      'get /v1/blast-radius',
      'get /v1/blast-radius/{id}',
      'get /v1/findings',
      'get /v1/graph/diff',
      'get /v1/graph/escalations',
      'get /v1/graph/path',
      'get /v1/graph/snapshots',
      'get /v1/identities',
      'get /v1/identities/{id}',
      'get /v1/imports',
      'get /v1/metrics',
      'patch /v1/identities/{id}/tags',
      'post /v1/graph/snapshots',
      'post /v1/imports/{source}',
      'put /v1/identities/{id}/owner',
    ]);
    for (const { op } of operations) expect(op.security).toEqual([{ bearerAuth: [] }]);
  });

  it('keeps the docs routes out of the document', async () => {
    const doc = (await api.server.inject({ url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/docs') || p === '/openapi.json')).toEqual([]);
  });

  it('serves Swagger UI at /docs without a token', async () => {
    const res = await api.server.inject({ url: '/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
  });

  it('answers an unknown route with a JSON 404', async () => {
    const res = await api.server.inject({ url: '/v2/nothing' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.json()).toMatchObject({ error: 'NOT_FOUND', requestId: expect.any(String) });
  });

  it('answers an unknown /v1 route with a JSON 404', async () => {
    const res = await api.server.inject({ url: '/v1/nothing', headers: api.auth });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toBe('NOT_FOUND');
  });

  it('answers a malformed percent-encoding in the path with a JSON 400', async () => {
    const res = await api.server.inject({ url: '/v1/identities/%E0%A4%A', headers: api.auth });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'INPUT_INVALID', requestId: expect.any(String) });
  });

  it('answers an over-long path parameter with a short JSON 414', async () => {
    const res = await api.server.inject({ url: `/v1/identities/${'a'.repeat(5000)}`, headers: api.auth });
    expect(res.statusCode).toBe(414);
    expect(res.json()).toMatchObject({ error: 'INPUT_INVALID', requestId: expect.any(String) });
    expect(res.body.length).toBeLessThan(500);
  });

  it('gives every response a fresh request id that the error body repeats', async () => {
    const a = await api.server.inject({ url: '/v1/identities' });
    const b = await api.server.inject({ url: '/v1/identities' });
    expect(a.headers['x-request-id']).toBe(a.json().requestId);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });

  it('ignores a request id the client sends', async () => {
    const res = await api.server.inject({
      url: '/healthz',
      headers: { 'request-id': 'forged', 'x-request-id': 'forged' },
    });
    expect(res.headers['x-request-id']).not.toBe('forged');
  });

  it('marks /v1 answers as not to be cached', async () => {
    const res = await api.server.inject({ url: '/v1/identities', headers: api.auth });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('rejects an unknown query parameter', async () => {
    const res = await api.server.inject({ url: '/v1/identities?colour=blue', headers: api.auth });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('colour');
  });

  it('rejects a malformed JSON body with 400', async () => {
    const res = await api.server.inject({
      method: 'PUT',
      url: '/v1/identities/anything/owner',
      headers: { ...api.auth, 'content-type': 'application/json' },
      payload: '{"owner": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('INPUT_INVALID');
  });
});
