/**
 * The admin API's request and response schemas: every route validates what comes in and
 * what goes out with these, and the OpenAPI document is generated from them.
 *
 * Request strings are bounded; query objects are strict, so an unknown or misspelt
 * parameter is a 400 rather than a filter silently ignored.
 */

import { z } from 'zod';
import { EDGE_KINDS, SENSITIVITIES } from '../core/graph/access-graph.js';
import {
  IDENTITY_KINDS,
  IdentityRecordSchema,
  IdentityStatusSchema,
  TimestampSchema,
} from '../core/inventory/identity.js';
import { ImportModeSchema, ImportSourceSchema } from '../core/inventory/import-batch.js';
import { FindingSchema, RULE_CODES, SEVERITIES } from '../core/posture/findings.js';
import { ProgrammeMetricsSchema } from '../core/posture/metrics.js';

/** Printable text: no control characters (a linear-time check). */
const PRINTABLE = /^\P{Cc}*$/u;

/** A bounded, trimmed, non-empty string without control characters. */
export function text(max: number) {
  return z.string().trim().min(1).max(max).regex(PRINTABLE, 'must not contain control characters');
}

/**
 * A whole-number query parameter within bounds, with a default when absent.
 *
 * @example intParam(1, 1000, 100) // `?limit=20` → 20, no `limit` → 100, `?limit=abc` → 400
 */
export function intParam(min: number, max: number, fallback: number) {
  return z
    .string()
    .regex(/^\d{1,10}$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .default(fallback);
}

const MAX_LIST_ITEMS = 50;

/**
 * A list query parameter given as repeated parameters, a comma list, or both:
 * `?kind=role&kind=bot` and `?kind=role,bot` mean the same.
 */
export function listParam<T extends z.ZodType<string, string>>(item: T) {
  return z
    .union([z.string().max(4096), z.array(z.string().max(4096)).max(MAX_LIST_ITEMS)])
    .transform((value) =>
      (Array.isArray(value) ? value : [value])
        .flatMap((part) => part.split(','))
        .map((part) => part.trim())
        .filter((part) => part !== ''),
    )
    .pipe(z.array(item).max(MAX_LIST_ITEMS))
    .optional();
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

/** Every error the API returns has this shape. */
export const ErrorBodySchema = z
  .object({
    /** A stable code: a Vigil error code (`INPUT_INVALID`, `NOT_FOUND`, …) or `internal`. */
    error: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
    /** Quote this when reporting a problem: the server log has the same id. */
    requestId: z.string(),
  })
  .describe('An error: a stable code, a message for people, optional details and the request id');
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** Error responses every route may give, for the OpenAPI document and the serializer. */
export const ERROR_RESPONSES = {
  '4xx': ErrorBodySchema,
  '5xx': ErrorBodySchema,
} as const;

/** Marks a route as needing an admin token, in the OpenAPI document. */
export const BEARER_SECURITY = [{ bearerAuth: [] }];

const PageFields = {
  total: z.number().int().min(0),
  limit: z.number().int().min(0),
  offset: z.number().int().min(0),
};

/** For routes that take no query parameters: any given is a mistake worth a 400. */
export const NoQuerySchema = z.strictObject({});

export const IdentityParamsSchema = z.strictObject({
  id: z.string().min(1).max(2100).describe('A Vigil id, a provider id (an ARN) or a name; URL-encoded'),
});

// ---------------------------------------------------------------------------------------------
// Identities

/** An identity as the inventory holds it (see `Identity` in core/inventory/identity.ts). */
export const IdentitySchema = IdentityRecordSchema.extend({
  firstSeenAt: TimestampSchema,
  lastSeenAt: TimestampSchema,
  deletedAt: TimestampSchema.nullable(),
  importId: z.string(),
  origin: z.string(),
});

/** A row of the identity list: no credentials or entitlements, but how many credentials. */
export const IdentitySummarySchema = IdentitySchema.omit({ credentials: true, entitlements: true }).extend({
  credentialCount: z.number().int().min(0),
});

export const ListIdentitiesQuerySchema = z.strictObject({
  kind: listParam(z.enum(IDENTITY_KINDS)).describe(`Kinds, repeated or comma-separated: ${IDENTITY_KINDS.join(', ')}`),
  provider: listParam(text(64)).describe('Providers (aws, k8s, github, …), repeated or comma-separated'),
  status: listParam(IdentityStatusSchema).describe(
    `Statuses, repeated or comma-separated: ${IdentityStatusSchema.options.join(', ')}`,
  ),
  owner: text(256).optional().describe('`none` for identities without an owner, else an exact owner name'),
  search: text(256).optional().describe('Case-insensitive substring of the name or provider id'),
  limit: intParam(1, 1000, 100),
  offset: intParam(0, 10_000_000, 0),
});

export const IdentityPageSchema = z.object({ items: z.array(IdentitySummarySchema), ...PageFields });

export const FindingResponseSchema = FindingSchema.extend({ firstDetectedAt: TimestampSchema });

export const IdentityDetailSchema = z.object({
  identity: IdentitySchema,
  findings: z.array(FindingResponseSchema),
});

export const SetOwnerBodySchema = z.strictObject({
  owner: text(256).nullable().describe('A person (e-mail or handle) or a team; `null` clears the owner'),
});

const MAX_TAG_CHANGES = 200;
const TagKeySchema = text(256);

export const EditTagsBodySchema = z
  .strictObject({
    set: z
      .record(TagKeySchema, z.string().max(1024).regex(PRINTABLE, 'must not contain control characters'))
      .default({})
      .describe('Tags to add or change'),
    remove: z.array(TagKeySchema).max(MAX_TAG_CHANGES).default([]).describe('Tag keys to remove'),
  })
  .refine((body) => Object.keys(body.set).length <= MAX_TAG_CHANGES, {
    message: `at most ${MAX_TAG_CHANGES} tags can be set at once`,
    path: ['set'],
  })
  .refine((body) => Object.keys(body.set).length + body.remove.length > 0, {
    message: 'expected at least one tag in `set` or `remove`',
  })
  .refine((body) => !body.remove.some((key) => Object.hasOwn(body.set, key)), {
    message: 'a tag key cannot be both set and removed',
    path: ['remove'],
  });

// ---------------------------------------------------------------------------------------------
// Findings

export const ListFindingsQuerySchema = z.strictObject({
  severity: listParam(z.enum(SEVERITIES)).describe(`Severities, repeated or comma-separated: ${SEVERITIES.join(', ')}`),
  rule: listParam(z.enum(RULE_CODES)).describe(`Rule codes, repeated or comma-separated: ${RULE_CODES.join(', ')}`),
  identity: z.string().min(1).max(2100).optional().describe('An identity: Vigil id, provider id or name'),
  limit: intParam(1, 1000, 100),
  offset: intParam(0, 10_000_000, 0),
});

export const FindingPageSchema = z.object({ items: z.array(FindingResponseSchema), ...PageFields });

// ---------------------------------------------------------------------------------------------
// Metrics

export const MetricsQuerySchema = z.strictObject({
  history: intParam(0, 1000, 30).describe('How many earlier snapshots to return besides the latest'),
});

/** One snapshot of the programme metrics, taken after every change to the inventory. */
export const MetricsSnapshotSchema = z.object({
  id: z.string(),
  importId: z.string().nullable(),
  takenAt: TimestampSchema,
  metrics: ProgrammeMetricsSchema,
});

export const MetricsResponseSchema = z.object({
  latest: MetricsSnapshotSchema.nullable(),
  history: z.array(MetricsSnapshotSchema).describe('Earlier snapshots, newest first'),
});

// ---------------------------------------------------------------------------------------------
// Imports

export const ImportCountsSchema = z.object({
  added: z.number().int().min(0),
  updated: z.number().int().min(0),
  unchanged: z.number().int().min(0),
  deleted: z.number().int().min(0),
  policies: z.number().int().min(0),
});

export const ImportRecordSchema = z.object({
  id: z.string(),
  source: z.string(),
  scope: z.string(),
  mode: z.string(),
  fileName: z.string(),
  fileSha256: z.string(),
  actor: z.string(),
  startedAt: TimestampSchema,
  finishedAt: TimestampSchema,
  counts: ImportCountsSchema,
});

export const ListImportsQuerySchema = z.strictObject({ limit: intParam(1, 1000, 50) });

export const ImportListSchema = z.object({ items: z.array(ImportRecordSchema) });

export const ImportParamsSchema = z.strictObject({ source: ImportSourceSchema });

const FileNameSchema = text(255).describe('The file name to show in messages and the import history');

export const ImportQuerySchema = z.strictObject({
  scope: text(512).optional().describe('Overrides the scope the file would get (a cluster name, say)'),
  filename: FileNameSchema.optional(),
});

/** Only `filename` is read; every other header passes through untouched. */
export const ImportHeadersSchema = z.looseObject({ filename: FileNameSchema.optional() });

/** The raw file, as the request body. */
export const ImportBodySchema = z
  .custom<Buffer>((value) => Buffer.isBuffer(value), {
    message: 'expected the file as the request body (Content-Type application/json, text/csv, application/yaml, …)',
  })
  .meta({ type: 'string', format: 'binary', description: 'The file, as it is' });

export const ImportResultSchema = z.object({
  importId: z.string(),
  source: ImportSourceSchema,
  scope: z.string(),
  mode: ImportModeSchema,
  fileName: z.string(),
  counts: ImportCountsSchema,
  findings: z.number().int().min(0).describe('Findings in the whole inventory after this import'),
});

// ---------------------------------------------------------------------------------------------
// Audit

export const AuditVerificationSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), records: z.number().int().min(0), headHash: z.string() }),
  z.object({
    ok: z.literal(false),
    records: z.number().int().min(0),
    firstBad: z.object({ seq: z.number().int(), problem: z.string() }),
  }),
]);

// ---------------------------------------------------------------------------------------------
// Health and documents

export const HealthSchema = z.object({ status: z.literal('ok') });

export const OpenApiDocumentSchema = z.looseObject({ openapi: z.string() });

// ---------------------------------------------------------------------------------------------
// Access graph (docs/graph/)

const SensitivitySchema = z.enum(SENSITIVITIES);
const EdgeKindSchema = z.enum(EDGE_KINDS);
const PolicyProblemSchema = z.object({ identityId: z.string(), policy: z.string(), problem: z.string() });

export const PathHopSchema = z.object({
  from: z.string(),
  to: z.string(),
  kind: EdgeKindSchema,
  technique: z.string().optional(),
  evidence: z.string(),
  assumptions: z.array(z.string()).readonly(),
});

export const BlastRadiusSchema = z.object({
  identity: z.string(),
  label: z.string(),
  score: z.number(),
  reached: z.object({
    identities: z.number().int(),
    policies: z.number().int(),
    privileges: z.number().int(),
    resources: z.number().int(),
    credentials: z.number().int(),
    bySensitivity: z.record(SensitivitySchema, z.number().int()),
  }),
  crownJewels: z.array(
    z.object({ key: z.string(), label: z.string(), sensitivity: SensitivitySchema, path: z.array(PathHopSchema) }),
  ),
  crownJewelsTotal: z.number().int(),
});

export const BlastRadiusRankingQuerySchema = z.strictObject({ top: intParam(1, 100_000, 20) });
export const BlastRadiusRankingSchema = z.object({
  items: z.array(z.object({ identity: z.string(), principal: z.string(), score: z.number() })),
});

const EscalationHopSchema = z.object({
  from: z.string(),
  via: z.string(),
  to: z.string(),
  evidence: z.string(),
  assumptions: z.array(z.string()).readonly(),
});

export const EscalationReportSchema = z.object({
  adminEquivalent: z.array(
    z.object({
      principal: z.string(),
      identity: z.string(),
      admin: z.string(),
      reaches: z.string(),
      evidence: z.string(),
      assumptions: z.array(z.string()).readonly(),
    }),
  ),
  escalations: z.array(
    z.object({
      principal: z.string(),
      identity: z.string(),
      admin: z.string(),
      reaches: z.string(),
      techniques: z.array(z.string()),
      path: z.array(EscalationHopSchema),
      assumptions: z.array(z.string()).readonly(),
    }),
  ),
  problems: z.array(PolicyProblemSchema),
});

export const GraphSnapshotSchema = z.object({
  id: z.string(),
  createdAt: TimestampSchema,
  actor: z.string(),
  nodeCount: z.number().int(),
  edgeCount: z.number().int(),
  identityCount: z.number().int(),
  adminEquivalent: z.number().int(),
  canEscalate: z.number().int(),
  buildMs: z.number(),
  problems: z.array(PolicyProblemSchema),
});
export const GraphSnapshotListSchema = z.object({ items: z.array(GraphSnapshotSchema) });
export const ListGraphSnapshotsQuerySchema = z.strictObject({ limit: intParam(1, 1000, 20) });

const IdentityScoreSchema = z.object({
  identityId: z.string(),
  score: z.number(),
  admin: z.enum(['none', 'equivalent', 'escalates']),
});
const ScoreChangeSchema = z.object({
  identityId: z.string(),
  before: IdentityScoreSchema.nullable(),
  after: IdentityScoreSchema.nullable(),
  delta: z.number(),
});
export const GraphDiffQuerySchema = z.strictObject({
  before: z.string().min(1).max(200),
  after: z.string().min(1).max(200),
});
export const GraphDiffSchema = z.object({
  newlyAdmin: z.array(ScoreChangeSchema),
  noLongerAdmin: z.array(ScoreChangeSchema),
  changed: z.array(ScoreChangeSchema),
  totalBefore: z.number(),
  totalAfter: z.number(),
});
export const GraphPathQuerySchema = z.strictObject({
  from: z.string().min(1).max(2100),
  to: z.string().min(1).max(2100),
});
export const GraphPathSchema = z.object({ from: z.string(), to: z.string(), path: z.array(PathHopSchema).nullable() });
