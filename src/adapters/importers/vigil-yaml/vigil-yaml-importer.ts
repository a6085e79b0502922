/**
 * The `vigil-yaml` importer: identities from any system, in Vigil's own YAML format
 * (docs/importers/vigil-yaml.md). The file is the whole truth for its `scope`:
 * re-importing it marks identities that disappeared from it as deleted.
 */
import type { z } from 'zod';
import { ImportInputError } from '../../../core/errors.js';
import {
  type Credential,
  type Entitlement,
  type IdentityRecord,
  identityId,
  type Owner,
  type Statement,
} from '../../../core/inventory/identity.js';
import type { Importer, ImportOptions } from '../../../core/inventory/import-batch.js';
import { assertUniqueIds, toTimestamp } from '../parse-input.js';
import {
  type CredentialInput,
  type EntitlementInput,
  type IdentityInput,
  nearest,
  type VigilYamlFile,
  VigilYamlFileSchema,
} from './schema.js';
import { rejectSecretValues } from './secret-guard.js';
import { locate, readYamlSource, type YamlSource } from './yaml-source.js';

/**
 * Reads a Vigil identities YAML file.
 *
 * @example
 * const batch = vigilYamlImporter.parse({ name: 'identities.yaml', text }, { ownerTagKeys: ['owner'] });
 */
export const vigilYamlImporter: Importer = {
  source: 'vigil-yaml',
  describe: 'Vigil identities YAML (version 1): identities from any other system, with owners, credentials, grants',
  parse(input, options) {
    const source = readYamlSource(input);
    assertLooksLikeVigilYaml(source);
    rejectSecretValues(source);
    const file = validateFile(source);
    const scope = options.scope ?? file.scope;

    const entries = file.identities.map((entry, index) => {
      const provider = entry.provider ?? file.defaults?.provider;
      if (provider === undefined) {
        throw new ImportInputError(
          input.name,
          locate(source, ['identities', index]),
          'no provider: give `provider:` on the identity, or `defaults.provider` for the whole file',
        );
      }
      return { entry, index, provider, id: identityId(provider, entry.id) };
    });
    assertUniqueIds(
      input,
      entries.map(({ id, index }) => ({ id, place: locate(source, ['identities', index, 'id']) })),
    );

    const idsByProvider = new Map<string, Set<string>>();
    for (const { provider, entry } of entries) {
      const ids = idsByProvider.get(provider) ?? new Set<string>();
      ids.add(entry.id);
      idsByProvider.set(provider, ids);
    }
    const resolveGroup = (reference: string, provider: string): string => {
      // A group of the same provider in this file wins; else an id with ":" is a full Vigil id.
      if (idsByProvider.get(provider)?.has(reference) === true || !reference.includes(':')) {
        return identityId(provider, reference);
      }
      return reference;
    };

    const identities = entries.map(({ entry, index, provider, id }): IdentityRecord => {
      assertUniqueCredentialIds(source, entry, index);
      const tags = toTags(entry.tags);
      return {
        id,
        provider,
        externalId: entry.id,
        kind: entry.kind,
        name: entry.name ?? entry.id,
        owner: ownerOf(entry, tags, file, scope, options),
        systemOfRecord: entry.systemOfRecord ?? file.defaults?.systemOfRecord ?? provider,
        status: entry.status ?? 'active',
        createdAt: toTimestamp(entry.created),
        lastUsedAt: toTimestamp(entry.lastUsed),
        // Writing `lastUsed` (a date, or null for never) says the source records use; leaving it out says it does not.
        usageTracked: entry.lastUsed !== undefined,
        expiresAt: toTimestamp(entry.expires),
        mfaEnabled: entry.mfa ?? null,
        credentials: (entry.credentials ?? []).map(toCredential),
        entitlements: (entry.entitlements ?? []).map(toEntitlement),
        memberOf: [...new Set((entry.memberOf ?? []).map((reference) => resolveGroup(reference, provider)))],
        tags,
        attributes: entry.attributes ?? {},
      };
    });

    return { source: 'vigil-yaml', scope, mode: 'full', identities, policies: [] };
  },
};

/** Catches files of another kind early, with a pointer to the importer that reads them. */
function assertLooksLikeVigilYaml(source: YamlSource): void {
  const { value, input } = source;
  function fail(problem: string): never {
    throw new ImportInputError(input.name, locate(source, []), problem);
  }
  const expected = 'expected a Vigil identities file: a mapping with version: 1, scope and identities';
  if (Array.isArray(value)) fail(`the document is a list; ${expected}`);
  if (typeof value !== 'object' || value === null) fail(`the document is a single ${typeof value}; ${expected}`);
  const keys = new Set(Object.keys(value));
  if (keys.has('identities') || keys.has('version')) return;
  if (keys.has('apiVersion') && keys.has('kind')) {
    fail(
      `this looks like a Kubernetes manifest (apiVersion, kind); use \`vigil import k8s\` for RBAC exports; ${expected}`,
    );
  }
  if (keys.has('UserDetailList') || keys.has('RoleDetailList')) {
    fail(`this looks like an AWS IAM authorization-details export; use \`vigil import aws-iam\`; ${expected}`);
  }
  if (keys.has('Records')) {
    fail(`this looks like a CloudTrail log (Records), telemetry rather than an inventory; ${expected}`);
  }
}

/** Validates against the schema; the first problem is reported with its line and column. */
function validateFile(source: YamlSource): VigilYamlFile {
  const result = VigilYamlFileSchema.safeParse(source.value, { reportInput: true });
  if (result.success) return result.data;
  const [issue, ...rest] = result.error.issues;
  if (issue === undefined) throw new ImportInputError(source.input.name, null, 'the file does not match the format');
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
  if (issue.code === 'unrecognized_keys') {
    throw new ImportInputError(source.input.name, locate(source, issue.path, issue.keys[0]), `${issue.message}${more}`);
  }
  const where = isMissing(issue) ? locate(source, issue.path.slice(0, -1)) : locate(source, issue.path);
  throw new ImportInputError(source.input.name, where, `${describeIssue(issue)}${more}`);
}

/** A required field that is absent: zod reports it where the field would be, with no input. */
function isMissing(issue: z.core.$ZodIssue): boolean {
  return (
    issue.input === undefined &&
    issue.path.length > 0 &&
    (issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_union')
  );
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (isMissing(issue)) {
    const field = String(issue.path[issue.path.length - 1]);
    const expected =
      issue.code === 'invalid_value' && issue.values.length > 1
        ? `one of: ${issue.values.map(String).join(', ')}`
        : issue.code === 'invalid_type'
          ? issue.expected
          : issue.message;
    return `missing required field "${field}" (expected ${expected})`;
  }
  switch (issue.code) {
    case 'invalid_type': {
      const got = describeValue(issue.input);
      const hint =
        issue.expected === 'string' && (typeof issue.input === 'number' || typeof issue.input === 'boolean')
          ? ': put it in quotes, YAML reads unquoted 123, true or null as numbers, booleans and null'
          : issue.expected === 'boolean' && typeof issue.input === 'string'
            ? ': use true or false'
            : '';
      return `expected ${issue.expected}, got ${got}${hint}`;
    }
    case 'invalid_value': {
      if (issue.values.length <= 1) return issue.message;
      const allowed = issue.values.map(String);
      const got = typeof issue.input === 'string' ? `"${printable(issue.input)}"` : describeValue(issue.input);
      const near = typeof issue.input === 'string' ? nearest(issue.input, allowed) : undefined;
      return `expected one of: ${allowed.join(', ')}; got ${got}${near === undefined ? '' : ` (did you mean "${near}"?)`}`;
    }
    default:
      return issue.message;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

function printable(value: string): string {
  // Only enum fields reach here (kind, type, status); still, echo little and nothing odd.
  const cleaned = value.replace(/[^\x20-\x7e]/g, '?');
  return cleaned.length > 40 ? `${cleaned.slice(0, 40)}…` : cleaned;
}

function assertUniqueCredentialIds(source: YamlSource, entry: IdentityInput, index: number): void {
  const seen = new Set<string>();
  (entry.credentials ?? []).forEach((credential, j) => {
    if (seen.has(credential.id)) {
      throw new ImportInputError(
        source.input.name,
        locate(source, ['identities', index, 'credentials', j, 'id']),
        `duplicate credential id "${credential.id}" on identity "${entry.id}"; each credential may appear once`,
      );
    }
    seen.add(credential.id);
  });
}

function toTags(tags: IdentityInput['tags']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags ?? {})) out[key] = String(value);
  return out;
}

/** An explicit `owner` (even `null`) wins; then an owner tag; then `defaults.owner`. */
function ownerOf(
  entry: IdentityInput,
  tags: Record<string, string>,
  file: VigilYamlFile,
  scope: string,
  options: ImportOptions,
): Owner | null {
  if (entry.owner !== undefined) {
    return entry.owner === null ? null : { name: entry.owner, source: 'yaml', detail: scope };
  }
  const byLowerKey = new Map(Object.entries(tags).map(([key, value]) => [key.toLowerCase(), { key, value }]));
  for (const wanted of options.ownerTagKeys) {
    const tag = byLowerKey.get(wanted.toLowerCase());
    if (tag !== undefined && tag.value.trim() !== '') {
      return { name: tag.value.trim().slice(0, 256), source: 'tag', detail: tag.key };
    }
  }
  const fallback = file.defaults?.owner;
  return fallback === undefined ? null : { name: fallback, source: 'yaml', detail: scope };
}

function toCredential(credential: CredentialInput): Credential {
  return {
    id: credential.id,
    type: credential.type,
    status: credential.status ?? 'active',
    createdAt: toTimestamp(credential.created),
    lastUsedAt: toTimestamp(credential.lastUsed),
    lastRotatedAt: toTimestamp(credential.lastRotated),
    expiresAt: toTimestamp(credential.expires),
    fingerprint: credential.fingerprint ?? null,
  };
}

function toEntitlement(entitlement: EntitlementInput): Entitlement {
  return {
    type: entitlement.type ?? 'custom',
    name: entitlement.name,
    via: entitlement.via ?? null,
    policyId: null,
    document: entitlement.document ?? null,
    statements: (entitlement.statements ?? []).map((statement): Statement => {
      const out: Statement = {
        effect: statement.effect,
        actions: statement.actions,
        resources: statement.resources,
        conditional: statement.conditional ?? false,
      };
      if (statement.notActions !== undefined) out.notActions = statement.notActions;
      if (statement.notResources !== undefined) out.notResources = statement.notResources;
      return out;
    }),
  };
}
