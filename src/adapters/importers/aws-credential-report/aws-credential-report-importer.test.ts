import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { IdentityRecord } from '../../../core/inventory/identity.js';
import { ImportBatchSchema, type ImportOptions } from '../../../core/inventory/import-batch.js';
import { awsIamImporter } from '../aws-iam/aws-iam-importer.js';
import { byName, expectInputError } from '../testing.js';
import { awsCredentialReportImporter, CREDENTIAL_REPORT_COLUMNS } from './aws-credential-report-importer.js';

const EXAMPLE = readFileSync(new URL('../../../../examples/aws/credential-report.csv', import.meta.url), 'utf8');
const IAM_EXAMPLE = readFileSync(
  new URL('../../../../examples/aws/account-authorization-details.json', import.meta.url),
  'utf8',
);
const OPTIONS: ImportOptions = { ownerTagKeys: ['owner', 'team'] };
const ACCOUNT = '210987654321';
const FILE = 'credential-report.csv';
const HEADER = CREDENTIAL_REPORT_COLUMNS.join(',');
const ROOT_ROW = `<root_account>,arn:aws:iam::${ACCOUNT}:root,2023-01-10T11:52:07+00:00,not_supported,N/A,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;
const USER_ROW = `dana,arn:aws:iam::${ACCOUNT}:user/dana,2025-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2025-02-01T00:00:00+00:00,2025-03-01T00:00:00+00:00,eu-west-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;

function parse(text: string, options: ImportOptions = OPTIONS) {
  return awsCredentialReportImporter.parse({ name: FILE, text }, options);
}

/** Replaces one column's value on one data row (0 = first row after the header). */
function withValue(text: string, row: number, column: string, value: string): string {
  const lines = text.split('\n');
  const index = CREDENTIAL_REPORT_COLUMNS.indexOf(column as (typeof CREDENTIAL_REPORT_COLUMNS)[number]);
  const fields = (lines[row + 1] ?? '').split(',');
  fields[index] = value;
  lines[row + 1] = fields.join(',');
  return lines.join('\n');
}

describe('awsCredentialReportImporter on the Lumen Freight example', () => {
  const batch = parse(EXAMPLE);

  it('produces an augment batch for the account that passes the inventory schema', () => {
    expect(() => ImportBatchSchema.parse(batch)).not.toThrow();
    expect(batch).toMatchObject({ source: 'aws-credential-report', scope: ACCOUNT, mode: 'augment', policies: [] });
    expect(batch.identities).toHaveLength(13);
  });

  it('agrees with the IAM export: same users, ids, kinds and system of record', () => {
    const iam = awsIamImporter.parse({ name: 'iam.json', text: IAM_EXAMPLE }, OPTIONS);
    const iamUsers = iam.identities.filter((i) => i.kind === 'human' || i.kind === 'service-account');
    const reportUsers = batch.identities.filter((i) => i.attributes.root !== true);
    const key = (i: IdentityRecord) => `${i.id} ${i.kind} ${i.systemOfRecord}`;
    expect(reportUsers.map(key).sort()).toEqual(iamUsers.map(key).sort());
  });

  it('makes the root user a person marked as root, with its password', () => {
    const root = batch.identities[0];
    expect(root).toMatchObject({
      id: `aws:arn:aws:iam::${ACCOUNT}:root`,
      name: 'root',
      kind: 'human',
      mfaEnabled: true,
      lastUsedAt: '2026-02-14T10:03:11.000Z',
    });
    expect(root?.attributes.root).toBe(true);
    expect(root?.credentials.map((c) => c.id)).toEqual(['password']);
  });

  it('reads a console password without MFA (bob.martin)', () => {
    const bob = byName(batch.identities, 'bob.martin');
    expect(bob.kind).toBe('human');
    expect(bob.mfaEnabled).toBe(false);
    expect(bob.credentials[0]).toEqual({
      id: 'password',
      type: 'password',
      status: 'active',
      createdAt: '2024-03-05T08:02:19.000Z',
      lastUsedAt: '2026-11-18T09:47:02.000Z',
      lastRotatedAt: '2025-03-02T08:30:00.000Z',
      expiresAt: null,
      fingerprint: null,
    });
  });

  it('reads a service user with a password and two active keys (svc-legacy-etl)', () => {
    const etl = byName(batch.identities, 'svc-legacy-etl');
    expect(etl.kind).toBe('service-account');
    expect(etl.credentials.map((c) => [c.id, c.type, c.status])).toEqual([
      ['password', 'password', 'active'],
      ['access_key_1', 'access-key', 'active'],
      ['access_key_2', 'access-key', 'active'],
    ]);
    expect(etl.lastUsedAt).toBe('2026-11-19T01:00:00.000Z');
  });

  it('reads an old, unrotated, dormant key (svc-reporting)', () => {
    const reporting = byName(batch.identities, 'svc-reporting');
    expect(reporting.credentials).toEqual([
      {
        id: 'access_key_1',
        type: 'access-key',
        status: 'active',
        createdAt: '2023-03-09T16:00:19.000Z',
        lastUsedAt: '2026-05-04T03:12:00.000Z',
        lastRotatedAt: '2023-03-09T16:00:19.000Z',
        expiresAt: null,
        fingerprint: null,
      },
    ]);
    expect(reporting.lastUsedAt).toBe('2026-05-04T03:12:00.000Z');
    expect(reporting.attributes.accessKeyLastUsed).toEqual({ access_key_1: { region: 'eu-west-1', service: 'sts' } });
  });

  it('keeps an inactive key and reads signing certificates', () => {
    const api = byName(batch.identities, 'svc-payments-api');
    expect(api.credentials.map((c) => [c.id, c.status])).toEqual([
      ['access_key_1', 'active'],
      ['access_key_2', 'inactive'],
    ]);
    const invoicing = byName(batch.identities, 'app-invoicing');
    expect(invoicing.credentials.find((c) => c.type === 'certificate')).toMatchObject({
      id: 'cert_1',
      status: 'active',
      lastRotatedAt: '2025-11-30T12:00:00.000Z',
    });
  });

  it('gives users without keys or password no credentials for them', () => {
    const alice = byName(batch.identities, 'alice.nguyen');
    expect(alice.credentials.map((c) => c.id)).toEqual(['password']);
    expect(byName(batch.identities, 'ci-deploy').credentials.map((c) => c.id)).toEqual(['access_key_1']);
  });

  it('gives the same batch when parsed twice', () => {
    expect(parse(EXAMPLE)).toEqual(batch);
  });
});

describe('awsCredentialReportImporter input forms', () => {
  it('reads CRLF line endings and a byte order mark', () => {
    const batch = parse(`\uFEFF${HEADER}\r\n${ROOT_ROW}\r\n${USER_ROW}\r\n`);
    expect(batch.identities.map((i) => i.name)).toEqual(['root', 'dana']);
  });

  it('reads the raw base64 Content', () => {
    const base64 = Buffer.from(EXAMPLE, 'utf8').toString('base64');
    expect(parse(base64)).toEqual(parse(EXAMPLE));
  });

  it('reads the JSON that `aws iam get-credential-report` prints', () => {
    const json = JSON.stringify({
      Content: Buffer.from(EXAMPLE, 'utf8').toString('base64'),
      ReportFormat: 'text/csv',
      GeneratedTime: '2026-11-20T09:00:00+00:00',
    });
    expect(parse(json)).toEqual(parse(EXAMPLE));
  });

  it('finds columns by name, whatever their order', () => {
    const columns = [...CREDENTIAL_REPORT_COLUMNS].reverse();
    const row = USER_ROW.split(',').reverse().join(',');
    const root = ROOT_ROW.split(',').reverse().join(',');
    const batch = parse(`${columns.join(',')}\n${root}\n${row}\n`);
    expect(byName(batch.identities, 'dana').credentials[0]?.lastUsedAt).toBe('2025-03-01T00:00:00.000Z');
  });
});

describe('awsCredentialReportImporter rejects bad input', () => {
  it('rejects an empty file', () => {
    const error = expectInputError(() => parse(''), FILE);
    expect(error.message).toMatch(/the file is empty; expected an IAM credential report/);
  });

  it('rejects a header with a missing column, naming it', () => {
    const text = EXAMPLE.replace('mfa_active,', '');
    const error = expectInputError(() => parse(text), FILE);
    expect(error.location).toBe('line 1');
    expect(error.message).toMatch(/missing column "mfa_active"/);
  });

  it('rejects a line with the wrong number of fields, naming the line', () => {
    const lines = EXAMPLE.split('\n');
    lines[4] = (lines[4] ?? '').replace(/,N\/A$/, '');
    const error = expectInputError(() => parse(lines.join('\n')), FILE);
    expect(error.location).toBe('line 5');
    expect(error.message).toMatch(/expected 22 fields as in the header, found 21/);
  });

  it('rejects an unparseable date, naming the line and the column', () => {
    const error = expectInputError(
      () => parse(withValue(EXAMPLE, 3, 'access_key_1_last_used_date', '04/05/2026')),
      FILE,
    );
    expect(error.location).toBe('line 5, column access_key_1_last_used_date');
    expect(error.message).toMatch(/expected an ISO-8601 date and time, "N\/A"/);
  });

  it('rejects a flag that is not true or false', () => {
    const error = expectInputError(() => parse(withValue(EXAMPLE, 2, 'mfa_active', 'yes')), FILE);
    expect(error.location).toBe('line 4, column mfa_active');
    expect(error.message).toMatch(/expected "true" or "false"/);
  });

  it('rejects a duplicate ARN', () => {
    const lines = EXAMPLE.trimEnd().split('\n');
    const error = expectInputError(() => parse([...lines, lines[3]].join('\n')), FILE);
    expect(error.location).toBe(`line ${lines.length + 1}`);
    expect(error.message).toMatch(/duplicate id "arn:aws:iam::210987654321:user\/ci-deploy", already given at line 4/);
  });

  it('rejects an ARN that is not a user ARN', () => {
    const error = expectInputError(
      () => parse(withValue(EXAMPLE, 1, 'arn', `arn:aws:iam::${ACCOUNT}:role/alice`)),
      FILE,
    );
    expect(error.location).toBe('line 3, column arn');
    expect(error.message).toMatch(/expected an IAM user ARN/);
  });

  it('rejects rows from two accounts', () => {
    const error = expectInputError(
      () => parse(withValue(EXAMPLE, 5, 'arn', 'arn:aws:iam::111122223333:user/dmitri.ivanov')),
      FILE,
    );
    expect(error.location).toBe('line 7, column arn');
    expect(error.message).toMatch(/account 111122223333 but line 2 is in account 210987654321/);
  });

  it('rejects a header with no rows', () => {
    const error = expectInputError(() => parse(`${HEADER}\n`), FILE);
    expect(error.message).toMatch(/no rows/);
  });

  it('rejects an unclosed quote, naming the line', () => {
    const error = expectInputError(() => parse(`${HEADER}\n${ROOT_ROW}\n"dana,${USER_ROW.slice(5)}\n`), FILE);
    expect(error.location).toBe('line 3');
    expect(error.message).toMatch(/quoted field is never closed/);
  });

  it('rejects the IAM export given by mistake', () => {
    const error = expectInputError(() => parse(IAM_EXAMPLE), FILE);
    expect(error.message).toMatch(/get-account-authorization-details/);
    expect(error.message).toMatch(/vigil import aws-iam/);
  });

  it('rejects a CloudTrail log', () => {
    const error = expectInputError(() => parse(JSON.stringify({ Records: [] })), FILE);
    expect(error.message).toMatch(/CloudTrail log/);
  });

  it('rejects another JSON document', () => {
    const error = expectInputError(() => parse('{"hello": "world"}'), FILE);
    expect(error.message).toMatch(/JSON document, not CSV/);
  });

  it('rejects a text file that is not a credential report', () => {
    const error = expectInputError(() => parse('name: svc-reporting\nowner: team-data\n'), FILE);
    expect(error.location).toBe('line 1');
    expect(error.message).toMatch(/does not look like a credential report/);
  });

  it('rejects a file of one word', () => {
    const error = expectInputError(() => parse('hello'), FILE);
    expect(error.message).toMatch(/does not look like a credential report/);
  });

  it('rejects base64 that is not a credential report', () => {
    const error = expectInputError(
      () => parse(Buffer.from('hello, this is not a report at all', 'utf8').toString('base64')),
      FILE,
    );
    expect(error.message).toMatch(/looks like base64/);
  });
});
