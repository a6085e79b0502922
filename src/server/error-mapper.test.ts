import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ERROR_CODES, ImportInputError, VigilError } from '../core/errors.js';
import { HTTP_STATUS_FOR, INTERNAL_ERROR_CODE, installErrorHandling, toErrorResponse } from './error-mapper.js';

const context = { requestId: 'req-1' };

describe('toErrorResponse', () => {
  it('maps every Vigil error code to a status', () => {
    for (const code of ERROR_CODES) expect(HTTP_STATUS_FOR[code]).toBeGreaterThanOrEqual(400);
    expect(HTTP_STATUS_FOR).toEqual({
      INPUT_INVALID: 400,
      USAGE: 400,
      NOT_FOUND: 404,
      AMBIGUOUS: 409,
      UNAUTHENTICATED: 401,
      CONFIG_INVALID: 500,
      AUDIT_TAMPERED: 409,
    });
  });

  it('gives a Vigil error its code, message, details and the request id', () => {
    const response = toErrorResponse(
      new VigilError('AMBIGUOUS', '"ci" names 2 identities', { candidates: ['a', 'b'] }),
      context,
    );
    expect(response.status).toBe(409);
    expect(response.body).toEqual({
      error: 'AMBIGUOUS',
      message: '"ci" names 2 identities',
      details: { candidates: ['a', 'b'] },
      requestId: 'req-1',
    });
    expect(response.internal).toBe(false);
  });

  it('leaves details out when a Vigil error has none', () => {
    expect(toErrorResponse(new VigilError('NOT_FOUND', 'no identity "x"'), context).body).toEqual({
      error: 'NOT_FOUND',
      message: 'no identity "x"',
      requestId: 'req-1',
    });
  });

  it('keeps an import error’s file, place and problem', () => {
    const response = toErrorResponse(
      new ImportInputError('iam.json', 'line 3, column 7', 'expected a JSON value'),
      context,
    );
    expect(response.status).toBe(400);
    expect(response.body.message).toBe('iam.json: line 3, column 7: expected a JSON value');
    expect(response.body.details).toEqual({
      file: 'iam.json',
      location: 'line 3, column 7',
      problem: 'expected a JSON value',
    });
  });

  it('asks for a bearer token on 401', () => {
    const response = toErrorResponse(new VigilError('UNAUTHENTICATED', 'missing admin token'), context);
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
  });

  it('hides the text of an unknown error behind a generic 500', () => {
    const response = toErrorResponse(
      new Error('SQLITE_CORRUPT: database disk image is malformed at /var/lib/x'),
      context,
    );
    expect(response.status).toBe(500);
    expect(response.internal).toBe(true);
    expect(response.body.error).toBe(INTERNAL_ERROR_CODE);
    expect(response.body.requestId).toBe('req-1');
    expect(JSON.stringify(response.body)).not.toMatch(/SQLITE|malformed|var\/lib/);
  });

  it('hides a thrown non-error value behind a generic 500', () => {
    expect(toErrorResponse('boom', context).status).toBe(500);
    expect(toErrorResponse(null, context).body.error).toBe(INTERNAL_ERROR_CODE);
  });

  it('does not trust a 4xx status on an error that is not the framework’s', () => {
    const error = Object.assign(new Error('driver says: password authentication failed'), { statusCode: 400 });
    const response = toErrorResponse(error, context);
    expect(response.status).toBe(500);
    expect(response.body.message).not.toContain('password');
  });

  it('says the limit on a body that is too large', () => {
    const error = Object.assign(new Error('Request body is too large'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });
    const response = toErrorResponse(error, { requestId: 'r', bodyLimit: 2048 });
    expect(response.status).toBe(413);
    expect(response.body.error).toBe('PAYLOAD_TOO_LARGE');
    expect(response.body.message).toContain('2.0 KiB');
  });

  it('cuts a very long message', () => {
    const response = toErrorResponse(new VigilError('USAGE', 'x'.repeat(10_000)), context);
    expect(response.body.message.length).toBeLessThanOrEqual(4000);
  });
});

describe('installErrorHandling', () => {
  async function app() {
    const server = Fastify({ logger: false });
    server.setValidatorCompiler(validatorCompiler);
    server.setSerializerCompiler(serializerCompiler);
    installErrorHandling(server);
    const typed = server.withTypeProvider<ZodTypeProvider>();
    typed.get('/boom', async () => {
      throw new Error('connection refused to 10.0.0.5:5432');
    });
    typed.get('/missing', async () => {
      throw new VigilError('NOT_FOUND', 'no identity "ghost"', { reference: 'ghost' });
    });
    typed.get(
      '/limited',
      { schema: { querystring: z.strictObject({ limit: z.coerce.number().int().max(10) }) } },
      async () => ({}),
    );
    typed.get(
      '/bad-response',
      { schema: { response: { 200: z.object({ n: z.number() }) } } },
      async () => ({ n: 'not a number' }) as unknown as { n: number },
    );
    await server.ready();
    return server;
  }

  it('answers an unknown error with 500, the request id and no driver text', async () => {
    const server = await app();
    const res = await server.inject({ url: '/boom' });
    expect(res.statusCode).toBe(500);
    const body = res.json();
    expect(body).toEqual({ error: 'internal', message: expect.any(String), requestId: expect.any(String) });
    expect(res.body).not.toContain('10.0.0.5');
  });

  it('answers a Vigil error with its status and code', async () => {
    const server = await app();
    const res = await server.inject({ url: '/missing' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'NOT_FOUND', details: { reference: 'ghost' } });
  });

  it('answers a validation error with 400 and the issues', async () => {
    const server = await app();
    const res = await server.inject({ url: '/limited?limit=99' });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error).toBe('INPUT_INVALID');
    expect(body.details.issues[0]).toMatchObject({ in: 'querystring', path: '/limit' });
  });

  it('answers an unknown query parameter with 400 naming it', async () => {
    const server = await app();
    const res = await server.inject({ url: '/limited?limit=1&limt=2' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('limt');
  });

  it('answers a response that breaks its own schema with a generic 500', async () => {
    const server = await app();
    const res = await server.inject({ url: '/bad-response' });
    expect(res.statusCode).toBe(500);
    expect(res.json().error).toBe('internal');
  });

  it('answers an unknown route with a JSON 404', async () => {
    const server = await app();
    const res = await server.inject({ url: '/nowhere?token=secret' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'NOT_FOUND', message: expect.stringContaining('/nowhere') });
    expect(res.body).not.toContain('secret');
  });
});
