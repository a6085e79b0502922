/**
 * The AWS credential report importer: the CSV that `aws iam get-credential-report`
 * returns, adding passwords, access keys, certificates, MFA and last use to the
 * account's IAM users. See docs/importers/aws.md.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { parseIamArn } from '../../../core/aws/arn.js';
import { ImportInputError } from '../../../core/errors.js';
import type { Credential, IdentityRecord } from '../../../core/inventory/identity.js';
import { identityId } from '../../../core/inventory/identity.js';
import type { ImportBatch, Importer, ImportOptions, SourceText } from '../../../core/inventory/import-batch.js';
import { classifyUser } from '../aws-iam/classify.js';
import { isIsoDateTime } from '../aws-iam/schema.js';
import { assertUniqueIds, parseJson, toTimestamp } from '../parse-input.js';

const PROVIDER = 'aws';
const EXPECTED = 'an IAM credential report (the CSV of `aws iam get-credential-report`)';
/** The name the report gives the account's root user. */
const ROOT_USER = '<root_account>';

/** The columns of the credential report, in the order AWS writes them. All are required. */
export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;
type Column = (typeof CREDENTIAL_REPORT_COLUMNS)[number];

/**
 * Imports an IAM credential report as an `augment` batch scoped to the account id:
 * it adds credentials, MFA and last use to users the IAM export owns.
 *
 * @example
 * const batch = awsCredentialReportImporter.parse({ name: 'report.csv', text }, { ownerTagKeys: ['owner'] });
 * batch.identities[0]?.credentials // [{ id: 'password', type: 'password', … }]
 */
export const awsCredentialReportImporter: Importer = {
  source: 'aws-credential-report',
  describe: 'AWS IAM credential report: passwords, access keys, MFA and last use (`aws iam get-credential-report`)',
  parse: parseCredentialReport,
};

const SENTINELS = new Set(['N/A', 'no_information', 'not_supported']);
const flag = z.enum(['true', 'false'], { error: 'expected "true" or "false"' });
const optionalDate = z.string().refine((v) => SENTINELS.has(v) || isIsoDateTime(v), {
  error: 'expected an ISO-8601 date and time, "N/A", "no_information" or "not_supported"',
});
const requiredDate = z.string().refine(isIsoDateTime, { error: 'expected an ISO-8601 date and time' });
const short = z.string().max(128);

/** One row of the report, as AWS documents its values. */
const ReportRowSchema = z.object({
  user: z.string().min(1, { error: 'expected a user name' }).max(512),
  arn: z.string().max(2048),
  user_creation_time: requiredDate,
  password_enabled: z.enum(['true', 'false', 'not_supported'], {
    error: 'expected "true", "false" or "not_supported"',
  }),
  password_last_used: optionalDate,
  password_last_changed: optionalDate,
  password_next_rotation: optionalDate,
  mfa_active: flag,
  access_key_1_active: flag,
  access_key_1_last_rotated: optionalDate,
  access_key_1_last_used_date: optionalDate,
  access_key_1_last_used_region: short,
  access_key_1_last_used_service: short,
  access_key_2_active: flag,
  access_key_2_last_rotated: optionalDate,
  access_key_2_last_used_date: optionalDate,
  access_key_2_last_used_region: short,
  access_key_2_last_used_service: short,
  cert_1_active: flag,
  cert_1_last_rotated: optionalDate,
  cert_2_active: flag,
  cert_2_last_rotated: optionalDate,
});
type ReportRow = z.infer<typeof ReportRowSchema>;

/** What csv-parse returns with `info: true`. */
const CsvRecordsSchema = z.array(
  z.object({ record: z.array(z.string()), info: z.object({ lines: z.number().int().positive() }) }),
);

/**
 * Parses an IAM credential report into an import batch. Besides the CSV, takes the
 * base64 `Content` on its own, or the whole JSON that `aws iam get-credential-report` prints.
 *
 * @throws ImportInputError when the file is of another kind, a column is missing, a line has the
 *   wrong number of fields, a value is not what AWS writes there, or a user appears twice
 */
function parseCredentialReport(input: SourceText, options: ImportOptions): ImportBatch {
  const csv = reportText(input);
  const records = readCsv(input, csv);
  const [header, ...rows] = records;
  if (header === undefined) throw new ImportInputError(input.name, null, `the file is empty; expected ${EXPECTED}`);
  const columns = columnIndexes(input, header.record);
  if (rows.length === 0) {
    throw new ImportInputError(
      input.name,
      null,
      'the report has a header but no rows; expected at least the <root_account> row',
    );
  }

  const parsed = rows.map(({ record, info }) => {
    const line = info.lines;
    if (record.length !== header.record.length) {
      throw new ImportInputError(
        input.name,
        `line ${line}`,
        `expected ${header.record.length} fields as in the header, found ${record.length}`,
      );
    }
    return { line, row: readRow(input, line, record, columns) };
  });

  let account: { id: string; line: number } | null = null;
  for (const { line, row } of parsed) {
    const arn = parseIamArn(row.arn);
    const isRoot = row.user === ROOT_USER;
    const typeOk = isRoot ? arn?.resourceType === 'root' : arn?.resourceType === 'user';
    if (arn === null || arn.service !== 'iam' || arn.account === 'aws' || !typeOk) {
      throw new ImportInputError(
        input.name,
        `line ${line}, column arn`,
        isRoot
          ? 'expected the root ARN arn:aws:iam::<account>:root'
          : 'expected an IAM user ARN such as arn:aws:iam::123456789012:user/name',
      );
    }
    if (account === null) account = { id: arn.account, line };
    else if (arn.account !== account.id) {
      throw new ImportInputError(
        input.name,
        `line ${line}, column arn`,
        `the ARN is in account ${arn.account} but line ${account.line} is in account ${account.id}; a report covers exactly one account`,
      );
    }
  }
  if (account === null) throw new ImportInputError(input.name, null, `no rows; expected ${EXPECTED}`);
  assertUniqueIds(
    input,
    parsed.map(({ line, row }) => ({ id: row.arn, place: `line ${line}` })),
  );

  const systemOfRecord = `aws-iam:${account.id}`;
  const identities = parsed.map(({ row }) => identityFromRow(row, systemOfRecord));
  return {
    source: 'aws-credential-report',
    scope: options.scope ?? account.id,
    mode: 'augment',
    identities,
    policies: [],
  };
}

/** The CSV text, whether given as CSV, as the base64 `Content`, or as the CLI's JSON. */
function reportText(input: SourceText): string {
  const text = input.text.startsWith('\uFEFF') ? input.text.slice(1) : input.text;
  const trimmed = text.trim();
  if (trimmed === '') throw new ImportInputError(input.name, null, `the file is empty; expected ${EXPECTED}`);
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return fromJson(input);
  const firstLine = trimmed.slice(0, trimmed.indexOf('\n') === -1 ? trimmed.length : trimmed.indexOf('\n'));
  if (!firstLine.includes(',') && trimmed.length >= 16 && /^[A-Za-z0-9+/=\r\n]+$/.test(trimmed)) {
    const decoded = decodeBase64(trimmed);
    if (decoded !== null) return decoded;
    throw new ImportInputError(
      input.name,
      'line 1',
      `this looks like base64 but does not decode to a credential report; expected ${EXPECTED}`,
    );
  }
  return text;
}

function decodeBase64(text: string): string | null {
  const decoded = Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
  return decoded.startsWith('user,arn,') ? decoded : null;
}

function fromJson(input: SourceText): string {
  const value = parseJson(input);
  const fail = (problem: string): never => {
    throw new ImportInputError(input.name, null, problem);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(`this is a JSON document, not CSV; expected ${EXPECTED}`);
  }
  const record = value as Record<string, unknown>;
  if (typeof record.Content === 'string') {
    const decoded = decodeBase64(record.Content);
    if (decoded !== null) return decoded;
    throw new ImportInputError(input.name, 'Content', `expected the base64 of a credential report CSV`);
  }
  if (['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'].some((key) => key in record)) {
    return fail(
      `this looks like the output of \`aws iam get-account-authorization-details\`; import it with \`vigil import aws-iam\`. Expected ${EXPECTED}`,
    );
  }
  if (Array.isArray(record.Records)) {
    return fail(`this looks like a CloudTrail log (a "Records" array of events); expected ${EXPECTED}`);
  }
  return fail(`this is a JSON document, not CSV; expected ${EXPECTED}`);
}

function readCsv(input: SourceText, text: string): z.infer<typeof CsvRecordsSchema> {
  let raw: unknown;
  try {
    raw = parseCsv(text.replace(/\r\n/g, '\n'), {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    });
  } catch (error) {
    // csv-parse quotes the offending value in its message; say what went wrong without echoing it.
    const details = error as { code?: unknown; lines?: unknown };
    const location = typeof details.lines === 'number' ? `line ${details.lines}` : null;
    const problem =
      details.code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'a quoted field is never closed'
        : details.code === 'INVALID_OPENING_QUOTE' || details.code === 'CSV_INVALID_CLOSING_QUOTE'
          ? 'a quote in the middle of a field'
          : `invalid CSV (${typeof details.code === 'string' ? details.code : 'unreadable'})`;
    throw new ImportInputError(input.name, location, `${problem}; expected ${EXPECTED}`);
  }
  const result = CsvRecordsSchema.safeParse(raw);
  if (!result.success) throw new ImportInputError(input.name, null, `unreadable CSV; expected ${EXPECTED}`);
  return result.data;
}

function columnIndexes(input: SourceText, header: readonly string[]): ReadonlyMap<Column, number> {
  const names = header.map((name) => name.trim().toLowerCase());
  if (!names.includes('user') || !names.includes('arn')) {
    throw new ImportInputError(
      input.name,
      'line 1',
      `this does not look like a credential report: expected the header ${CREDENTIAL_REPORT_COLUMNS.slice(0, 4).join(',')},… with ${CREDENTIAL_REPORT_COLUMNS.length} columns; expected ${EXPECTED}`,
    );
  }
  const missing = CREDENTIAL_REPORT_COLUMNS.filter((column) => !names.includes(column));
  if (missing.length > 0) {
    throw new ImportInputError(
      input.name,
      'line 1',
      `missing column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')}; expected the header of ${EXPECTED}`,
    );
  }
  return new Map(CREDENTIAL_REPORT_COLUMNS.map((column) => [column, names.indexOf(column)]));
}

function readRow(
  input: SourceText,
  line: number,
  record: readonly string[],
  columns: ReadonlyMap<Column, number>,
): ReportRow {
  const value: Record<string, string> = {};
  for (const [column, index] of columns) value[column] = (record[index] ?? '').trim();
  const result = ReportRowSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const column = issue?.path[0];
  const location = typeof column === 'string' ? `line ${line}, column ${column}` : `line ${line}`;
  throw new ImportInputError(input.name, location, issue?.message ?? 'unexpected value');
}

/** A report date, or `null` for N/A and the like. */
function date(value: string): string | null {
  return SENTINELS.has(value) ? null : toTimestamp(value);
}

function latest(values: ReadonlyArray<string | null>): string | null {
  let best: string | null = null;
  for (const value of values) if (value !== null && (best === null || value > best)) best = value;
  return best;
}

function identityFromRow(row: ReportRow, systemOfRecord: string): IdentityRecord {
  const isRoot = row.user === ROOT_USER;
  const arn = parseIamArn(row.arn);
  const path = arn?.path ?? '/';
  const classification = isRoot
    ? { kind: 'human' as const, reason: 'the account root user' }
    : classifyUser({ name: row.user, path, tags: {} });
  const created = date(row.user_creation_time);

  const credentials: Credential[] = [];
  // The root user always has a password, but the report says "not_supported" for it.
  if (row.password_enabled === 'true' || (isRoot && row.password_enabled === 'not_supported')) {
    credentials.push({
      id: 'password',
      type: 'password',
      status: 'active',
      createdAt: created,
      lastUsedAt: date(row.password_last_used),
      lastRotatedAt: date(row.password_last_changed),
      expiresAt: date(row.password_next_rotation),
      fingerprint: null,
    });
  }
  const keyUse: Record<string, { region: string | null; service: string | null }> = {};
  const keys = [
    {
      id: 'access_key_1',
      active: row.access_key_1_active,
      rotated: row.access_key_1_last_rotated,
      used: row.access_key_1_last_used_date,
      region: row.access_key_1_last_used_region,
      service: row.access_key_1_last_used_service,
    },
    {
      id: 'access_key_2',
      active: row.access_key_2_active,
      rotated: row.access_key_2_last_rotated,
      used: row.access_key_2_last_used_date,
      region: row.access_key_2_last_used_region,
      service: row.access_key_2_last_used_service,
    },
  ];
  for (const key of keys) {
    const rotated = date(key.rotated);
    // A slot with neither an active key nor a rotation date holds no key.
    if (key.active !== 'true' && rotated === null) continue;
    credentials.push({
      id: key.id,
      type: 'access-key',
      status: key.active === 'true' ? 'active' : 'inactive',
      // The report does not say when a key was created; its last rotation is when the current key was.
      createdAt: rotated,
      lastUsedAt: date(key.used),
      lastRotatedAt: rotated,
      expiresAt: null,
      fingerprint: null,
    });
    keyUse[key.id] = {
      region: SENTINELS.has(key.region) || key.region === '' ? null : key.region,
      service: SENTINELS.has(key.service) || key.service === '' ? null : key.service,
    };
  }
  for (const cert of [
    { id: 'cert_1', active: row.cert_1_active, rotated: row.cert_1_last_rotated },
    { id: 'cert_2', active: row.cert_2_active, rotated: row.cert_2_last_rotated },
  ]) {
    const rotated = date(cert.rotated);
    if (cert.active !== 'true' && rotated === null) continue;
    credentials.push({
      id: cert.id,
      type: 'certificate',
      status: cert.active === 'true' ? 'active' : 'inactive',
      createdAt: rotated,
      lastUsedAt: null,
      lastRotatedAt: rotated,
      expiresAt: null,
      fingerprint: null,
    });
  }

  return {
    id: identityId(PROVIDER, row.arn),
    provider: PROVIDER,
    externalId: row.arn,
    kind: classification.kind,
    name: isRoot ? 'root' : row.user,
    owner: null,
    systemOfRecord,
    status: 'active',
    createdAt: created,
    lastUsedAt: latest(credentials.map((c) => c.lastUsedAt)),
    usageTracked: true,
    expiresAt: null,
    mfaEnabled: row.mfa_active === 'true',
    credentials,
    entitlements: [],
    memberOf: [],
    tags: {},
    attributes: {
      path,
      kindReason: classification.reason,
      ...(isRoot ? { root: true } : {}),
      ...(Object.keys(keyUse).length > 0 ? { accessKeyLastUsed: keyUse } : {}),
    },
  };
}
