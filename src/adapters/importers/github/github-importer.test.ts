import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { IdentityRecord } from '../../../core/inventory/identity.js';
import { type ImportBatch, ImportBatchSchema, type ImportOptions } from '../../../core/inventory/import-batch.js';
import { expectInputError } from '../testing.js';
import { githubImporter } from './github-importer.js';

const EXAMPLE = new URL('../../../../examples/github/org-export.json', import.meta.url);
const K8S_EXAMPLE = new URL('../../../../examples/k8s/cluster-rbac.json', import.meta.url);
const OPTIONS: ImportOptions = { ownerTagKeys: ['owner'] };
const TEXT = readFileSync(EXAMPLE, 'utf8');
const FILE = 'org-export.json';

type Json = Record<string, unknown>;

function parse(text: string, options: ImportOptions = OPTIONS, name = FILE): ImportBatch {
  return ImportBatchSchema.parse(githubImporter.parse({ name, text }, options));
}

/** The example as an object, to change one thing in it. */
function example(): Json {
  return JSON.parse(TEXT) as Json;
}

function at<T = Json>(value: unknown, ...path: Array<string | number>): T {
  let current = value;
  for (const key of path) current = (current as Record<string | number, unknown>)[key];
  return current as T;
}

function find(batch: ImportBatch, externalId: string): IdentityRecord {
  const found = batch.identities.find((i) => i.externalId === externalId);
  if (found === undefined) throw new Error(`no identity ${externalId}`);
  return found;
}

const user = (login: string, id: number, type = 'User') => ({ login, id, node_id: `U_${id}`, type, site_admin: false });
const minimal = (extra: Json = {}): Json => ({
  org: 'lumen-freight',
  members: [user('anguyen-lf', 1)],
  installations: [],
  actions_secrets: [],
  repos: [],
  ...extra,
});

describe('githubImporter on examples/github/org-export.json', () => {
  const batch = parse(TEXT);

  it('imports the whole example as a full batch for the org', () => {
    expect(batch.source).toBe('github');
    expect(batch.scope).toBe('lumen-freight');
    expect(batch.mode).toBe('full');
    expect(batch.policies).toEqual([]);
    for (const identity of batch.identities) {
      expect(identity.provider).toBe('github');
      expect(identity.systemOfRecord).toBe('github:lumen-freight');
      expect(identity.id).toBe(`github:${identity.externalId}`);
    }
  });

  it('finds members, the outside collaborator, apps, deploy keys and Actions secrets', () => {
    const count = (kind: string) => batch.identities.filter((i) => i.kind === kind).length;
    expect(count('human')).toBe(8); // 7 human members + 1 outside collaborator
    expect(count('bot')).toBe(4); // 1 bot member + 3 app installations
    expect(count('access-key')).toBe(4);
    expect(count('token')).toBe(6); // 3 org secrets + 3 repository secrets
    expect(batch.identities).toHaveLength(22);
  });

  it('gives the one owner the admin role and everyone else member', () => {
    const admin = find(batch, 'lumen-freight/user:anguyen-lf');
    expect(admin.entitlements).toEqual([
      {
        type: 'github-role',
        name: 'admin',
        via: null,
        policyId: null,
        document: null,
        statements: [
          { effect: 'allow', actions: ['*'], resources: ['lumen-freight', 'lumen-freight/*'], conditional: false },
        ],
      },
    ]);
    const member = find(batch, 'lumen-freight/user:dpatel-lf');
    expect(member.entitlements.map((e) => e.name)).toEqual(['member']);
    // The org's base permission (read) reaches every repository.
    expect(member.entitlements[0]?.statements[1]).toEqual({
      effect: 'allow',
      actions: ['repo:read'],
      resources: ['lumen-freight/*'],
      conditional: false,
    });
  });

  it('knows who has 2FA from the 2fa_disabled list', () => {
    expect(find(batch, 'lumen-freight/user:cmensah-lf').mfaEnabled).toBe(false);
    expect(find(batch, 'lumen-freight/user:efischer-lf').mfaEnabled).toBe(false);
    expect(find(batch, 'lumen-freight/user:bkowalski-lf').mfaEnabled).toBe(true);
  });

  it('makes a Bot-type member a bot', () => {
    const bot = find(batch, 'lumen-freight/user:lumen-release-bot');
    expect(bot.kind).toBe('bot');
    expect(bot.entitlements.map((e) => e.name)).toEqual(['member']);
  });

  it('marks the outside collaborator as external, with the repository role it holds', () => {
    const contractor = find(batch, 'lumen-freight/user:jtorres-contractor');
    expect(contractor.kind).toBe('human');
    expect(contractor.mfaEnabled).toBeNull();
    expect(contractor.attributes).toMatchObject({ outsideCollaborator: true, trust: 'external' });
    expect(contractor.entitlements).toEqual([
      {
        type: 'github-permission',
        name: 'billing-service:write',
        via: null,
        policyId: null,
        document: null,
        statements: [
          {
            effect: 'allow',
            actions: ['repo:write'],
            resources: ['lumen-freight/billing-service'],
            conditional: false,
          },
        ],
      },
    ]);
  });

  it('plants an app with broad write permissions, org-level ones on the org itself', () => {
    const app = find(batch, 'lumen-freight/app:lumen-deploy-bot');
    expect(app.kind).toBe('bot');
    expect(app.name).toBe('lumen-deploy-bot');
    expect(app.createdAt).toBe('2021-06-30T15:20:00.000Z');
    expect(app.attributes).toMatchObject({ installationId: 41000002, appId: 318744, repositorySelection: 'all' });
    const byName = new Map(app.entitlements.map((e) => [e.name, e]));
    expect(byName.get('administration:write')?.statements).toEqual([
      { effect: 'allow', actions: ['administration:write'], resources: ['lumen-freight/*'], conditional: false },
    ]);
    expect(byName.get('organization_administration:write')?.statements[0]?.resources).toEqual(['lumen-freight']);
    expect(byName.get('members:write')?.statements[0]?.resources).toEqual(['lumen-freight']);
    expect(app.entitlements.filter((e) => e.name.endsWith(':write'))).toHaveLength(10);
    for (const e of app.entitlements) {
      expect(e.type).toBe('github-permission');
      expect(e.via).toBe('installation 41000002');
    }
  });

  it('marks the statements of an installation on selected repositories as conditional', () => {
    const slack = find(batch, 'lumen-freight/app:slack');
    for (const e of slack.entitlements) expect(e.statements[0]?.conditional).toBe(true);
  });

  it('plants a write deploy key last used long ago, fingerprinted as ssh-keygen does', () => {
    const key = find(batch, 'lumen-freight/route-planner/deploy-key:98000102');
    expect(key.kind).toBe('access-key');
    expect(key.owner).toBeNull(); // no added_by
    expect(key.lastUsedAt).toBe('2023-02-07T03:11:45.000Z');
    expect(key.attributes).toMatchObject({ readOnly: false, repository: 'route-planner', keyType: 'ssh-ed25519' });
    expect(key.credentials).toEqual([
      {
        id: '98000102',
        type: 'ssh-key',
        status: 'active',
        createdAt: '2021-09-14T08:22:31.000Z',
        lastUsedAt: '2023-02-07T03:11:45.000Z',
        lastRotatedAt: null,
        expiresAt: null,
        fingerprint: 'SHA256:HLV6aHLI5JDmTD3+pb4qa/aVu3l9xWHsM5hJ+34qP9o',
      },
    ]);
    expect(key.entitlements[0]).toMatchObject({ type: 'github-permission', name: 'route-planner:write' });
    expect(key.entitlements[0]?.statements[0]?.actions).toEqual(['repo:read', 'repo:write']);
  });

  it('gives a read-only deploy key read, and takes its owner from added_by', () => {
    const key = find(batch, 'lumen-freight/billing-service/deploy-key:98000101');
    expect(key.entitlements[0]?.name).toBe('billing-service:read');
    expect(key.attributes.readOnly).toBe(true);
    expect(key.owner).toEqual({ name: 'anguyen-lf', source: 'source', detail: 'deploy key added_by' });
    expect(key.credentials[0]?.fingerprint).toBe('SHA256:9kBRp121P4fCnPZueBmeZ1sAj1gydkD91NHpwQutPr4');
  });

  it('plants an org Actions secret not rotated since 2023', () => {
    const secret = find(batch, 'lumen-freight/actions-secret:DOCKERHUB_PASSWORD');
    expect(secret.kind).toBe('token');
    expect(secret.createdAt).toBe('2022-05-10T09:00:00.000Z');
    expect(secret.attributes).toMatchObject({ secretScope: 'organization', visibility: 'selected' });
    expect(secret.credentials).toEqual([
      {
        id: 'DOCKERHUB_PASSWORD',
        type: 'secret',
        status: 'active',
        createdAt: '2022-05-10T09:00:00.000Z',
        lastUsedAt: null,
        lastRotatedAt: '2023-04-18T16:22:05.000Z',
        expiresAt: null,
        fingerprint: null,
      },
    ]);
  });

  it('names repository secrets by repository', () => {
    const secret = find(batch, 'lumen-freight/billing-service/actions-secret:STRIPE_WEBHOOK_SECRET');
    expect(secret.name).toBe('billing-service/STRIPE_WEBHOOK_SECRET');
    expect(secret.attributes).toMatchObject({ secretScope: 'repository', repository: 'billing-service' });
  });

  it('gives the same batch every time', () => {
    expect(parse(TEXT)).toEqual(batch);
  });

  it('accepts a scope equal to the org login, in any case', () => {
    expect(parse(TEXT, { ownerTagKeys: [], scope: 'Lumen-Freight' }).scope).toBe('lumen-freight');
  });
});

describe('githubImporter semantics', () => {
  it('accepts the org as a login and lists as bare arrays', () => {
    const batch = parse(JSON.stringify(minimal()));
    expect(batch.scope).toBe('lumen-freight');
    expect(batch.identities.map((i) => i.externalId)).toEqual(['lumen-freight/user:anguyen-lf']);
  });

  it('leaves MFA unknown when the 2FA list is absent and the org does not require 2FA', () => {
    const batch = parse(JSON.stringify(minimal()));
    expect(batch.identities[0]?.mfaEnabled).toBeNull();
  });

  it('infers MFA when the org requires 2FA and the 2FA list is absent', () => {
    const org = { login: 'lumen-freight', id: 7, two_factor_requirement_enabled: true };
    const batch = parse(JSON.stringify(minimal({ org })));
    expect(batch.identities[0]?.mfaEnabled).toBe(true);
  });

  it('says the org role is not known when the admins list is absent', () => {
    const batch = parse(JSON.stringify(minimal()));
    expect(batch.identities[0]?.attributes).toMatchObject({ orgRole: 'member', orgRoleKnown: false });
  });

  it('keeps an owner missing from the member list', () => {
    const batch = parse(JSON.stringify(minimal({ admins: [user('root-lf', 9)] })));
    expect(find(batch, 'lumen-freight/user:root-lf').entitlements[0]?.name).toBe('admin');
  });

  it('marks a suspended installation disabled', () => {
    const installations = at<Json[]>(example(), 'installations', 'installations');
    const suspended = {
      ...installations[2],
      suspended_at: '2026-10-01T00:00:00Z',
      suspended_by: user('anguyen-lf', 1),
    };
    const batch = parse(JSON.stringify(minimal({ installations: [suspended] })));
    expect(find(batch, 'lumen-freight/app:slack').status).toBe('disabled');
  });

  it('never keeps a deploy key public key or anything but its fingerprint', () => {
    const keys = at<Json[]>(example(), 'repos', 1, 'deploy_keys');
    const blob = String(keys[0]?.key).split(' ')[1] ?? '';
    expect(blob.length).toBeGreaterThan(40);
    expect(JSON.stringify(parse(TEXT))).not.toContain(blob);
  });
});

describe('githubImporter rejects bad input', () => {
  it('rejects an empty file', () => {
    const error = expectInputError(() => parse(''), FILE);
    expect(error.message).toContain('org-export.json');
    expect(error.message).toContain('empty');
  });

  it('rejects truncated JSON, naming where it ends', () => {
    const cut = TEXT.slice(0, TEXT.indexOf('"login":', 3000) + '"login":'.length);
    const error = expectInputError(() => parse(cut), FILE);
    const lines = cut.split('\n');
    expect(error.location).toBe(`line ${lines.length}, column ${(lines.at(-1)?.length ?? 0) + 1}`);
    expect(error.message).toContain('truncated');
  });

  it('rejects a Kubernetes List, saying what it looks like and what was expected', () => {
    const error = expectInputError(
      () => parse(readFileSync(K8S_EXAMPLE, 'utf8'), OPTIONS, 'cluster-rbac.json'),
      'cluster-rbac.json',
    );
    expect(error.file).toBe('cluster-rbac.json');
    expect(error.message).toContain('looks like a Kubernetes "List"');
    expect(error.message).toContain('expected a Vigil GitHub org export');
  });

  it('rejects an AWS IAM export', () => {
    const error = expectInputError(() => parse(JSON.stringify({ UserDetailList: [], RoleDetailList: [] })), FILE);
    expect(error.message).toContain('AWS IAM export');
  });

  it('rejects the output of a single endpoint (a bare array)', () => {
    const error = expectInputError(() => parse(JSON.stringify([user('anguyen-lf', 1)])), FILE);
    expect(error.message).toContain('JSON array');
    expect(error.message).toContain('docs/importers/github.md');
  });

  it('rejects an export without members', () => {
    const { members: _members, ...rest } = minimal();
    const error = expectInputError(() => parse(JSON.stringify(rest)), FILE);
    expect(error.location).toBe('members');
    expect(error.message).toContain('GET /orgs/{org}/members');
  });

  it('rejects an empty member list', () => {
    const error = expectInputError(() => parse(JSON.stringify(minimal({ members: [] }))), FILE);
    expect(error.location).toBe('members');
    expect(error.message).toContain('read:org');
  });

  it('rejects an export without installations', () => {
    const { installations: _installations, ...rest } = minimal();
    const error = expectInputError(() => parse(JSON.stringify(rest)), FILE);
    expect(error.location).toBe('installations');
    expect(error.message).toContain('expected array, got nothing');
  });

  it('rejects a member whose login is not a string, naming members[2].login', () => {
    const document = example();
    at<Json[]>(document, 'members')[2] = { ...at<Json>(document, 'members', 2), login: 42 };
    const error = expectInputError(() => parse(JSON.stringify(document)), FILE);
    expect(error.location).toBe('members[2].login');
    expect(error.message).toContain('expected string, got number');
  });

  it('names the place inside a paged installations object', () => {
    const document = example();
    at<Json[]>(document, 'installations', 'installations')[1] = {
      ...at<Json>(document, 'installations', 'installations', 1),
      app_slug: null,
    };
    const error = expectInputError(() => parse(JSON.stringify(document)), FILE);
    expect(error.location).toBe('installations.installations[1].app_slug');
  });

  it('names the place inside a repository secrets object', () => {
    const document = example();
    at<Json[]>(document, 'repos', 2, 'actions_secrets', 'secrets')[0] = { name: 'X', created_at: 5, updated_at: 'x' };
    const error = expectInputError(() => parse(JSON.stringify(document)), FILE);
    expect(error.location).toBe('repos[2].actions_secrets.secrets[0].created_at');
  });

  it('rejects an unknown repository selection', () => {
    const document = example();
    at<Json>(document, 'installations', 'installations', 0).repository_selection = 'some';
    const error = expectInputError(() => parse(JSON.stringify(document)), FILE);
    expect(error.location).toBe('installations.installations[0].repository_selection');
  });

  it('rejects a member given twice, naming both places', () => {
    const document = example();
    at<Json[]>(document, 'members').push(at<Json>(document, 'members', 1));
    const error = expectInputError(() => parse(JSON.stringify(document)), FILE);
    expect(error.location).toBe('members[8]');
    expect(error.message).toContain('already given at members[1]');
  });

  it('rejects an app installed twice', () => {
    const document = example();
    const list = at<Json[]>(document, 'installations', 'installations');
    list.push({ ...list[0], id: 99 });
    const error = expectInputError(() => parse(JSON.stringify(document)), FILE);
    expect(error.location).toBe('installations.installations[3]');
    expect(error.message).toContain('duplicate app "renovate", already given at installations.installations[0]');
  });

  it('rejects a repository given twice', () => {
    const document = example();
    at<Json[]>(document, 'repos').push(at<Json>(document, 'repos', 0));
    const error = expectInputError(() => parse(JSON.stringify(document)), FILE);
    expect(error.location).toBe('repos[3].repository.name');
    expect(error.message).toContain('already given at repos[0].repository.name');
  });

  it('rejects a deploy key that is not an OpenSSH public key', () => {
    const document = example();
    at<Json>(document, 'repos', 0, 'deploy_keys', 0).key = 'not a key';
    const error = expectInputError(() => parse(JSON.stringify(document)), FILE);
    expect(error.location).toBe('repos[0].deploy_keys[0].key');
    expect(error.message).toContain('OpenSSH public key');
    expect(error.message).not.toContain('not a key');
  });

  it('rejects a repository of another owner', () => {
    const document = example();
    at<Json>(document, 'repos', 1, 'repository', 'owner').login = 'someone-else';
    const error = expectInputError(() => parse(JSON.stringify(document)), FILE);
    expect(error.location).toBe('repos[1].repository.owner.login');
  });

  it('rejects an outside collaborator who is also a member', () => {
    const document = example();
    at<Json[]>(document, 'outside_collaborators').push(at<Json>(document, 'members', 3));
    const error = expectInputError(() => parse(JSON.stringify(document)), FILE);
    expect(error.location).toBe('outside_collaborators[1]');
  });

  it('rejects an export of another org than the scope asked for', () => {
    const error = expectInputError(() => parse(TEXT, { ownerTagKeys: [], scope: 'other-org' }), FILE);
    expect(error.location).toBe('org');
    expect(error.message).toContain('"lumen-freight"');
    expect(error.message).toContain('"other-org"');
  });

  it('rejects an org that is neither a login nor an org object', () => {
    const error = expectInputError(() => parse(JSON.stringify(minimal({ org: 42 }))), FILE);
    expect(error.location).toBe('org');
    expect(error.message).toContain('org login');
  });
});
