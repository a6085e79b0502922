import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, vigil } from './run-cli.js';

interface ListPage {
  items: Array<{ id: string; kind: string; owner: { name: string; source: string } | null; status: string }>;
  total: number;
}

const SAMPLES: Array<[string, string, ...string[]]> = [
  ['aws-iam', 'examples/aws/account-authorization-details.json'],
  ['aws-credential-report', 'examples/aws/credential-report.csv'],
  ['k8s', 'examples/k8s/cluster-rbac.json', '--scope', 'prod-eu-1'],
  ['github', 'examples/github/org-export.json'],
  ['vigil-yaml', 'examples/identities.yaml'],
];

describe('vigil CLI, end to end on the sample estate', () => {
  let dir: string;
  let dataDir: string;
  const run = (...args: string[]) => vigil([...args, '--data-dir', dataDir]);
  const state = () => {
    const list = json<ListPage>(run('inventory', 'list', '--all', '--format', 'json'));
    const audit = run('audit', 'export').stdout.trim().split('\n').filter(Boolean).length;
    return { total: list.total, ids: list.items.map((i) => `${i.id}:${i.status}`).sort(), audit };
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-'));
    dataDir = join(dir, 'data');
    for (const [source, file, ...rest] of SAMPLES) {
      const result = run('import', source, file, ...rest);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    }
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints help that teaches, and exits 0', () => {
    const result = vigil(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('vigil import aws-iam');
    expect(vigil(['import', '--help']).stdout).toContain('get-account-authorization-details');
  });

  it('exits 2 on an unknown command or option', () => {
    expect(vigil(['frobnicate']).code).toBe(2);
    expect(run('inventory', 'list', '--format', 'xml').code).toBe(2);
    expect(run('inventory', 'list', '--kind', 'robot').stderr).toContain('unknown value "robot"');
  });

  it('lists identities as one JSON document that pipes into jq', () => {
    const page = json<ListPage>(run('inventory', 'list', '--format', 'json', '--limit', '5'));
    expect(page.items).toHaveLength(5);
    expect(page.total).toBeGreaterThan(40);
  });

  it('filters by kind, provider and missing owner', () => {
    const orphans = json<ListPage>(
      run('inventory', 'list', '--owner', 'none', '--provider', 'aws', '--all', '--format', 'json'),
    );
    expect(orphans.items.every((i) => i.owner === null)).toBe(true);
    expect(orphans.items.map((i) => i.id)).toContain('aws:arn:aws:iam::210987654321:user/ci-deploy');
    const roles = json<ListPage>(run('inventory', 'list', '--kind', 'role', '--all', '--format', 'json'));
    expect(roles.total).toBeGreaterThan(0);
    expect(roles.items.every((i) => i.kind === 'role')).toBe(true);
  });

  it('writes CSV with a header row', () => {
    const csv = run('inventory', 'list', '--all', '--format', 'csv').stdout.split('\r\n');
    expect(csv[0]).toMatch(/^id,provider,external_id,kind,name,owner/);
    expect(csv.length).toBeGreaterThan(40);
  });

  it('shows one identity by name with its credentials, entitlements and findings', () => {
    const result = run('inventory', 'show', 'ci-deploy');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('AdministratorAccess');
    expect(result.stdout).toContain('CRITICAL');
  });

  it('reports the planted problems as findings', () => {
    const findings = json<{ items: Array<{ rule: string; identityId: string; severity: string }> }>(
      run('findings', '--format', 'json', '--limit', '1000'),
    ).items;
    const has = (rule: string, fragment: string) =>
      findings.some((f) => f.rule === rule && f.identityId.includes(fragment));
    expect(has('wildcard-admin', 'user/ci-deploy')).toBe(true);
    expect(has('orphaned', 'user/ci-deploy')).toBe(true);
    expect(has('dormant', 'svc-reporting')).toBe(true);
    expect(has('human-without-mfa', 'bob.martin')).toBe(true);
    expect(has('wildcard-admin', 'system:serviceaccount:ci:deployer')).toBe(true);
    expect(has('external-trust', 'partner-audit')).toBe(true);
    expect(has('deleted-with-credentials', 'old-etl')).toBe(true);
    const critical = json<{ items: Array<{ severity: string }> }>(
      run('findings', '--severity', 'critical', '--format', 'json'),
    );
    expect(critical.items.length).toBeGreaterThan(0);
    expect(critical.items.every((f) => f.severity === 'critical')).toBe(true);
  });

  it('keeps an owner set by hand across a re-import, and audits the edit', () => {
    const id = 'aws:arn:aws:iam::210987654321:user/ci-deploy';
    expect(run('inventory', 'set-owner', id, 'team-platform').code).toBe(0);
    expect(run('import', 'aws-iam', 'examples/aws/account-authorization-details.json').code).toBe(0);
    const shown = json<{ identity: { owner: { name: string; source: string } }; findings: Array<{ rule: string }> }>(
      run('inventory', 'show', id, '--format', 'json'),
    );
    expect(shown.identity.owner).toMatchObject({ name: 'team-platform', source: 'edit' });
    expect(shown.findings.map((f) => f.rule)).not.toContain('orphaned');
    expect(run('audit', 'export').stdout).toContain('"identity.set-owner"');
  });

  it('re-imports idempotently', () => {
    const before = state();
    const again = json<{ items: Array<{ counts: { added: number; updated: number; deleted: number } }> }>(
      run('import', 'k8s', 'examples/k8s/cluster-rbac.json', '--scope', 'prod-eu-1', '--format', 'json'),
    );
    expect(again.items[0]?.counts).toMatchObject({ added: 0, updated: 0, deleted: 0 });
    expect(state().ids).toEqual(before.ids);
  });

  it('prints metrics as a table and as JSON', () => {
    expect(run('metrics').stdout).toContain('MFA coverage of humans');
    const metrics = json<{ latest: { metrics: { identities: number } } }>(run('metrics', '--format', 'json'));
    expect(metrics.latest.metrics.identities).toBeGreaterThan(40);
  });

  describe('bad input: exit 2, a clear error naming the file, nothing imported', () => {
    const cases: Array<[string, string, string | Buffer, RegExp]> = [
      ['a truncated file', 'aws-iam', '{"UserDetailList": [{"UserName": "a"', /truncated|ends too soon/],
      [
        'a CloudTrail log given as an IAM export',
        'aws-iam',
        JSON.stringify({ Records: [{ eventID: '1', eventName: 'AssumeRole' }] }),
        /CloudTrail/,
      ],
      ['wrong types', 'aws-iam', JSON.stringify({ UserDetailList: [{ UserName: 5 }] }), /UserDetailList\[0\]/],
      [
        'invalid UTF-8',
        'vigil-yaml',
        Buffer.from([0x76, 0x65, 0x72, 0x73, 0x69, 0x6f, 0x6e, 0x3a, 0x20, 0xff, 0xfe, 0x0a]),
        /invalid UTF-8/,
      ],
      [
        'a Kubernetes list given to the GitHub importer',
        'github',
        JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [] }),
        /github|GitHub|expected/,
      ],
    ];
    for (const [label, source, content, message] of cases) {
      it(`refuses ${label}`, () => {
        const before = state();
        const file = join(dir, `bad-${label.replace(/\W+/g, '-')}`);
        writeFileSync(file, content);
        const result = run('import', source, file);
        expect(result.code).toBe(2);
        expect(result.stderr).toContain(file);
        expect(result.stderr).toMatch(message);
        expect(result.stderr).not.toMatch(/\n\s+at /);
        expect(state()).toEqual(before);
      });
    }

    it('refuses duplicate ids', () => {
      const before = state();
      const user = {
        Path: '/',
        UserName: 'dup',
        UserId: 'AIDAX',
        Arn: 'arn:aws:iam::210987654321:user/dup',
        CreateDate: '2025-01-01T00:00:00Z',
        UserPolicyList: [],
        GroupList: [],
        AttachedManagedPolicies: [],
        Tags: [],
      };
      const file = join(dir, 'dup.json');
      writeFileSync(
        file,
        JSON.stringify({ UserDetailList: [user, user], GroupDetailList: [], RoleDetailList: [], Policies: [] }),
      );
      const result = run('import', 'aws-iam', file);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/duplicate/);
      expect(state()).toEqual(before);
    });

    it('refuses a 1 GB file before reading it', () => {
      const before = state();
      const file = join(dir, 'huge.json');
      writeFileSync(file, '');
      truncateSync(file, 1024 ** 3);
      const result = run('import', 'aws-iam', file);
      rmSync(file);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/1\.0 GiB, larger than the import limit/);
      expect(state()).toEqual(before);
    });

    it('refuses a file that does not exist', () => {
      const result = run('import', 'aws-iam', join(dir, 'nope.json'));
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('no such file');
    });
  });

  it('verifies the audit trail, and names the first record that was tampered with', () => {
    const ok = run('audit', 'verify');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('audit trail intact');
    const db = new Database(join(dataDir, 'vigil.db'));
    db.prepare("UPDATE audit_events SET subject = 'forged' WHERE seq = 2").run();
    db.close();
    const bad = run('audit', 'verify');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('record 2');
    expect(bad.stderr).toContain('edited');
  });
});

describe('npm start (vigil demo)', () => {
  it('loads the sample estate and prints the summary', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-demo-'));
    try {
      const result = vigil(['demo', '--no-serve', '--data-dir', dataDir]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Identities by kind and provider');
      expect(result.stdout).toContain('Worst findings');
      expect(result.stdout).toMatch(/critical/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
