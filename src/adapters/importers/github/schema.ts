/**
 * The Vigil GitHub org export: one JSON document holding the verbatim responses of
 * several GitHub REST endpoints (pages concatenated). Each part is modelled after the
 * REST API's own response schema (github/rest-api-description); only the fields Vigil
 * reads are kept, the rest is dropped by zod. See docs/importers/github.md.
 */
import { z } from 'zod';

// GitHub logins are at most 39 characters; app bots add a `[bot]` suffix.
const login = z.string().min(1).max(100);
const id = z.number().int().nonnegative();
const timestamp = z.string().max(64);
const url = z.string().max(2048);

/** `simple-user`: what the member, admin, 2FA and outside-collaborator lists return. */
export const SimpleUserSchema = z.object({
  login,
  id,
  node_id: z.string().max(256).optional(),
  type: z.string().min(1).max(64),
  site_admin: z.boolean().optional(),
  name: z.string().max(512).nullish(),
  email: z.string().max(512).nullish(),
  html_url: url.optional(),
  user_view_type: z.string().max(64).optional(),
});
export type SimpleUser = z.infer<typeof SimpleUserSchema>;

/** `collaborator`: a simple-user with the repository permissions the person holds. */
export const CollaboratorSchema = SimpleUserSchema.extend({
  permissions: z
    .object({
      pull: z.boolean(),
      triage: z.boolean().optional(),
      push: z.boolean(),
      maintain: z.boolean().optional(),
      admin: z.boolean(),
    })
    .optional(),
  role_name: z.string().min(1).max(256).optional(),
});
export type Collaborator = z.infer<typeof CollaboratorSchema>;

/** `organization-full` (GET /orgs/{org}); owner-only fields are optional. */
export const OrganizationSchema = z.object({
  login,
  id,
  node_id: z.string().max(256).optional(),
  name: z.string().max(512).nullish(),
  type: z.string().max(64).optional(),
  two_factor_requirement_enabled: z.boolean().nullish(),
  default_repository_permission: z.string().max(64).nullish(),
  created_at: timestamp.optional(),
  updated_at: timestamp.optional(),
  html_url: url.optional(),
});
export type Organization = z.infer<typeof OrganizationSchema>;

/** `installation` (GET /orgs/{org}/installations). */
export const InstallationSchema = z.object({
  id,
  app_id: id,
  app_slug: z.string().min(1).max(256),
  target_id: id.optional(),
  target_type: z.string().max(64),
  account: z.object({ login: login.optional(), slug: z.string().max(256).optional() }).nullish(),
  // `app-permissions`: permission name → read | write | admin.
  permissions: z.record(z.string().min(1).max(128), z.string().min(1).max(32)),
  repository_selection: z.enum(['all', 'selected']),
  events: z.array(z.string().max(128)).max(1000),
  created_at: timestamp,
  updated_at: timestamp,
  suspended_at: timestamp.nullish(),
  suspended_by: SimpleUserSchema.nullish(),
  html_url: url.optional(),
  client_id: z.string().max(256).optional(),
});
export type Installation = z.infer<typeof InstallationSchema>;

/** `deploy-key` (GET /repos/{owner}/{repo}/keys). `key` is the public key only. */
export const DeployKeySchema = z.object({
  id,
  key: z.string().min(1).max(16_384),
  url: url.optional(),
  title: z.string().max(1024),
  verified: z.boolean(),
  created_at: timestamp,
  read_only: z.boolean(),
  added_by: z.string().max(256).nullish(),
  last_used: timestamp.nullish(),
  enabled: z.boolean().optional(),
});
export type DeployKey = z.infer<typeof DeployKeySchema>;

/** `actions-secret` / `organization-actions-secret`: metadata only; the API never returns a value. */
export const ActionsSecretSchema = z.object({
  name: z.string().min(1).max(256),
  created_at: timestamp,
  updated_at: timestamp,
  visibility: z.enum(['all', 'private', 'selected']).optional(),
  selected_repositories_url: url.optional(),
});
export type ActionsSecret = z.infer<typeof ActionsSecretSchema>;

/** `minimal-repository` (an item of GET /orgs/{org}/repos). */
export const RepositorySchema = z.object({
  id,
  node_id: z.string().max(256).optional(),
  name: z.string().min(1).max(100),
  full_name: z.string().min(1).max(256),
  owner: z.object({ login }),
  private: z.boolean(),
  visibility: z.string().max(32).optional(),
  archived: z.boolean().optional(),
  disabled: z.boolean().optional(),
  fork: z.boolean().optional(),
  html_url: url.optional(),
  created_at: timestamp.nullish(),
  pushed_at: timestamp.nullish(),
});
export type Repository = z.infer<typeof RepositorySchema>;

const MAX_LIST = 1_000_000;

/**
 * Lists that the API pages inside an object (`{total_count, installations}`,
 * `{total_count, secrets}`): the export may hold that object or the bare array. The
 * importer unwraps the object before validation (see `unwrapPagedLists`) so that
 * errors keep naming the exact place; these are the wrapping keys.
 */
export const PAGED_LIST_KEYS = { installations: 'installations', actions_secrets: 'secrets' } as const;

/** One repository and what the per-repository endpoints returned for it. */
export const RepoEntrySchema = z.object({
  repository: RepositorySchema,
  deploy_keys: z.array(DeployKeySchema).max(MAX_LIST),
  actions_secrets: z.array(ActionsSecretSchema).max(MAX_LIST),
  collaborators: z.array(CollaboratorSchema).max(MAX_LIST).optional(),
});
export type RepoEntry = z.infer<typeof RepoEntrySchema>;

/** The whole org export, once paged lists are unwrapped. */
export const OrgExportSchema = z.object({
  org: z.union([login, OrganizationSchema], {
    error: 'expected the org login (a string) or the object GET /orgs/{org} returns',
  }),
  members: z.array(SimpleUserSchema).max(MAX_LIST),
  admins: z.array(SimpleUserSchema).max(MAX_LIST).optional(),
  members_2fa_disabled: z.array(SimpleUserSchema).max(MAX_LIST).optional(),
  outside_collaborators: z.array(SimpleUserSchema).max(MAX_LIST).optional(),
  installations: z.array(InstallationSchema).max(MAX_LIST),
  actions_secrets: z.array(ActionsSecretSchema).max(MAX_LIST),
  repos: z.array(RepoEntrySchema).max(MAX_LIST),
});
export type OrgExport = z.infer<typeof OrgExportSchema>;
