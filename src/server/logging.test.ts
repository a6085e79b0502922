import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './testing.js';

/** A pino destination that keeps every line written. */
function captureLog(): { stream: Writable; text: () => string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => lines.join('') };
}

describe('server logging', () => {
  const log = captureLog();
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ logger: { level: 'trace', stream: log.stream } });
  });
  afterAll(async () => {
    await api.close();
  });

  it('logs requests', async () => {
    await api.server.inject({ url: '/healthz' });
    expect(log.text()).toContain('/healthz');
  });

  it('never logs the Authorization header, valid or not', async () => {
    await api.server.inject({ url: '/v1/identities', headers: api.auth });
    await api.server.inject({
      url: '/v1/identities',
      headers: { authorization: 'Bearer vigil_admin_WRONGwrongWRONG' },
    });
    const token = api.auth.authorization.replace('Bearer ', '');
    expect(log.text()).not.toContain(token);
    expect(log.text()).not.toContain('WRONGwrongWRONG');
  });

  it('never logs an uploaded file, good or bad', async () => {
    await api.server.inject({
      method: 'POST',
      url: '/v1/imports/aws-iam?filename=x.json',
      headers: { ...api.auth, 'content-type': 'application/json' },
      payload: '{"UserDetailList": "MARKER-in-the-body-a7f3"}',
    });
    expect(log.text()).not.toContain('MARKER-in-the-body-a7f3');
  });

  it('never logs an edit body', async () => {
    await api.server.inject({
      method: 'PUT',
      url: '/v1/identities/nobody/owner',
      headers: api.auth,
      payload: { owner: 'MARKER-owner-b9e1', extra: true },
    });
    expect(log.text()).not.toContain('MARKER-owner-b9e1');
  });
});
