/**
 * IAM policy documents: the grammar (statements with `Effect`, `Action` or `NotAction`,
 * `Resource` or `NotResource`, `Principal`, `Condition`), reading a document as IAM gives it
 * (URL-encoded text, JSON text or a JSON object), normalising statements to Vigil's, and the
 * principals of a role's trust policy. Pure: the importer reports errors with the file's place,
 * the access graph re-reads stored documents.
 */
import { z } from 'zod';
import type { Statement } from '../inventory/identity.js';
import { principalAccount } from './arn.js';

const stringList = (max: number) =>
  z.union([z.string().max(max), z.array(z.string().max(max))], {
    error: `expected a string or a list of strings of at most ${max} characters`,
  });
const ActionListSchema = stringList(512);
const StringListSchema = stringList(2048);

const PrincipalSchema = z.union([z.literal('*'), z.record(z.string().min(1).max(64), StringListSchema)], {
  error: 'expected "*" or an object such as {"AWS": "arn:aws:iam::123456789012:root"}',
});

const ConditionSchema = z.record(z.string().max(256), z.record(z.string().max(256), z.unknown()), {
  error: 'expected an object of condition operators, each an object of condition keys',
});

/** One statement of an IAM policy, as the IAM policy grammar allows it. */
const PolicyStatementJsonSchema = z
  .object({
    Sid: z.string().max(512).optional(),
    Effect: z.enum(['Allow', 'Deny'], { error: 'expected "Allow" or "Deny"' }),
    Action: ActionListSchema.optional(),
    NotAction: ActionListSchema.optional(),
    Resource: StringListSchema.optional(),
    NotResource: StringListSchema.optional(),
    Principal: PrincipalSchema.optional(),
    NotPrincipal: PrincipalSchema.optional(),
    Condition: ConditionSchema.optional(),
  })
  .refine((s) => (s.Action === undefined) !== (s.NotAction === undefined), {
    error: 'expected exactly one of "Action" and "NotAction"',
  });
/** One statement of an IAM policy as written. */
export type PolicyStatementJson = z.infer<typeof PolicyStatementJsonSchema>;

const PolicyDocumentJsonSchema = z.object(
  {
    Version: z.string().max(32).optional(),
    Id: z.string().max(512).optional(),
    // Checked statement by statement below, so that an error names the statement.
    Statement: z.unknown().refine((value) => value !== undefined, { error: 'expected a "Statement"' }),
  },
  { error: 'expected a JSON object' },
);

/** The longest document Vigil stores (IAM itself allows a few kilobytes). */
export const MAX_POLICY_DOCUMENT = 1_048_576;

/** A policy document read and checked. */
export interface PolicyDocument {
  /** The document verbatim: the text as given, or the object as compact JSON. */
  document: string;
  /** Normalised statements, in document order. */
  statements: Statement[];
  /** The statements as written, for principals and conditions. */
  rawStatements: PolicyStatementJson[];
}

/** Why a document is not a valid IAM policy, and where in it (`[]` for the document itself). */
export interface PolicyDocumentProblem {
  path: (string | number)[];
  problem: string;
}

/**
 * Reads one policy document. URL-encoded text (as the IAM API returns it) is decoded; JSON
 * text and JSON objects (as the AWS CLI prints them) are taken as they are.
 *
 * @example
 * readPolicyDocument('{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}')
 * // { document: '…', statements: [{ effect: 'allow', actions: ['s3:*'], resources: ['*'], conditional: false }], rawStatements: [ … ] }
 * readPolicyDocument('{"Statement":{"Effect":"Permit"}}') // { path: ['Statement', 'Effect'], problem: 'expected "Allow" or "Deny"' }
 */
export function readPolicyDocument(raw: string | Record<string, unknown>): PolicyDocument | PolicyDocumentProblem {
  const document = typeof raw === 'string' ? raw : JSON.stringify(raw);
  if (document.length > MAX_POLICY_DOCUMENT) {
    return { path: [], problem: `the document is longer than ${MAX_POLICY_DOCUMENT} characters` };
  }
  const value = typeof raw === 'string' ? decodeDocumentText(raw) : raw;
  if (isProblem(value)) return value;
  const parsed = check(PolicyDocumentJsonSchema, value, []);
  if (isProblem(parsed)) return parsed;
  const statement = parsed.Statement;
  const rawStatements: PolicyStatementJson[] = [];
  const items = Array.isArray(statement) ? statement : [statement];
  for (const [index, item] of items.entries()) {
    const checked = check(
      PolicyStatementJsonSchema,
      item,
      Array.isArray(statement) ? ['Statement', index] : ['Statement'],
    );
    if (isProblem(checked)) return checked;
    rawStatements.push(checked);
  }
  return { document, statements: rawStatements.map(normaliseStatement), rawStatements };
}

/** `true` for what {@link readPolicyDocument} returns when the document is not valid. */
export function isProblem(value: unknown): value is PolicyDocumentProblem {
  return (
    value !== null &&
    typeof value === 'object' &&
    'problem' in value &&
    'path' in value &&
    Array.isArray((value as PolicyDocumentProblem).path)
  );
}

function check<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix: (string | number)[],
): z.infer<S> | PolicyDocumentProblem {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = [...prefix, ...(issue?.path ?? []).map((key) => (typeof key === 'number' ? key : String(key)))];
  return { path, problem: issue === undefined ? 'not a valid IAM policy' : describe(issue) };
}

function decodeDocumentText(raw: string): unknown {
  const trimmed = raw.trim();
  let jsonText = trimmed;
  if (!trimmed.startsWith('{')) {
    try {
      jsonText = decodeURIComponent(trimmed);
    } catch {
      return { path: [], problem: 'the document is neither JSON nor valid URL-encoded JSON (bad % escape)' };
    }
  }
  try {
    return JSON.parse(jsonText);
  } catch {
    const how = jsonText === trimmed ? '' : ' after URL-decoding';
    return { path: [], problem: `the document is not valid JSON${how}` } satisfies PolicyDocumentProblem;
  }
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    return issue.expected === 'object' ? 'expected a JSON object' : `expected ${issue.expected}`;
  }
  return issue.message;
}

/** A string or a list of strings, as a list. */
export function toList(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? [value] : [...value];
}

/** Maps one IAM statement to Vigil's normalised statement. */
function normaliseStatement(raw: PolicyStatementJson): Statement {
  const statement: Statement = {
    effect: raw.Effect === 'Allow' ? 'allow' : 'deny',
    actions: toList(raw.Action) ?? [],
    resources: toList(raw.Resource) ?? [],
    conditional: raw.Condition !== undefined && Object.keys(raw.Condition).length > 0,
  };
  const notActions = toList(raw.NotAction);
  if (notActions !== undefined) statement.notActions = notActions;
  const notResources = toList(raw.NotResource);
  if (notResources !== undefined) statement.notResources = notResources;
  return statement;
}

/** Who may assume a role, read from the `Allow` statements of its trust policy. */
export interface TrustSummary {
  /** Principals by kind, in document order without repeats. `AWS`, `Service` and `Federated` are always present. */
  principals: Record<string, string[]>;
  /** Accounts other than the role's own that an `AWS` principal names. */
  externalAccounts: string[];
  /** Federated identity providers (OIDC or SAML provider ARNs, or web identity providers such as `accounts.google.com`). */
  federated: string[];
  /** `true` when anyone may assume the role (`"Principal": "*"` or `{"AWS": "*"}`), conditions aside. */
  anyPrincipal: boolean;
}

/**
 * Summarises a trust policy's principals, with cross-account detection against the
 * role's own account.
 *
 * @example
 * summariseTrust([{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: 'arn:aws:iam::999988887777:root' } }], '210987654321')
 * // { principals: { AWS: ['arn:aws:iam::999988887777:root'], Service: [], Federated: [] }, externalAccounts: ['999988887777'], federated: [], anyPrincipal: false }
 */
export function summariseTrust(statements: readonly PolicyStatementJson[], account: string): TrustSummary {
  const principals: Record<string, string[]> = { AWS: [], Service: [], Federated: [] };
  let anyPrincipal = false;
  const add = (kind: string, value: string): void => {
    const list = principals[kind] ?? [];
    if (!list.includes(value)) list.push(value);
    principals[kind] = list;
  };
  for (const statement of statements) {
    if (statement.Effect !== 'Allow' || statement.Principal === undefined) continue;
    if (statement.Principal === '*') {
      anyPrincipal = true;
      add('AWS', '*');
      continue;
    }
    for (const [kind, value] of Object.entries(statement.Principal)) {
      for (const principal of toList(value) ?? []) {
        if (kind === 'AWS' && principal === '*') anyPrincipal = true;
        add(kind, principal);
      }
    }
  }
  const externalAccounts: string[] = [];
  for (const principal of principals.AWS ?? []) {
    const other = principalAccount(principal);
    if (other !== null && other !== account && !externalAccounts.includes(other)) externalAccounts.push(other);
  }
  return { principals, externalAccounts, federated: [...(principals.Federated ?? [])], anyPrincipal };
}
