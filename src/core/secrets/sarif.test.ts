import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { pascalCase, SARIF_FINGERPRINT_KEY, type SarifLog, toSarif } from './sarif.js';
import type { SecretFinding } from './secret-finding.js';
import type { SecretRule } from './secret-rule.js';

// A fake secret, shaped like a GitHub token; no six characters of it may reach the SARIF log.
const FAKE_SECRET = 'ghp_Qz7WmXk2Rv9LpTn4Yc8HsJd6Gb3Uf1Ne5Vw';

function fingerprint(ruleId: string, secret: string): string {
  return createHash('sha256').update(`${ruleId}:${secret}`).digest('hex');
}

function makeRule(overrides: Partial<SecretRule> & Pick<SecretRule, 'id'>): SecretRule {
  return {
    name: `Rule ${overrides.id}`,
    description: `Finds ${overrides.id} credentials.`,
    provider: 'test',
    identityKind: 'token',
    credentialType: 'token',
    severity: 'high',
    pattern: 'x',
    secretGroup: 0,
    keywords: ['x'],
    // Functions on a rule must never leak into the log.
    verify: () => true,
    examples: { positive: [], negative: [] },
    ...overrides,
  };
}

function makeFinding(overrides: Partial<SecretFinding> = {}, secret = FAKE_SECRET): SecretFinding {
  const ruleId = overrides.ruleId ?? 'github-classic-pat';
  return {
    ruleId,
    ruleName: 'GitHub classic personal access token',
    provider: 'github',
    severity: 'critical',
    location: { path: 'src/config.ts', line: 3, column: 15, endLine: 3, endColumn: 55 },
    redacted: `${secret.slice(0, 4)}…${secret.slice(-4)}`,
    fingerprint: fingerprint(ruleId, secret),
    entropy: 4.9,
    identityHint: null,
    ...overrides,
  };
}

const RULES: readonly SecretRule[] = [
  makeRule({ id: 'github-classic-pat', name: 'GitHub classic personal access token', provider: 'github' }),
  makeRule({
    id: 'aws-access-key-id',
    name: 'AWS access key id',
    provider: 'aws',
    identityKind: 'access-key',
    credentialType: 'access-key',
    severity: 'medium',
  }),
  makeRule({ id: 'generic-password', name: 'Password assignment', provider: 'generic', severity: 'low' }),
  makeRule({ id: 'unused-rule', name: 'A rule that fired nowhere' }),
];

function severalFindings(): SecretFinding[] {
  return [
    makeFinding(),
    makeFinding({
      ruleId: 'aws-access-key-id',
      ruleName: 'AWS access key id',
      provider: 'aws',
      severity: 'medium',
      location: {
        path: 'deploy/my app/#1 env%.yaml',
        line: 10,
        column: 1,
        endLine: 10,
        endColumn: 21,
        commit: {
          sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
          author: 'Ada Lovelace',
          email: 'ada@example.com',
          date: '2024-05-01T10:00:00Z',
          message: 'add deploy config',
        },
      },
      redacted: 'AKIA…MPLE',
      fingerprint: fingerprint('aws-access-key-id', 'AKIAZ7QW3EXAMPLE'),
      identityHint: { type: 'aws-access-key-id', accessKeyId: 'AKIAZ7QW3EXAMPLE' },
    }),
    makeFinding({
      ruleId: 'generic-password',
      ruleName: 'Password assignment',
      provider: 'generic',
      severity: 'low',
      location: { path: '-', line: 1, column: 10, endLine: 1, endColumn: 22 },
      redacted: 'hu…23',
      fingerprint: fingerprint('generic-password', 'hunter2hunter23'),
    }),
    makeFinding({
      ruleId: 'rule-not-in-catalogue',
      ruleName: 'Something new',
      provider: 'acme',
      severity: 'medium',
      location: { path: 'src/config.ts', line: 1, column: 1, endLine: 2, endColumn: 5 },
      redacted: 'acme…wxyz',
      fingerprint: fingerprint('rule-not-in-catalogue', 'acme_0123wxyz'),
    }),
  ];
}

/** The official SARIF 2.1.0 schema (draft-04), as Microsoft's SARIF matchers ship it. */
function sarifValidator(): ValidateFunction {
  const require = createRequire(import.meta.url);
  const path = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  // Ajv 8 reads draft-07; this schema's only draft-04 keyword is the top-level `id`, which draft-07 spells `$id`.
  const { $schema: _draft, id, ...rest } = schema;
  // unicodeRegExp off: the schema's `language` pattern has a stray `]`, legal only without the `u` flag.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  // ajv-formats is not a dependency: simple checks for the three formats the schema uses.
  ajv.addFormat('uri', (value: string) => /^[A-Za-z][A-Za-z0-9+.-]*:\S*$/.test(value) && URL.canParse(value));
  ajv.addFormat('uri-reference', (value: string) => !/\s/.test(value) && URL.canParse(value, 'http://base.invalid/'));
  ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}T/.test(value));
  if (typeof id !== 'string') throw new Error('the SARIF schema has no id');
  return ajv.compile({ ...rest, $id: id });
}

const validate = sarifValidator();

function expectValid(log: SarifLog): void {
  const ok = validate(JSON.parse(JSON.stringify(log)));
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

describe('toSarif: schema validity', () => {
  it('writes an empty run that validates against the official SARIF 2.1.0 schema', () => {
    const log = toSarif([], [], { toolVersion: '0.1.0' });
    expectValid(log);
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0]?.results).toEqual([]);
  });

  it('writes a run with several findings that validates against the official schema', () => {
    const log = toSarif(severalFindings(), RULES, {
      toolVersion: '0.1.0',
      informationUri: 'https://github.com/example/vigil',
      baseUri: 'file:///home/me/repo',
    });
    expectValid(log);
    expect(log.runs[0]?.results).toHaveLength(4);
  });

  it('validates with a version that is not semver, and without optional metadata', () => {
    expectValid(toSarif(severalFindings(), RULES, { toolVersion: 'dev-build' }));
  });

  it('is checked by a validator that does reject a broken log', () => {
    const log = toSarif([makeFinding()], RULES, { toolVersion: '0.1.0' }) as unknown as {
      runs: { results: { locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[];
    };
    const region = log.runs[0]?.results[0]?.locations[0]?.physicalLocation.region;
    if (region === undefined) throw new Error('no region');
    region.startLine = 0;
    expect(validate(JSON.parse(JSON.stringify(log)))).toBe(false);
  });

  it('is checked by a validator that checks formats (a help link that is not a URI is rejected)', () => {
    const log = toSarif([], RULES, { toolVersion: '0.1.0', informationUri: 'https://example.com/vigil' });
    const rule = log.runs[0]?.tool.driver.rules[0];
    if (rule === undefined) throw new Error('no rule');
    rule.helpUri = 'not a uri';
    expect(validate(JSON.parse(JSON.stringify(log)))).toBe(false);
  });
});

describe('toSarif: rules and results', () => {
  const log = toSarif(severalFindings(), RULES, {
    toolVersion: '0.1.0',
    informationUri: 'https://github.com/example/vigil',
    baseUri: 'file:///home/me/repo/',
  });
  const run = log.runs[0];
  if (run === undefined) throw new Error('no run');
  const rules = run.tool.driver.rules;

  it('names the tool vigil with its version', () => {
    expect(run.tool.driver).toMatchObject({ name: 'vigil', version: '0.1.0', semanticVersion: '0.1.0' });
  });

  it('lists every rule of the scan once, by id, including rules that found nothing', () => {
    expect(rules.map((r) => r.id)).toEqual([
      'aws-access-key-id',
      'generic-password',
      'github-classic-pat',
      'rule-not-in-catalogue',
      'unused-rule',
    ]);
  });

  it('keeps one descriptor when a rule is given twice', () => {
    const twice = toSarif([], [...RULES, ...RULES], { toolVersion: '0.1.0' });
    expect(twice.runs[0]?.tool.driver.rules).toHaveLength(RULES.length);
  });

  it('describes a rule with its metadata, a PascalCase name and a help link', () => {
    expect(rules.find((r) => r.id === 'aws-access-key-id')).toEqual({
      id: 'aws-access-key-id',
      name: 'AwsAccessKeyId',
      shortDescription: { text: 'AWS access key id' },
      fullDescription: { text: 'Finds aws-access-key-id credentials.' },
      helpUri: 'https://github.com/example/vigil/docs/secrets/rules.md#aws-access-key-id',
      defaultConfiguration: { level: 'warning' },
      properties: {
        provider: 'aws',
        identityKind: 'access-key',
        credentialType: 'access-key',
        tags: ['security', 'secret'],
        'security-severity': '5.5',
      },
    });
  });

  it('maps severities to levels: critical and high to error, medium to warning, low to note', () => {
    const levels = Object.fromEntries(rules.map((r) => [r.id, r.defaultConfiguration.level]));
    expect(levels).toMatchObject({
      'github-classic-pat': 'error',
      'aws-access-key-id': 'warning',
      'generic-password': 'note',
    });
    expect(run.results.map((r) => r.level)).toEqual(['note', 'warning', 'warning', 'error']);
  });

  it('builds a descriptor from the finding for a rule the catalogue does not have', () => {
    expect(rules.find((r) => r.id === 'rule-not-in-catalogue')).toMatchObject({
      name: 'RuleNotInCatalogue',
      shortDescription: { text: 'Something new' },
      properties: { provider: 'acme' },
    });
  });

  it('points every result at the descriptor of its own rule', () => {
    for (const result of run.results) {
      expect(result.ruleIndex).toBeGreaterThanOrEqual(0);
      expect(rules[result.ruleIndex]?.id).toBe(result.ruleId);
    }
  });

  it('lists results in reading order: by path, then line and column', () => {
    expect(run.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri)).toEqual([
      'stdin',
      'deploy/my%20app/%231%20env%25.yaml',
      'src/config.ts',
      'src/config.ts',
    ]);
    expect(run.results.map((r) => r.locations[0]?.physicalLocation.region.startLine)).toEqual([1, 10, 1, 3]);
  });

  it('gives each result a relative location under SRCROOT with its region', () => {
    const result = run.results.find((r) => r.ruleId === 'github-classic-pat');
    expect(result?.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: 'src/config.ts', uriBaseId: 'SRCROOT' },
          region: { startLine: 3, startColumn: 15, endLine: 3, endColumn: 55 },
        },
      },
    ]);
  });

  it('marks standard input as such, with no base', () => {
    const result = run.results.find((r) => r.ruleId === 'generic-password');
    expect(result?.locations[0]?.physicalLocation.artifactLocation).toEqual({
      uri: 'stdin',
      description: { text: 'standard input' },
    });
  });

  it('declares SRCROOT with a trailing slash when a base URI is given', () => {
    expect(run.originalUriBaseIds).toEqual({ SRCROOT: { uri: 'file:///home/me/repo/' } });
    const log2 = toSarif([], [], { toolVersion: '0.1.0', baseUri: 'file:///home/me/repo' });
    expect(log2.runs[0]?.originalUriBaseIds).toEqual({ SRCROOT: { uri: 'file:///home/me/repo/' } });
  });

  it('omits originalUriBaseIds and help links when their base is not known', () => {
    const bare = toSarif([makeFinding()], RULES, { toolVersion: '0.1.0' }).runs[0];
    expect(bare?.originalUriBaseIds).toBeUndefined();
    expect(bare?.tool.driver.informationUri).toBeUndefined();
    expect(bare?.tool.driver.rules.every((r) => r.helpUri === undefined)).toBe(true);
  });

  it('carries the fingerprint as a partial fingerprint', () => {
    const result = run.results.find((r) => r.ruleId === 'github-classic-pat');
    expect(result?.partialFingerprints).toEqual({
      [SARIF_FINGERPRINT_KEY]: fingerprint('github-classic-pat', FAKE_SECRET),
    });
  });

  it('names the rule and the redacted value in the message', () => {
    const result = run.results.find((r) => r.ruleId === 'github-classic-pat');
    expect(result?.message.text).toContain('GitHub classic personal access token');
    expect(result?.message.text).toContain('ghp_…e5Vw');
  });

  it('keeps commit id, author and date, but not the e-mail or the commit message', () => {
    const result = run.results.find((r) => r.ruleId === 'aws-access-key-id');
    expect(result?.properties).toEqual({
      redacted: 'AKIA…MPLE',
      provider: 'aws',
      severity: 'medium',
      identityHint: { type: 'aws-access-key-id', accessKeyId: 'AKIAZ7QW3EXAMPLE' },
      commit: { sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', author: 'Ada Lovelace', date: '2024-05-01T10:00:00Z' },
    });
    expect(JSON.stringify(log)).not.toContain('ada@example.com');
    expect(JSON.stringify(log)).not.toContain('add deploy config');
  });

  it('leaves identityHint and commit out when the finding has none', () => {
    const result = run.results.find((r) => r.ruleId === 'github-classic-pat');
    expect(result?.properties).toEqual({ redacted: 'ghp_…e5Vw', provider: 'github', severity: 'critical' });
  });
});

describe('toSarif: secrets and determinism', () => {
  it('never writes the secret, nor any six characters of it', () => {
    const json = JSON.stringify(toSarif(severalFindings(), RULES, { toolVersion: '0.1.0' }));
    expect(json).not.toContain(FAKE_SECRET);
    for (let i = 0; i + 6 <= FAKE_SECRET.length; i++) {
      expect(json, `six characters of the secret at offset ${i}`).not.toContain(FAKE_SECRET.slice(i, i + 6));
    }
  });

  it('writes the same bytes whatever the order of findings and rules', () => {
    const meta = { toolVersion: '0.1.0', baseUri: 'file:///r/' };
    const a = JSON.stringify(toSarif(severalFindings(), RULES, meta));
    const b = JSON.stringify(toSarif([...severalFindings()].reverse(), [...RULES].reverse(), meta));
    expect(b).toBe(a);
  });
});

describe('pascalCase', () => {
  it('turns a kebab-case id into one identifier', () => {
    expect(pascalCase('github-fine-grained-pat')).toBe('GithubFineGrainedPat');
  });

  it('keeps digits', () => {
    expect(pascalCase('pkcs8-private-key')).toBe('Pkcs8PrivateKey');
  });
});
