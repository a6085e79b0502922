import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Identity, IdentityRecord } from '../../../core/inventory/identity.js';
import { ImportBatchSchema, type ImportOptions } from '../../../core/inventory/import-batch.js';
import { evaluatePosture } from '../../../core/posture/findings.js';
import { DEFAULT_POSTURE_CONFIG } from '../../../core/posture/posture-config.js';
import { expectInputError } from '../testing.js';
import { vigilYamlImporter } from './vigil-yaml-importer.js';

const OPTIONS: ImportOptions = { ownerTagKeys: ['owner', 'team'] };
const FILE = 'identities.yaml';

function parse(text: string, options: ImportOptions = OPTIONS) {
  return vigilYamlImporter.parse({ name: FILE, text }, options);
}

function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

function exampleText(): string {
  return readFileSync(new URL('../../../../examples/identities.yaml', import.meta.url), 'utf8');
}

/** Parses `text`, expecting an ImportInputError; returns its message. */
function errorOf(text: string): string {
  const { message } = expectInputError(() => parse(text), FILE);
  expect(message.startsWith(`${FILE}: `)).toBe(true);
  return message;
}

/** A valid file with one identity, whose entry lines are given (indented under `identities:`). */
function withIdentity(...lines: string[]): string {
  return ['version: 1', 'scope: test', 'identities:', ...lines, ''].join('\n');
}

function byId(records: readonly IdentityRecord[], id: string): IdentityRecord {
  const found = records.find((r) => r.id === id);
  if (found === undefined) throw new Error(`no identity ${id}`);
  return found;
}

describe('vigilYamlImporter: the example file', () => {
  const batch = parse(exampleText());

  it('parses into a valid batch of every identity, in file order', () => {
    expect(ImportBatchSchema.parse(batch)).toEqual(batch);
    expect(batch).toMatchObject({ source: 'vigil-yaml', scope: 'lumen-manual', mode: 'full', policies: [] });
    expect(batch.identities.map((i) => i.id)).toEqual([
      'okta:0oa8etlsync01',
      'okta:0oa8terraform1',
      'okta:00g5finance',
      'okta:00u7alicen',
      'okta:00u7carlosm',
      'vault:auth/approle/role/billing-worker',
      'gcp:etl-loader@lumen-data-prod.iam.gserviceaccount.com',
      'stripe:acct_1LumenFreight/restricted/payouts-reconciler',
      'openai:proj_lumensupport/support-copilot',
      'lumen-pki:4f:9a:21:c7:0e:55:b3:18',
      'slack:B04LUMENOPS',
    ]);
  });

  it('reads the AI agent with its owner, expiry and key', () => {
    const agent = byId(batch.identities, 'openai:proj_lumensupport/support-copilot');
    expect(agent).toMatchObject({
      kind: 'ai-agent',
      name: 'support-copilot',
      owner: { name: 'team-support', source: 'yaml', detail: 'lumen-manual' },
      systemOfRecord: 'openai',
      status: 'active',
      createdAt: '2026-09-01T00:00:00.000Z',
      lastUsedAt: '2026-11-20T09:12:00.000Z',
      expiresAt: '2027-03-01T00:00:00.000Z',
      tags: { purpose: 'customer-support-triage', project: 'proj_lumensupport' },
    });
    expect(agent.credentials).toEqual([
      {
        id: 'key_support_copilot_01',
        type: 'api-key',
        status: 'active',
        createdAt: '2026-09-01T00:00:00.000Z',
        lastUsedAt: '2026-11-20T09:12:00.000Z',
        lastRotatedAt: null,
        expiresAt: '2027-03-01T00:00:00.000Z',
        fingerprint: 'last4:Jt4w',
      },
    ]);
    expect(agent.entitlements[1]).toEqual({
      type: 'custom',
      name: 'zendesk-tickets',
      via: 'Zendesk OAuth grant',
      policyId: null,
      document: null,
      statements: [
        {
          effect: 'allow',
          actions: ['tickets:read', 'tickets:write'],
          resources: ['zendesk:lumenfreight'],
          conditional: false,
        },
      ],
    });
  });

  it('takes the provider from defaults and resolves a group of the same provider', () => {
    const carlos = byId(batch.identities, 'okta:00u7carlosm');
    expect(carlos).toMatchObject({
      provider: 'okta',
      kind: 'human',
      mfaEnabled: false,
      memberOf: ['okta:00g5finance'],
    });
    expect(byId(batch.identities, 'slack:B04LUMENOPS').owner).toBeNull();
  });

  it('is deterministic: the same file gives the same batch', () => {
    expect(parse(exampleText())).toEqual(batch);
  });

  it('carries the planted problems through to posture', () => {
    const identities: Identity[] = batch.identities.map((record) => ({
      ...record,
      firstSeenAt: '2026-11-20T00:00:00.000Z',
      lastSeenAt: '2026-11-20T00:00:00.000Z',
      deletedAt: null,
      importId: 'import-1',
      origin: 'vigil-yaml:lumen-manual',
    }));
    const findings = evaluatePosture({
      identities,
      policies: new Map(),
      config: DEFAULT_POSTURE_CONFIG,
      now: new Date('2026-11-20T12:00:00Z'),
    });
    const ids = findings.map((f) => f.id);
    expect(ids).toContain('wildcard-admin:okta:0oa8terraform1');
    expect(ids).toContain('human-without-mfa:okta:00u7carlosm');
    expect(ids).toContain('orphaned:slack:B04LUMENOPS');
    expect(ids).toContain(
      'unrotated-credential:stripe:acct_1LumenFreight/restricted/payouts-reconciler:rk-payouts-reconciler',
    );
    expect(ids.filter((id) => id.includes('support-copilot'))).toEqual([]);
    expect(ids.filter((id) => id.includes('billing-worker'))).toEqual([]);
  });
});

describe('vigilYamlImporter: the documentation', () => {
  it('parses the example in docs/importers/vigil-yaml.md', () => {
    const doc = readFileSync(new URL('../../../../docs/importers/vigil-yaml.md', import.meta.url), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const batch = parse(example ?? '');
    expect(ImportBatchSchema.parse(batch).identities.map((i) => [i.id, i.owner?.name ?? null])).toEqual([
      ['okta:0oa8etlsync01', 'team-data'],
      ['openai:proj_lumensupport/support-copilot', 'team-support'],
      ['okta:00u7carlosm', 'team-security'],
      ['slack:B04LUMENOPS', null],
    ]);
  });
});

describe('vigilYamlImporter: defaults and resolution', () => {
  it('fills defaults for a minimal identity', () => {
    const batch = parse(fixture('minimal.yaml'));
    expect(ImportBatchSchema.parse(batch)).toEqual(batch);
    expect(batch.identities).toEqual([
      {
        id: 'vault:auth/approle/role/etl',
        provider: 'vault',
        externalId: 'auth/approle/role/etl',
        kind: 'service-account',
        name: 'auth/approle/role/etl',
        owner: null,
        systemOfRecord: 'vault',
        status: 'active',
        createdAt: null,
        lastUsedAt: null,
        usageTracked: false,
        expiresAt: null,
        mfaEnabled: null,
        credentials: [],
        entitlements: [],
        memberOf: [],
        tags: {},
        attributes: {},
      },
    ]);
  });

  it('lets options.scope override the file’s scope', () => {
    expect(parse(fixture('minimal.yaml'), { ...OPTIONS, scope: 'other' }).scope).toBe('other');
  });

  it('takes the owner from the field, then an owner tag (any case), then defaults.owner', () => {
    const batch = parse(
      [
        'version: 1',
        'scope: owners',
        'defaults: { provider: okta, owner: team-security }',
        'identities:',
        '  - { id: a, kind: bot, owner: team-a, tags: { Owner: team-tag } }',
        '  - { id: b, kind: bot, tags: { TEAM: team-b, cost-center: 1234 } }',
        '  - { id: c, kind: bot }',
        '  - { id: d, kind: bot, owner: null }',
        '',
      ].join('\n'),
    );
    expect(batch.identities.map((i) => i.owner)).toEqual([
      { name: 'team-a', source: 'yaml', detail: 'owners' },
      { name: 'team-b', source: 'tag', detail: 'TEAM' },
      { name: 'team-security', source: 'yaml', detail: 'owners' },
      null,
    ]);
    expect(batch.identities[1]?.tags).toEqual({ TEAM: 'team-b', 'cost-center': '1234' });
  });

  it('resolves memberOf: bare ids to the same provider, ids with ":" as full Vigil ids', () => {
    const batch = parse(
      withIdentity(
        '  - { provider: okta, id: "grp:ops", kind: group }',
        '  - provider: okta',
        '    id: u1',
        '    kind: human',
        '    memberOf: [admins, "grp:ops", "aws:arn:aws:iam::210987654321:group/ops", admins]',
      ),
    );
    expect(byId(batch.identities, 'okta:u1').memberOf).toEqual([
      'okta:admins',
      'okta:grp:ops',
      'aws:arn:aws:iam::210987654321:group/ops',
    ]);
  });

  it('normalises date-times with an offset to UTC', () => {
    const batch = parse(withIdentity('  - { provider: x, id: a, kind: bot, lastUsed: "2026-11-20T10:00:00+02:00" }'));
    expect(batch.identities[0]?.lastUsedAt).toBe('2026-11-20T08:00:00.000Z');
  });

  it('accepts the same external id under two providers', () => {
    const batch = parse(
      withIdentity('  - { provider: a, id: same, kind: bot }', '  - { provider: b, id: same, kind: bot }'),
    );
    expect(batch.identities.map((i) => i.id)).toEqual(['a:same', 'b:same']);
  });
});

describe('vigilYamlImporter: rejected input', () => {
  it('rejects an empty file', () => {
    expect(errorOf('')).toContain('the file is empty; expected a Vigil identities file');
  });

  it('rejects a file of comments only', () => {
    expect(errorOf('# nothing here\n\n')).toContain('no YAML content (only comments)');
  });

  it('rejects a YAML syntax error, naming the line', () => {
    const message = errorOf(
      ['version: 1', 'scope: test', 'identities:', '  - id: [unclosed', '    kind: bot', ''].join('\n'),
    );
    expect(message).toMatch(/^identities\.yaml: line [45], column \d+: invalid YAML: /);
  });

  it('rejects a duplicate key, naming the line', () => {
    expect(errorOf(withIdentity('  - provider: x', '    id: a', '    kind: bot', '    kind: role'))).toMatch(
      /line 7, column 5: invalid YAML: Map keys must be unique/,
    );
  });

  it('rejects an unknown YAML tag, naming the line', () => {
    expect(errorOf(withIdentity('  - { provider: x, id: !custom a, kind: bot }'))).toMatch(
      /line 4, column \d+: invalid YAML/,
    );
  });

  it('rejects a second YAML document, naming where it starts', () => {
    expect(errorOf(fixture('two-documents.yaml'))).toContain(
      'line 4, column 1: a second YAML document starts here (the file holds 2); expected exactly one document',
    );
  });

  it('rejects an alias bomb', () => {
    expect(errorOf(fixture('alias-bomb.yaml'))).toMatch(
      /line 5, column \d+: the YAML aliases \(\*name\) expand to too much data \(more than 100 expansions allowed\)/,
    );
  });

  it('rejects an unknown key, naming its line and suggesting the right one', () => {
    const message = errorOf(withIdentity('  - provider: x', '    id: a', '    kind: bot', '    lastused: 2026-01-01'));
    expect(message).toContain(
      'line 7, column 5 (identities[0].lastused): unknown field "lastused" (did you mean "lastUsed"?)',
    );
    expect(message).toContain('expected one of: provider, id, kind');
  });

  it('rejects an unknown key in a credential, naming its line', () => {
    const message = errorOf(
      withIdentity(
        '  - provider: x',
        '    id: a',
        '    kind: bot',
        '    credentials:',
        '      - id: k',
        '        type: token',
        '        expiry: 2027-01-01',
      ),
    );
    expect(message).toContain('line 10, column 9 (identities[0].credentials[0].expiry): unknown field "expiry"');
    expect(message).toContain('did you mean "expires"?');
  });

  it('rejects a wrong kind, listing the kinds', () => {
    const message = errorOf(withIdentity('  - provider: x', '    id: a', '    kind: robot'));
    expect(message).toContain('line 6, column 11 (identities[0].kind): expected one of: human, service-account, role');
    expect(message).toContain('got "robot"');
  });

  it('rejects a missing kind, pointing at the identity', () => {
    expect(errorOf(withIdentity('  - provider: x', '    id: a'))).toContain(
      'line 4, column 5 (identities[0]): missing required field "kind" (expected one of: human, service-account',
    );
  });

  it('rejects a numeric id, asking for quotes', () => {
    expect(errorOf(withIdentity('  - { provider: x, id: 12345, kind: bot }'))).toContain(
      'expected string, got a number: put it in quotes',
    );
  });

  it('rejects a malformed date, naming the line', () => {
    expect(errorOf(withIdentity('  - provider: x', '    id: a', '    kind: bot', '    created: 20/11/2026'))).toContain(
      'line 7, column 14 (identities[0].created): expected a date (2025-01-02) or a date-time with a zone',
    );
  });

  it('rejects another version', () => {
    expect(errorOf('version: 2\nscope: x\nidentities: []\n')).toContain(
      'line 1, column 10 (version): expected version: 1',
    );
  });

  it('rejects an identity without a provider', () => {
    expect(errorOf(withIdentity('  - { id: a, kind: bot }'))).toContain(
      'line 4, column 5 (identities[0]): no provider: give `provider:` on the identity, or `defaults.provider`',
    );
  });

  it('rejects a duplicate id within a provider, naming both places', () => {
    const message = errorOf(
      withIdentity('  - { provider: okta, id: 00u1, kind: human }', '  - { provider: okta, id: 00u1, kind: bot }'),
    );
    expect(message).toContain(
      'line 5, column 27 (identities[1].id): duplicate id "okta:00u1", already given at line 4, column 27',
    );
  });

  it('rejects a duplicate credential id on one identity', () => {
    expect(
      errorOf(
        withIdentity(
          '  - provider: x',
          '    id: a',
          '    kind: bot',
          '    credentials: [{ id: k, type: token }, { id: k, type: token }]',
        ),
      ),
    ).toContain('(identities[0].credentials[1].id): duplicate credential id "k"');
  });

  it('rejects a secret value in a credential, without repeating it', () => {
    const message = errorOf(
      withIdentity(
        '  - provider: x',
        '    id: a',
        '    kind: bot',
        '    credentials:',
        '      - id: k',
        '        type: token',
        '        secret: hunter2-very-secret',
      ),
    );
    expect(message).toContain(
      'line 10, column 9 (identities[0].credentials[0].secret): the field "secret" would hold a secret value',
    );
    expect(message).toContain('Vigil stores no secret values');
    expect(message).not.toContain('hunter2');
  });

  it('rejects a password field on an identity', () => {
    expect(errorOf(withIdentity('  - { provider: x, id: a, kind: human, password: "p@ss" }'))).toContain(
      'the field "password" would hold a secret value',
    );
  });

  it('rejects a live key pasted as a fingerprint, without repeating it', () => {
    const key = `sk_live_${'4eC39HqLyjWDarjtT1zdp7dc'}`;
    const message = errorOf(
      withIdentity(
        '  - { provider: stripe, id: a, kind: api-key, credentials: [{ id: k, type: api-key, fingerprint: "KEY" }] }'.replace(
          'KEY',
          key,
        ),
      ),
    );
    expect(message).toContain(
      '(identities[0].credentials[0].fingerprint): this value looks like a Stripe secret or restricted key',
    );
    expect(message).toContain('Vigil stores no secret values');
    expect(message).not.toContain(key);
  });

  it('rejects a private key anywhere', () => {
    expect(
      errorOf(
        withIdentity(
          '  - provider: x',
          '    id: a',
          '    kind: certificate',
          '    attributes:',
          '      pem: |',
          '        x',
        ),
      ),
    ).toContain('Vigil stores no secret values');
    expect(
      errorOf(withIdentity('  - { provider: x, id: a, kind: bot, tags: { note: "-----BEGIN RSA PRIVATE KEY-----" } }')),
    ).toContain('looks like a private key');
  });

  it('rejects a Kubernetes manifest, saying what it looks like', () => {
    expect(errorOf(fixture('kubernetes-manifest.yaml'))).toContain(
      'this looks like a Kubernetes manifest (apiVersion, kind); use `vigil import k8s`',
    );
  });

  it('rejects a top-level list', () => {
    expect(errorOf('- version: 1\n')).toContain('the document is a list; expected a Vigil identities file');
  });
});
