import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerToken } from './auth.js';
import { startTestApi, type TestApi } from './testing.js';

describe('bearerToken', () => {
  it('reads the token of a Bearer header', () => {
    expect(bearerToken('Bearer vigil_admin_abc')).toBe('vigil_admin_abc');
  });

  it('reads the scheme case-insensitively', () => {
    expect(bearerToken('bearer vigil_admin_abc')).toBe('vigil_admin_abc');
  });

  it('rejects a missing header', () => {
    expect(bearerToken(undefined)).toBeNull();
  });

  it('rejects another scheme', () => {
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeNull();
  });

  it('rejects a scheme without a token', () => {
    expect(bearerToken('Bearer ')).toBeNull();
    expect(bearerToken('Bearer')).toBeNull();
  });

  it('rejects an absurdly long header without looking at it', () => {
    expect(bearerToken(`Bearer ${'a'.repeat(10_000)}`)).toBeNull();
  });
});

describe('admin authentication on /v1', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers 401 with WWW-Authenticate and a JSON error without a token', async () => {
    const res = await api.server.inject({ url: '/v1/identities' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(res.json()).toMatchObject({ error: 'UNAUTHENTICATED', requestId: expect.any(String) });
  });

  it('answers 401 to a wrong token', async () => {
    const res = await api.server.inject({
      url: '/v1/identities',
      headers: { authorization: 'Bearer vigil_admin_thisIsNotARealTokenAtAll0000000000000000000' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(res.json().error).toBe('UNAUTHENTICATED');
  });

  it('answers 401 to a token without the admin prefix', async () => {
    const res = await api.server.inject({ url: '/v1/identities', headers: { authorization: 'Bearer abc' } });
    expect(res.statusCode).toBe(401);
  });

  it('answers 401 to Basic credentials', async () => {
    const res = await api.server.inject({
      url: '/v1/identities',
      headers: { authorization: 'Basic YWRtaW46YWRtaW4=' },
    });
    expect(res.statusCode).toBe(401);
  });

  it('answers 401 before validating the request', async () => {
    const res = await api.server.inject({ url: '/v1/identities?limit=banana' });
    expect(res.statusCode).toBe(401);
  });

  it('answers 401 to an upload without a token, importing nothing', async () => {
    const res = await api.server.inject({
      method: 'POST',
      url: '/v1/imports/aws-iam',
      headers: { 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(res.statusCode).toBe(401);
    expect((await api.vigil.store.listImports(10)).length).toBe(0);
  });

  it('lets a valid token through', async () => {
    const res = await api.server.inject({ url: '/v1/identities', headers: api.auth });
    expect(res.statusCode).toBe(200);
  });

  it('never echoes the token', async () => {
    const res = await api.server.inject({
      url: '/v1/identities',
      headers: { authorization: 'Bearer vigil_admin_leakme' },
    });
    expect(res.body).not.toContain('leakme');
  });
});
