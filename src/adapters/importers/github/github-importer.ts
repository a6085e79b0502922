/**
 * GitHub importer: reads a Vigil GitHub org export (docs/importers/github.md), the
 * verbatim responses of the org's member, installation, deploy-key and Actions-secret
 * endpoints in one JSON document, and turns them into identities: people (members and
 * outside collaborators), GitHub App installations, deploy keys and Actions secrets.
 */
import { ImportInputError } from '../../../core/errors.js';
import {
  type Credential,
  type Entitlement,
  type IdentityKind,
  type IdentityRecord,
  identityId,
  newIdentityRecord,
  type Statement,
} from '../../../core/inventory/identity.js';
import type { ImportBatch, Importer, ImportOptions, SourceText } from '../../../core/inventory/import-batch.js';
import { assertUniqueIds, formatPath, parseJson, toTimestamp, validate } from '../parse-input.js';
import {
  type ActionsSecret,
  type Collaborator,
  type DeployKey,
  type Installation,
  type OrgExport,
  OrgExportSchema,
  PAGED_LIST_KEYS,
  type RepoEntry,
  type SimpleUser,
} from './schema.js';
import { sshPublicKeyFingerprint } from './ssh-fingerprint.js';

/** The provider every identity of this importer carries. */
export const GITHUB_PROVIDER = 'github';

const EXPECTED =
  'expected a Vigil GitHub org export: a JSON object with "org", "members", "installations", "actions_secrets" and "repos" (see docs/importers/github.md; examples/github/fetch-org-export.sh builds one)';

/** Fine-grained permissions that apply to the organization itself rather than to its repositories. */
const ORG_LEVEL_PERMISSIONS = new Set(['members', 'team_discussions', 'custom_properties_for_organizations']);

/**
 * The GitHub importer (`vigil import github FILE`). The scope is the org's login.
 *
 * @example
 * const batch = githubImporter.parse({ name: 'org-export.json', text }, { ownerTagKeys: [] });
 */
export const githubImporter: Importer = {
  source: 'github',
  describe:
    'GitHub organization: the org export JSON of docs/importers/github.md (members, apps, deploy keys, Actions secrets)',
  parse: parseGithubOrgExport,
};

/**
 * Parses a GitHub org export into an import batch. Pure: no I/O, no clock.
 *
 * @throws ImportInputError when the text is not JSON, not an org export, does not match the
 *   GitHub REST shapes, names the same thing twice, or belongs to another org than `options.scope`.
 */
export function parseGithubOrgExport(input: SourceText, options: ImportOptions): ImportBatch {
  const document = parseJson(input);
  checkShape(input, document);
  const { value, locate } = unwrapPagedLists(document);
  const data = validate(input, OrgExportSchema, value, locate);
  const org = typeof data.org === 'string' ? data.org : data.org.login;
  const wanted = options.scope?.trim();
  if (wanted !== undefined && wanted !== '' && wanted.toLowerCase() !== org.toLowerCase()) {
    throw new ImportInputError(
      input.name,
      'org',
      `the export is for the org "${org}", but the import was asked for "${wanted}"; export that org, or drop the scope`,
    );
  }
  return new OrgBuilder(input, org, data, locate).build();
}

// ---------------------------------------------------------------------------------------
// Recognising and unwrapping the document

function checkShape(input: SourceText, document: unknown): asserts document is Record<string, unknown> {
  if (!isRecord(document)) {
    const what = Array.isArray(document)
      ? 'a JSON array (the output of a single endpoint, such as GET /orgs/{org}/members?)'
      : `a bare JSON ${document === null ? 'null' : typeof document}`;
    throw new ImportInputError(input.name, null, `the file is ${what}; ${EXPECTED}`);
  }
  if ('members' in document) return;
  let what: string | null = null;
  if (typeof document.kind === 'string' && 'items' in document) what = `a Kubernetes ${quote(document.kind)}`;
  else if ('UserDetailList' in document || 'RoleDetailList' in document) {
    what = 'an AWS IAM export (`aws iam get-account-authorization-details`)';
  } else if (Array.isArray(document.Records)) what = 'an AWS CloudTrail log';
  else if (typeof document.login === 'string' && 'repos_url' in document) {
    what = 'a single GitHub org or user object (GET /orgs/{org}), not the whole export';
  } else if ('total_count' in document) what = 'a single paged GitHub API response';
  if (what !== null) throw new ImportInputError(input.name, null, `the file looks like ${what}; ${EXPECTED}`);
  throw new ImportInputError(
    input.name,
    'members',
    `missing: expected the array GET /orgs/{org}/members returns (every org export has members); ${EXPECTED}`,
  );
}

type Locate = (path: ReadonlyArray<PropertyKey>) => string;

/**
 * Replaces each `{total_count, installations|secrets}` object by its array, and returns
 * a locator that puts the wrapping key back into error paths, so that an error still
 * names `installations.installations[2].app_slug` when the file has that shape.
 */
function unwrapPagedLists(document: Record<string, unknown>): { value: Record<string, unknown>; locate: Locate } {
  const wrapped = new Map<string, string>();
  const unwrap = (container: Record<string, unknown>, key: keyof typeof PAGED_LIST_KEYS, prefix: string) => {
    const value = container[key];
    const inner = PAGED_LIST_KEYS[key];
    if (isRecord(value) && Array.isArray(value[inner])) {
      container[key] = value[inner];
      wrapped.set(`${prefix}${key}`, inner);
    }
  };
  const value: Record<string, unknown> = { ...document };
  unwrap(value, 'installations', '');
  unwrap(value, 'actions_secrets', '');
  if (Array.isArray(value.repos)) {
    value.repos = value.repos.map((entry, i) => {
      if (!isRecord(entry)) return entry;
      const copy = { ...entry };
      unwrap(copy, 'actions_secrets', `repos.${i}.`);
      return copy;
    });
  }
  const locate: Locate = (path) => {
    const out: PropertyKey[] = [];
    for (const part of path) {
      out.push(part);
      const inner = wrapped.get(out.map(String).join('.'));
      if (inner !== undefined) out.push(inner);
    }
    return formatPath(out);
  };
  return { value, locate };
}

// ---------------------------------------------------------------------------------------
// Building the batch

class OrgBuilder {
  private readonly identities = new Map<string, IdentityRecord>();
  private readonly places: Array<{ id: string; place: string }> = [];
  /** Repository name (lower case) → where it was given. */
  private readonly repositories = new Map<string, string>();
  private readonly systemOfRecord: string;

  constructor(
    private readonly input: SourceText,
    private readonly org: string,
    private readonly data: OrgExport,
    private readonly locate: Locate,
  ) {
    this.systemOfRecord = `github:${org}`;
  }

  build(): ImportBatch {
    if (this.data.members.length === 0) {
      throw new ImportInputError(
        this.input.name,
        'members',
        'the list is empty, but every org has at least one owner; the token probably sees only public members (it needs read:org)',
      );
    }
    this.addPeople();
    this.addInstallations();
    this.addSecrets(this.data.actions_secrets, null, ['actions_secrets']);
    for (const [i, entry] of this.data.repos.entries()) this.addRepository(entry, i);
    assertUniqueIds(this.input, this.places);
    const identities = [...this.identities.values()].sort((a, b) => compare(a.id, b.id));
    return { source: 'github', scope: this.org, mode: 'full', identities, policies: [] };
  }

  private addPeople(): void {
    const { members, admins, members_2fa_disabled: noMfa, outside_collaborators: outside } = this.data;
    const adminLogins = admins === undefined ? null : loginSet(admins);
    const noMfaLogins = noMfa === undefined ? null : loginSet(noMfa);
    const orgObject = typeof this.data.org === 'string' ? null : this.data.org;
    const mfaRequired = orgObject?.two_factor_requirement_enabled === true;
    const memberLogins = new Set<string>();
    const addMember = (user: SimpleUser, place: string) => {
      memberLogins.add(user.login.toLowerCase());
      const role = adminLogins?.has(user.login.toLowerCase()) === true ? 'admin' : 'member';
      // The 2FA list is authoritative when exported; otherwise an org that requires 2FA
      // has removed everyone without it, so its members have it.
      const mfaEnabled = noMfaLogins !== null ? !noMfaLogins.has(user.login.toLowerCase()) : mfaRequired ? true : null;
      const record = this.person(user, place, mfaEnabled, {
        orgRole: role,
        orgRoleKnown: adminLogins !== null,
        siteAdmin: user.site_admin ?? false,
      });
      record.entitlements.push(this.orgRole(role, orgObject?.default_repository_permission ?? null));
    };
    for (const [i, user] of members.entries()) addMember(user, `members[${i}]`);
    // An owner missing from the member list (pages fetched a moment apart) is still an owner.
    admins?.forEach((user, i) => {
      if (!memberLogins.has(user.login.toLowerCase())) addMember(user, `admins[${i}]`);
    });
    outside?.forEach((user, i) => {
      if (memberLogins.has(user.login.toLowerCase())) {
        throw new ImportInputError(
          this.input.name,
          `outside_collaborators[${i}]`,
          `"${user.login}" is also listed in members; an outside collaborator is by definition not a member`,
        );
      }
      // Through add(), a second entry for the same login is reported with both places.
      this.person(user, `outside_collaborators[${i}]`, null, { outsideCollaborator: true, trust: 'external' });
    });
  }

  private person(
    user: SimpleUser,
    place: string,
    mfaEnabled: boolean | null,
    attributes: Record<string, unknown>,
  ): IdentityRecord {
    const kind: IdentityKind = user.type === 'Bot' || user.login.endsWith('[bot]') ? 'bot' : 'human';
    return this.add(`${this.org}/user:${user.login}`, place, {
      kind,
      name: user.login,
      mfaEnabled,
      attributes: {
        login: user.login,
        githubId: user.id,
        nodeId: user.node_id ?? null,
        accountType: user.type,
        ...attributes,
      },
    });
  }

  private outsideCollaborator(user: SimpleUser, place: string): IdentityRecord {
    const existing = this.identities.get(this.userId(user.login));
    if (existing !== undefined) return existing;
    return this.person(user, place, null, { outsideCollaborator: true, trust: 'external' });
  }

  private orgRole(role: 'admin' | 'member', defaultPermission: string | null): Entitlement {
    const statements: Statement[] =
      role === 'admin' ? [allow(['*'], [this.org, `${this.org}/*`])] : [allow(['org:read'], [this.org])];
    if (role === 'member' && defaultPermission !== null && defaultPermission !== 'none') {
      // Every member holds the org's base permission on every repository.
      statements.push(allow([`repo:${defaultPermission}`], [`${this.org}/*`]));
    }
    return { type: 'github-role', name: role, via: null, policyId: null, document: null, statements };
  }

  private addInstallations(): void {
    const seen = new Map<string, string>();
    this.data.installations.forEach((installation, i) => {
      const place = this.locate(['installations', i]);
      const first = seen.get(installation.app_slug);
      if (first !== undefined) {
        throw new ImportInputError(
          this.input.name,
          place,
          `duplicate app "${installation.app_slug}", already given at ${first}; an app is installed once per org`,
        );
      }
      seen.set(installation.app_slug, place);
      this.installation(installation, place);
    });
  }

  private installation(installation: Installation, place: string): void {
    const selected = installation.repository_selection === 'selected';
    const entitlements: Entitlement[] = Object.entries(installation.permissions)
      .sort(([a], [b]) => compare(a, b))
      .map(([permission, level]) => {
        const action = `${permission}:${level}`;
        const orgLevel = permission.startsWith('organization_') || ORG_LEVEL_PERMISSIONS.has(permission);
        // For `selected` installations the org endpoint does not say which repositories:
        // the statement covers all of them, marked conditional on the selection.
        const statement = orgLevel
          ? allow([action], [this.org])
          : { ...allow([action], [`${this.org}/*`]), conditional: selected };
        return {
          type: 'github-permission',
          name: action,
          via: `installation ${installation.id}`,
          policyId: null,
          document: null,
          statements: [statement],
        };
      });
    this.add(`${this.org}/app:${installation.app_slug}`, place, {
      kind: 'bot',
      name: installation.app_slug,
      status: installation.suspended_at ? 'disabled' : 'active',
      createdAt: toTimestamp(installation.created_at),
      entitlements,
      attributes: {
        installationId: installation.id,
        appId: installation.app_id,
        appSlug: installation.app_slug,
        targetType: installation.target_type,
        account: installation.account?.login ?? installation.account?.slug ?? null,
        repositorySelection: installation.repository_selection,
        permissions: installation.permissions,
        events: installation.events,
        updatedAt: toTimestamp(installation.updated_at),
        suspendedAt: toTimestamp(installation.suspended_at),
        suspendedBy: installation.suspended_by?.login ?? null,
      },
    });
  }

  private addRepository(entry: RepoEntry, index: number): void {
    const repo = entry.repository;
    const place = (...path: PropertyKey[]) => this.locate(['repos', index, ...path]);
    if (repo.owner.login.toLowerCase() !== this.org.toLowerCase()) {
      throw new ImportInputError(
        this.input.name,
        place('repository', 'owner', 'login'),
        `the repository belongs to "${repo.owner.login}", not to the org "${this.org}" this export is for`,
      );
    }
    const first = this.repositories.get(repo.name.toLowerCase());
    if (first !== undefined) {
      throw new ImportInputError(
        this.input.name,
        place('repository', 'name'),
        `duplicate repository "${repo.name}", already given at ${first}; list each repository once`,
      );
    }
    this.repositories.set(repo.name.toLowerCase(), place('repository', 'name'));
    const repoAttributes = {
      repository: repo.name,
      repositoryPrivate: repo.private,
      repositoryArchived: repo.archived ?? false,
    };
    for (const [k, key] of entry.deploy_keys.entries()) {
      this.deployKey(key, repo.name, place('deploy_keys', k), repoAttributes);
    }
    this.addSecrets(entry.actions_secrets, repo.name, ['repos', index, 'actions_secrets'], repoAttributes);
    for (const [c, collaborator] of (entry.collaborators ?? []).entries()) {
      this.collaborator(collaborator, repo.name, place('collaborators', c));
    }
  }

  private deployKey(key: DeployKey, repo: string, place: string, repoAttributes: Record<string, unknown>): void {
    const parsed = sshPublicKeyFingerprint(key.key);
    if (parsed === null) {
      throw new ImportInputError(this.input.name, `${place}.key`, 'expected an OpenSSH public key ("<type> <base64>")');
    }
    const level = key.read_only ? 'read' : 'write';
    const credential: Credential = {
      id: String(key.id),
      type: 'ssh-key',
      status: key.enabled === false ? 'inactive' : 'active',
      createdAt: toTimestamp(key.created_at),
      lastUsedAt: toTimestamp(key.last_used),
      lastRotatedAt: null,
      expiresAt: null,
      fingerprint: parsed.fingerprint,
    };
    const addedBy = key.added_by?.trim() ?? '';
    this.add(`${this.org}/${repo}/deploy-key:${key.id}`, place, {
      kind: 'access-key',
      name: truncate(`${repo}/${key.title || key.id}`, 512),
      // Who added the key is the best owner the source knows of.
      owner: addedBy === '' ? null : { name: addedBy, source: 'source', detail: 'deploy key added_by' },
      createdAt: credential.createdAt,
      lastUsedAt: credential.lastUsedAt,
      usageTracked: true,
      credentials: [credential],
      entitlements: [
        {
          type: 'github-permission',
          name: `${repo}:${level}`,
          via: null,
          policyId: null,
          document: null,
          statements: [allow(key.read_only ? ['repo:read'] : ['repo:read', 'repo:write'], [`${this.org}/${repo}`])],
        },
      ],
      attributes: {
        ...repoAttributes,
        deployKeyId: key.id,
        title: key.title,
        keyType: parsed.algorithm,
        readOnly: key.read_only,
        verified: key.verified,
        enabled: key.enabled ?? true,
        addedBy: addedBy === '' ? null : addedBy,
      },
    });
  }

  private addSecrets(
    secrets: readonly ActionsSecret[],
    repo: string | null,
    path: PropertyKey[],
    repoAttributes: Record<string, unknown> = {},
  ): void {
    secrets.forEach((secret, s) => {
      const place = this.locate([...path, s]);
      const prefix = repo === null ? this.org : `${this.org}/${repo}`;
      const credential: Credential = {
        id: secret.name,
        type: 'secret',
        status: 'active',
        createdAt: toTimestamp(secret.created_at),
        lastUsedAt: null,
        lastRotatedAt: toTimestamp(secret.updated_at),
        expiresAt: null,
        fingerprint: null,
      };
      this.add(`${prefix}/actions-secret:${secret.name}`, place, {
        kind: 'token',
        name: repo === null ? secret.name : `${repo}/${secret.name}`,
        createdAt: credential.createdAt,
        credentials: [credential],
        attributes: {
          ...repoAttributes,
          secretScope: repo === null ? 'organization' : 'repository',
          visibility: secret.visibility ?? null,
          ...(secret.selected_repositories_url === undefined
            ? {}
            : { selectedRepositoriesUrl: secret.selected_repositories_url }),
        },
      });
    });
  }

  private collaborator(collaborator: Collaborator, repo: string, place: string): void {
    const record = this.outsideCollaborator(collaborator, place);
    const role = repositoryRole(collaborator);
    if (role === null) return;
    record.entitlements.push({
      type: 'github-permission',
      name: `${repo}:${role}`,
      via: null,
      policyId: null,
      document: null,
      statements: [allow([`repo:${role}`], [`${this.org}/${repo}`])],
    });
  }

  private userId(login: string): string {
    return identityId(GITHUB_PROVIDER, `${this.org}/user:${login}`);
  }

  private add(
    externalId: string,
    place: string,
    fields: Partial<IdentityRecord> & Pick<IdentityRecord, 'kind' | 'name' | 'attributes'>,
  ): IdentityRecord {
    const id = identityId(GITHUB_PROVIDER, externalId);
    this.places.push({ id, place });
    const { kind, name, ...rest } = fields;
    // GitHub's API records use only for deploy keys (last_used): those set usageTracked themselves.
    const record: IdentityRecord = {
      ...newIdentityRecord({ provider: GITHUB_PROVIDER, externalId, kind, name, systemOfRecord: this.systemOfRecord }),
      ...rest,
    };
    // A later duplicate is reported by assertUniqueIds with both places; keep the first.
    if (!this.identities.has(id)) this.identities.set(id, record);
    return record;
  }
}

// ---------------------------------------------------------------------------------------
// Helpers

/** The collaborator's repository role: `role_name` when given, else the strongest permission flag. */
function repositoryRole(collaborator: Collaborator): string | null {
  if (collaborator.role_name !== undefined) return collaborator.role_name;
  const p = collaborator.permissions;
  if (p === undefined) return null;
  if (p.admin) return 'admin';
  if (p.maintain === true) return 'maintain';
  if (p.push) return 'write';
  if (p.triage === true) return 'triage';
  return p.pull ? 'read' : null;
}

function allow(actions: string[], resources: string[]): Statement {
  return { effect: 'allow', actions, resources, conditional: false };
}

function loginSet(users: readonly SimpleUser[]): Set<string> {
  return new Set(users.map((u) => u.login.toLowerCase()));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function quote(text: string): string {
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text);
}

function truncate(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
