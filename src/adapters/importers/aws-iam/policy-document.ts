/**
 * IAM policy documents: decoding (URL-encoded text or a JSON object), checking
 * against the IAM policy grammar, normalising to Vigil's statements, and reading
 * the principals of a role's trust policy.
 */
import { z } from 'zod';
import { ImportInputError } from '../../../core/errors.js';
import type { Statement } from '../../../core/inventory/identity.js';
import type { SourceText } from '../../../core/inventory/import-batch.js';
import { formatPath } from '../parse-input.js';
import { principalAccount } from './arn.js';
import type { RawPolicyDocument } from './schema.js';

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
const MAX_DOCUMENT = 1_048_576;

/** A policy document read and checked. */
export interface ParsedPolicyDocument {
  /** The document verbatim: the text as the file gave it, or the object as compact JSON. */
  document: string;
  /** Normalised statements, in document order. */
  statements: Statement[];
  /** The statements as written, for reading principals. */
  rawStatements: PolicyStatementJson[];
}

/** Where a policy document stands and what it is called, for error messages. */
export interface PolicyPlace {
  /** The path to the document in the file, e.g. `UserDetailList[2].UserPolicyList[0].PolicyDocument`. */
  place: string;
  /** The policy's name (`trust policy of role X` for trust policies). */
  policy: string;
}

/**
 * Reads one policy document. URL-encoded text (as the IAM API returns it) is decoded;
 * plain JSON text and JSON objects (as the AWS CLI prints them) are taken as they are.
 *
 * @throws ImportInputError naming the document's place and the policy when it is not a valid IAM policy
 */
export function parsePolicyDocument(
  input: SourceText,
  raw: RawPolicyDocument,
  where: PolicyPlace,
): ParsedPolicyDocument {
  const document = typeof raw === 'string' ? raw : JSON.stringify(raw);
  if (document.length > MAX_DOCUMENT) {
    throw malformed(input, where, where.place, `the document is longer than ${MAX_DOCUMENT} characters`);
  }
  const value = typeof raw === 'string' ? decodeDocumentText(input, raw, where) : raw;
  const parsed = check(input, where, PolicyDocumentJsonSchema, value, []);
  const statement = parsed.Statement;
  const rawStatements = Array.isArray(statement)
    ? statement.map((item, index) => check(input, where, PolicyStatementJsonSchema, item, ['Statement', index]))
    : [check(input, where, PolicyStatementJsonSchema, statement, ['Statement'])];
  return { document, statements: rawStatements.map(normaliseStatement), rawStatements };
}

function check<S extends z.ZodType>(
  input: SourceText,
  where: PolicyPlace,
  schema: S,
  value: unknown,
  prefix: ReadonlyArray<PropertyKey>,
): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const inner = [...prefix, ...(issue?.path ?? [])];
  const problem = issue === undefined ? 'not a valid IAM policy' : describe(issue);
  throw malformed(input, where, inner.length === 0 ? where.place : `${where.place}.${formatPath(inner)}`, problem);
}

function decodeDocumentText(input: SourceText, raw: string, where: PolicyPlace): unknown {
  const trimmed = raw.trim();
  let jsonText = trimmed;
  if (!trimmed.startsWith('{')) {
    try {
      jsonText = decodeURIComponent(trimmed);
    } catch {
      throw malformed(
        input,
        where,
        where.place,
        'the document is neither JSON nor valid URL-encoded JSON (bad % escape)',
      );
    }
  }
  try {
    return JSON.parse(jsonText);
  } catch {
    const how = jsonText === trimmed ? '' : ' after URL-decoding';
    throw malformed(input, where, where.place, `the document is not valid JSON${how}`);
  }
}

function malformed(input: SourceText, where: PolicyPlace, location: string, problem: string): ImportInputError {
  return new ImportInputError(input.name, location, `policy "${where.policy}" is malformed: ${problem}`);
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    return issue.expected === 'object' ? 'expected a JSON object' : `expected ${issue.expected}`;
  }
  return issue.message;
}

function toList(value: string | string[] | undefined): string[] | undefined {
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
