/**
 * The Vigil identities YAML format (version 1): identities from any system Vigil has
 * no importer for (Okta apps, Vault roles, SaaS API keys, bots, AI agents,
 * certificates…), written by hand or generated.
 *
 * Every object is strict: an unknown key is an error, so that a typo (`lastused`)
 * is caught instead of silently dropped. The schema is also published as JSON
 * Schema (docs/schemas/vigil-identities.schema.json) for editors; it is generated
 * from this file by scripts/generate-yaml-schema.ts, and a test keeps the two equal.
 */
import { z } from 'zod';
import { CREDENTIAL_TYPES, ENTITLEMENT_TYPES, IDENTITY_KINDS } from '../../../core/inventory/identity.js';

/** The format version this Vigil reads. */
export const VIGIL_YAML_VERSION = 1;

/** Limits that keep a file, and what it costs to import, bounded. */
export const LIMITS = {
  identities: 50_000,
  credentials: 100,
  entitlements: 500,
  statements: 1_000,
  memberOf: 1_000,
  tags: 100,
  attributes: 100,
} as const;

/**
 * A strict object whose unknown-key error lists the keys it accepts, and suggests
 * the nearest one when the unknown key looks like a typo of it.
 */
function strictObject<T extends z.core.$ZodLooseShape>(shape: T) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== 'unrecognized_keys') return undefined;
      const [key] = issue.keys;
      const near = key === undefined ? undefined : nearest(key, known);
      const hint = near === undefined ? '' : ` (did you mean "${near}"?)`;
      const plural = issue.keys.length > 1 ? 's' : '';
      return `unknown field${plural} ${issue.keys.map((k) => `"${k}"`).join(', ')}${hint}; expected one of: ${known.join(', ')}`;
    },
  });
}

/** The known word within edit distance 2 of `word` (case-insensitive), if there is one. */
export function nearest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase(), bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance, giving up (returning `limit`) once it cannot be below `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit || a.length > 64 || b.length > 64) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? limit) + 1,
        (current[j - 1] ?? limit) + 1,
        (previous[j - 1] ?? limit) + cost,
      );
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin >= limit) return limit;
    previous = current;
  }
  return previous[b.length] ?? limit;
}

const text = (max: number) => z.string().min(1).max(max);

/** A date (`2025-01-02`, midnight UTC) or a date-time with a zone (`2025-01-02T10:00:00Z`). */
const dateValue = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: 'expected a date (2025-01-02) or a date-time with a zone (2025-01-02T10:00:00Z)',
  })
  .meta({
    id: 'date',
    description: 'A date (2025-01-02, read as midnight UTC) or a date-time with a zone (2025-01-02T10:00:00Z).',
  });
const optionalDate = dateValue.nullable().optional();

/** Provider names are lower-case words: `okta`, `vault`, `stripe`, `lumen-pki`. */
const providerName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, {
    error: 'expected a provider name in lower case: letters, digits, ".", "_" or "-" (e.g. okta, vault, lumen-pki)',
  })
  .meta({
    id: 'provider',
    description: 'The system the identity lives in, in lower case: okta, vault, stripe, openai, slack, lumen-pki…',
  });

const ownerName = text(256).describe('A team or a person (e-mail or handle) answerable for the identity.');

const tagValue = z.union([z.string().max(1024), z.number(), z.boolean()]);

export const StatementInputSchema = strictObject({
  effect: z.enum(['allow', 'deny']),
  actions: z.array(text(512)).min(1).max(1_000).describe('What may be done: `*`, `charges:write`, `secret/read`…'),
  notActions: z.array(text(512)).max(1_000).optional(),
  resources: z.array(text(2048)).min(1).max(1_000).describe('On what: `*`, a path, an ARN, a project id…'),
  notResources: z.array(text(2048)).max(1_000).optional(),
  conditional: z.boolean().optional().describe('The statement applies only under conditions. Default false.'),
});

export const EntitlementInputSchema = strictObject({
  name: text(512),
  type: z.enum(ENTITLEMENT_TYPES).optional().describe('Default `custom`.'),
  via: text(1024).optional().describe('How it is held when not directly: a binding, a role, an app assignment.'),
  statements: z.array(StatementInputSchema).max(LIMITS.statements).optional(),
  document: z.string().max(1_048_576).optional().describe('The source’s own policy document, kept verbatim.'),
});

export const CredentialInputSchema = strictObject({
  id: text(512).describe('Stable within the identity: a key id, a client id, a certificate serial, a name.'),
  type: z.enum(CREDENTIAL_TYPES),
  status: z.enum(['active', 'inactive']).optional().describe('Default `active`.'),
  created: optionalDate,
  lastUsed: optionalDate,
  lastRotated: optionalDate,
  expires: optionalDate,
  fingerprint: z
    .string()
    .max(512)
    .nullable()
    .optional()
    .describe('Never the secret: a key id, the last four characters, or a hash of the public part.'),
});

export const IdentityInputSchema = strictObject({
  provider: providerName.optional().describe('Required unless `defaults.provider` is given.'),
  id: text(2048).describe('The provider’s own id for the identity; unique per provider in the file. Quote numbers.'),
  kind: z.enum(IDENTITY_KINDS),
  name: text(512).optional().describe('Default: the id.'),
  owner: ownerName.nullable().optional().describe('`null` says explicitly that nobody owns it.'),
  systemOfRecord: text(512).optional().describe('Where the identity is mastered. Default: `defaults` or the provider.'),
  status: z.enum(['active', 'disabled', 'deleted']).optional().describe('Default `active`.'),
  created: optionalDate,
  lastUsed: optionalDate,
  expires: optionalDate,
  mfa: z.boolean().nullable().optional().describe('For people: whether a second factor is enrolled.'),
  tags: z.record(text(256), tagValue).optional(),
  credentials: z.array(CredentialInputSchema).max(LIMITS.credentials).optional(),
  entitlements: z.array(EntitlementInputSchema).max(LIMITS.entitlements).optional(),
  memberOf: z
    .array(text(2100))
    .max(LIMITS.memberOf)
    .optional()
    .describe('Groups: an id without ":" is a group of the same provider; with ":" it is a full Vigil id.'),
  attributes: z.record(text(128), z.json()).optional().describe('Provider-specific facts, kept as given.'),
});

export const DefaultsInputSchema = strictObject({
  provider: providerName.optional(),
  owner: ownerName.optional(),
  systemOfRecord: text(512).optional(),
});

export const VigilYamlFileSchema = strictObject({
  version: z.literal(VIGIL_YAML_VERSION, { error: `expected version: ${VIGIL_YAML_VERSION}` }),
  scope: text(512).describe(
    'What this file is the whole truth for. Re-importing the same scope marks identities that disappeared as deleted.',
  ),
  defaults: DefaultsInputSchema.optional(),
  identities: z.array(IdentityInputSchema).max(LIMITS.identities),
});
export type VigilYamlFile = z.infer<typeof VigilYamlFileSchema>;
export type IdentityInput = z.infer<typeof IdentityInputSchema>;
export type CredentialInput = z.infer<typeof CredentialInputSchema>;
export type EntitlementInput = z.infer<typeof EntitlementInputSchema>;

/** Where the JSON Schema is committed, relative to the repository root. */
export const JSON_SCHEMA_PATH = 'docs/schemas/vigil-identities.schema.json';

/**
 * The format as JSON Schema (draft 2020-12), for editors (`# yaml-language-server:
 * $schema=…`) and other tools. Generated, never hand-edited.
 */
export function vigilYamlJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(VigilYamlFileSchema, { target: 'draft-2020-12', io: 'input' });
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: 'Vigil identities file',
    description:
      'Identities from any system, for `vigil import vigil-yaml FILE`. Generated from src/adapters/importers/vigil-yaml/schema.ts by scripts/generate-yaml-schema.ts; see docs/importers/vigil-yaml.md.',
    ...rest,
  };
}
