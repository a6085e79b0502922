import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi, uploadAwsExample } from '../testing.js';

describe('/v1/imports', () => {
  let api: TestApi;
  let total = 0;
  const identityTotal = async () =>
    (await api.server.inject({ url: '/v1/identities?limit=1', headers: api.auth })).json().total as number;
  const upload = (url: string, payload: string | Buffer, contentType = 'application/json', headers = {}) =>
    api.server.inject({
      method: 'POST',
      url,
      headers: { ...api.auth, 'content-type': contentType, ...headers },
      payload,
    });

  beforeAll(async () => {
    api = await startTestApi({ maxImportBytes: String(256 * 1024) });
  });
  afterAll(async () => {
    await api.close();
  });

  it('imports an uploaded file and answers 201 with the result', async () => {
    const res = await uploadAwsExample(api);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      source: 'aws-iam',
      scope: '210987654321',
      mode: 'full',
      fileName: 'account-authorization-details.json',
      counts: { updated: 0, unchanged: 0, deleted: 0 },
    });
    expect(body.counts.added).toBeGreaterThan(0);
    expect(body.findings).toBeGreaterThan(0);
    total = await identityTotal();
    expect(total).toBe(body.counts.added);
  });

  it('lists the import in the history, by the API actor', async () => {
    const res = await api.server.inject({ url: '/v1/imports', headers: api.auth });
    expect(res.statusCode).toBe(200);
    const [latest] = res.json().items;
    expect(latest).toMatchObject({
      source: 'aws-iam',
      fileName: 'account-authorization-details.json',
      actor: `api:${api.tokenId}`,
    });
    expect(latest.fileSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('finds nothing changed when the same file is uploaded again', async () => {
    const body = (await uploadAwsExample(api)).json();
    expect(body.counts).toMatchObject({ added: 0, updated: 0, deleted: 0, unchanged: total });
  });

  it('imports a credential report sent as text/csv, adding to the IAM identities', async () => {
    const res = await upload(
      '/v1/imports/aws-credential-report?filename=credential-report.csv',
      await readFile(new URL('../../../examples/aws/credential-report.csv', import.meta.url)),
      'text/csv',
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ source: 'aws-credential-report', mode: 'augment', scope: '210987654321' });
    expect(res.json().counts.updated).toBeGreaterThan(0);
    total = await identityTotal();
  });

  it('imports a Kubernetes export with the scope given in the query', async () => {
    const res = await upload(
      '/v1/imports/k8s?filename=cluster-rbac.json&scope=prod-eu-1',
      await readFile(new URL('../../../examples/k8s/cluster-rbac.json', import.meta.url)),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ source: 'k8s', scope: 'prod-eu-1', fileName: 'cluster-rbac.json' });
    total = await identityTotal();
  });

  it('honours the history limit', async () => {
    const res = await api.server.inject({ url: '/v1/imports?limit=1', headers: api.auth });
    expect(res.json().items).toHaveLength(1);
  });

  it('answers 400 naming the file for malformed JSON, importing nothing', async () => {
    const before = (await api.server.inject({ url: '/v1/imports', headers: api.auth })).json().items.length;
    const res = await upload(
      '/v1/imports/aws-iam?filename=broken-iam.json',
      '{"UserDetailList": [\n  {"UserName": }\n]}',
    );
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error).toBe('INPUT_INVALID');
    expect(body.message).toContain('broken-iam.json');
    expect(body.message).toContain('JSON');
    expect(body.details.file).toBe('broken-iam.json');
    expect(await identityTotal()).toBe(total);
    const after = (await api.server.inject({ url: '/v1/imports', headers: api.auth })).json().items.length;
    expect(after).toBe(before);
  });

  it('answers 400 saying what a file of the wrong kind looks like', async () => {
    const res = await upload('/v1/imports/aws-iam?filename=trail.json', '{"Records": []}');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('trail.json');
    expect(await identityTotal()).toBe(total);
  });

  it('takes the file name from the filename header', async () => {
    const res = await upload('/v1/imports/aws-iam', 'not json', 'application/json', { filename: 'from-header.json' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('from-header.json');
  });

  it('names an upload without a file name "upload"', async () => {
    const res = await upload('/v1/imports/aws-iam', 'not json');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/^upload: /);
  });

  it('answers 400 for invalid UTF-8, naming the byte', async () => {
    const res = await upload('/v1/imports/aws-iam?filename=latin1.json', Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]));
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('latin1.json');
    expect(res.json().message).toContain('UTF-8');
  });

  it('answers 400 for an empty body', async () => {
    const res = await upload('/v1/imports/aws-iam?filename=empty.json', '');
    expect(res.statusCode).toBe(400);
    expect(await identityTotal()).toBe(total);
  });

  it('answers 400 for a request without a body', async () => {
    const res = await api.server.inject({ method: 'POST', url: '/v1/imports/aws-iam', headers: api.auth });
    expect(res.statusCode).toBe(400);
  });

  it('answers 400 for an unknown source, listing the known ones', async () => {
    const res = await upload('/v1/imports/ldap?filename=x.json', '{}');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('aws-iam');
  });

  it('answers 413 for a file above the import limit, naming the limit', async () => {
    const res = await upload('/v1/imports/aws-iam?filename=huge.json', Buffer.alloc(300 * 1024, 0x20));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('256.0 KiB') });
  });

  it('answers 415 for a content type it does not take', async () => {
    const res = await upload('/v1/imports/aws-iam', 'a=b', 'application/x-www-form-urlencoded');
    expect(res.statusCode).toBe(415);
    expect(res.json().error).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('accepts the file as application/octet-stream', async () => {
    const res = await upload('/v1/imports/aws-iam?filename=x.json', '{"Records": []}', 'application/octet-stream');
    // Parsed by the importer (and rejected for its content), not by the HTTP layer.
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('x.json');
  });

  it('rejects an unknown query parameter on upload', async () => {
    const res = await upload('/v1/imports/aws-iam?file=x.json', '{}');
    expect(res.statusCode).toBe(400);
  });

  it('rejects a file name with control characters', async () => {
    const res = await upload('/v1/imports/aws-iam?filename=a%0Ab.json', '{}');
    expect(res.statusCode).toBe(400);
  });
});
