/**
 * What an importer hands to the inventory: everything one file says, already
 * validated and normalised, so that the store can apply it in one transaction.
 */
import { z } from 'zod';
import { IdentityRecordSchema, PolicySchema } from './identity.js';

export const IMPORT_SOURCES = ['aws-iam', 'aws-credential-report', 'k8s', 'github', 'vigil-yaml'] as const;
export const ImportSourceSchema = z.enum(IMPORT_SOURCES);
export type ImportSource = z.infer<typeof ImportSourceSchema>;

/**
 * - `full`: the file is the whole truth for its scope. Identities of the same source
 *   and scope that it no longer lists are marked deleted (never dropped).
 * - `augment`: the file adds facts (credentials, MFA, last use) to identities that
 *   another source owns, creating those it does not find; it deletes nothing.
 */
export const ImportModeSchema = z.enum(['full', 'augment']);
export type ImportMode = z.infer<typeof ImportModeSchema>;

export const ImportBatchSchema = z.object({
  source: ImportSourceSchema,
  /** What the file covers: an AWS account id, a cluster, a GitHub org, a YAML file's `scope`. */
  scope: z.string().min(1).max(512),
  mode: ImportModeSchema,
  identities: z.array(IdentityRecordSchema),
  policies: z.array(PolicySchema),
});
export type ImportBatch = z.infer<typeof ImportBatchSchema>;

/** Options every importer receives. */
export interface ImportOptions {
  /** Tag (or label, or annotation) keys that name an owner, in order of preference. */
  ownerTagKeys: readonly string[];
  /** Overrides the scope a file would otherwise get (a Kubernetes cluster's name, say). */
  scope?: string | undefined;
}

/** A file read, size-checked and decoded, ready to parse. */
export interface SourceText {
  /** The name shown in errors: the path as the user gave it. */
  name: string;
  text: string;
}

/** An importer: pure parsing of one file's text into a batch. Throws {@link ImportInputError} on bad input. */
export interface Importer {
  source: ImportSource;
  /** One line for `--help`: what the importer reads. */
  describe: string;
  parse(input: SourceText, options: ImportOptions): ImportBatch;
}
