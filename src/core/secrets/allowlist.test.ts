import { describe, expect, it } from 'vitest';
import { ImportInputError } from '../errors.js';
import {
  type Allowlist,
  AllowlistSchema,
  allowReason,
  globMatches,
  isAllowed,
  isPathAllowed,
  parseAllowlist,
} from './allowlist.js';
import type { SecretFinding } from './secret-finding.js';

const FP = '5f2b9c0d1e3a4b6c7d8e9f00112233445566778899aabbccddeeff0011223344';

function makeFinding(overrides: Partial<SecretFinding> = {}, path = 'src/app.ts'): SecretFinding {
  return {
    ruleId: 'github-classic-pat',
    ruleName: 'GitHub classic personal access token',
    provider: 'github',
    severity: 'critical',
    location: { path, line: 1, column: 1, endLine: 1, endColumn: 41 },
    redacted: 'ghp_…e5Vw',
    fingerprint: FP,
    entropy: 5,
    identityHint: null,
    ...overrides,
  };
}

describe('globMatches: names without a slash match at any depth', () => {
  it('matches a file name in the root', () => {
    expect(globMatches('*.pem', 'server.pem')).toBe(true);
  });

  it('matches a file name deep down', () => {
    expect(globMatches('*.pem', 'deploy/certs/server.pem')).toBe(true);
  });

  it('matches a directory name at any depth, and so the files under it', () => {
    expect(globMatches('testdata', 'pkg/a/testdata/keys/id_rsa')).toBe(true);
  });

  it('does not match part of a name', () => {
    expect(globMatches('*.pem', 'server.pem.txt')).toBe(false);
  });
});

describe('globMatches: anchoring', () => {
  it('anchors a glob with a leading slash at the root', () => {
    expect(globMatches('/vendor', 'vendor/lib.js')).toBe(true);
    expect(globMatches('/vendor', 'src/vendor/lib.js')).toBe(false);
  });

  it('anchors a glob with a slash in the middle at the root', () => {
    expect(globMatches('docs/*.md', 'docs/keys.md')).toBe(true);
    expect(globMatches('docs/*.md', 'site/docs/keys.md')).toBe(false);
  });

  it('ignores a leading ./ in the path', () => {
    expect(globMatches('/docs/*.md', './docs/keys.md')).toBe(true);
  });
});

describe('globMatches: wildcards', () => {
  it('does not let * cross a slash', () => {
    expect(globMatches('docs/*.md', 'docs/api/keys.md')).toBe(false);
  });

  it('lets ** match any number of directories, including none', () => {
    expect(globMatches('a/**/b.txt', 'a/b.txt')).toBe(true);
    expect(globMatches('a/**/b.txt', 'a/x/y/z/b.txt')).toBe(true);
    expect(globMatches('a/**/b.txt', 'c/a/x/b.txt')).toBe(false);
  });

  it('lets a leading **/ match at any depth', () => {
    expect(globMatches('**/fixtures/*.json', 'fixtures/a.json')).toBe(true);
    expect(globMatches('**/fixtures/*.json', 'x/y/fixtures/a.json')).toBe(true);
  });

  it('lets a trailing /** match everything inside a directory but not a file of that name', () => {
    expect(globMatches('build/**', 'build/out/app.js')).toBe(true);
    expect(globMatches('build/**', 'build')).toBe(false);
  });

  it('matches one character with ?', () => {
    expect(globMatches('key?.txt', 'key1.txt')).toBe(true);
    expect(globMatches('key?.txt', 'key12.txt')).toBe(false);
    expect(globMatches('a?b', 'a/b')).toBe(false);
  });

  it('counts a non-ASCII character as one for ?', () => {
    expect(globMatches('caf?.env', 'café.env')).toBe(true);
    expect(globMatches('?.txt', '😀.txt')).toBe(true);
  });

  it('matches several stars within a name', () => {
    expect(globMatches('*.test.*', 'src/a.test.ts')).toBe(true);
    expect(globMatches('*-*-*.key', 'a-b-c.key')).toBe(true);
    expect(globMatches('*-*-*.key', 'a-b.key')).toBe(false);
  });

  it('treats a backslash as an escape for the next character', () => {
    expect(globMatches('\\*.txt', '*.txt')).toBe(true);
    expect(globMatches('\\*.txt', 'a.txt')).toBe(false);
  });

  it('is case-sensitive', () => {
    expect(globMatches('*.PEM', 'a.pem')).toBe(false);
  });
});

describe('globMatches: directories', () => {
  it('matches only directories with a trailing slash', () => {
    expect(globMatches('secrets/', 'secrets/a.txt')).toBe(true);
    expect(globMatches('secrets/', 'x/secrets/a.txt')).toBe(true);
    expect(globMatches('secrets/', 'secrets')).toBe(false);
  });

  it('matches a file under a matched anchored directory', () => {
    expect(globMatches('/test/data', 'test/data/deep/file.env')).toBe(true);
  });
});

describe('globMatches: adversarial input', () => {
  it('answers quickly for many stars against a long near-miss', () => {
    const glob = `${'*a'.repeat(40)}b`;
    const path = 'a'.repeat(4000);
    const started = performance.now();
    expect(globMatches(glob, path)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('answers quickly for many ** segments against a deep near-miss', () => {
    const glob = `${'**/a/'.repeat(30)}b`;
    const path = Array.from({ length: 2000 }, () => 'a').join('/');
    const started = performance.now();
    expect(globMatches(glob, path)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('isAllowed', () => {
  it('allows nothing with an empty allowlist', () => {
    expect(isAllowed(makeFinding(), {})).toBe(false);
  });

  it('allows a finding of a disabled rule', () => {
    expect(allowReason(makeFinding(), { rules: ['github-classic-pat'] })).toBe('rule');
  });

  it('does not allow a finding of another rule', () => {
    expect(isAllowed(makeFinding(), { rules: ['aws-access-key-id'] })).toBe(false);
  });

  it('allows a finding in an allowed path', () => {
    expect(allowReason(makeFinding({}, 'tests/fixtures/keys.env'), { paths: ['tests/fixtures/'] })).toBe('path');
  });

  it('does not allow a finding outside the allowed paths', () => {
    expect(isAllowed(makeFinding({}, 'src/keys.env'), { paths: ['tests/fixtures/'] })).toBe(false);
  });

  it('takes a path back out with a later !glob (the last matching glob decides)', () => {
    const allowlist: Allowlist = { paths: ['tests/**', '!tests/integration/**'] };
    expect(isAllowed(makeFinding({}, 'tests/unit/a.ts'), allowlist)).toBe(true);
    expect(isAllowed(makeFinding({}, 'tests/integration/a.ts'), allowlist)).toBe(false);
  });

  it('lets a later glob allow again what a !glob took out', () => {
    const allowlist: Allowlist = { paths: ['tests/**', '!tests/integration/**', '*.snap'] };
    expect(isAllowed(makeFinding({}, 'tests/integration/a.snap'), allowlist)).toBe(true);
  });

  it('allows a finding by its whole fingerprint', () => {
    expect(allowReason(makeFinding(), { values: [FP] })).toBe('value');
  });

  it('allows a finding by its fingerprint in capitals', () => {
    expect(isAllowed(makeFinding(), { values: [FP.toUpperCase()] })).toBe(true);
  });

  it('allows a finding by the 12-digit fingerprint prefix the text report shows', () => {
    expect(allowReason(makeFinding(), { values: [FP.slice(0, 12)] })).toBe('value');
  });

  it('does not accept a fingerprint prefix shorter than 12 digits', () => {
    expect(isAllowed(makeFinding(), { values: [FP.slice(0, 11)] })).toBe(false);
  });

  it('does not allow by a prefix that shares the first 12 digits but then differs', () => {
    expect(isAllowed(makeFinding(), { values: [`${FP.slice(0, 12)}0`] })).toBe(false);
  });

  it('allows a finding by its exact redacted form', () => {
    expect(allowReason(makeFinding(), { values: ['ghp_…e5Vw'] })).toBe('value');
  });

  it('does not allow by a redacted form that differs in case', () => {
    expect(isAllowed(makeFinding(), { values: ['GHP_…E5VW'] })).toBe(false);
  });

  it('says rule before path before value when several apply', () => {
    const all: Allowlist = { rules: ['github-classic-pat'], paths: ['**'], values: [FP] };
    expect(allowReason(makeFinding(), all)).toBe('rule');
    expect(allowReason(makeFinding(), { paths: ['**'], values: [FP] })).toBe('path');
  });

  it('gives the same answers on repeated calls with the same allowlist (compiled once)', () => {
    const allowlist: Allowlist = { paths: ['*.md'] };
    for (let i = 0; i < 3; i++) expect(isAllowed(makeFinding({}, 'README.md'), allowlist)).toBe(true);
  });
});

describe('isPathAllowed', () => {
  it('tells a scanner it may skip a whole file', () => {
    expect(isPathAllowed('docs/examples/keys.md', { paths: ['docs/examples/'] })).toBe(true);
    expect(isPathAllowed('docs/guide.md', { paths: ['docs/examples/'] })).toBe(false);
  });

  it('allows no path without path globs', () => {
    expect(isPathAllowed('a.txt', { rules: ['generic-password'] })).toBe(false);
  });
});

describe('AllowlistSchema and parseAllowlist', () => {
  it('accepts an empty allowlist', () => {
    expect(parseAllowlist({}, '.vigil-secrets.yaml')).toEqual({});
  });

  it('accepts all three kinds of entry', () => {
    const allowlist = { paths: ['tests/**', '!tests/live/**'], rules: ['generic-password'], values: [FP] };
    expect(parseAllowlist(allowlist, '.vigil-secrets.yaml')).toEqual(allowlist);
  });

  it('rejects paths that are not a list, naming the file and the field', () => {
    expect(() => parseAllowlist({ paths: 'tests/**' }, '.vigil-secrets.yaml')).toThrow(
      new ImportInputError('.vigil-secrets.yaml', 'paths', 'expected array, got string'),
    );
  });

  it('rejects an empty glob', () => {
    expect(() => parseAllowlist({ paths: [''] }, 's.yaml')).toThrow(/^s\.yaml: paths\[0\]: /);
  });

  it('rejects a glob of only ! and slashes', () => {
    expect(AllowlistSchema.safeParse({ paths: ['!/'] }).success).toBe(false);
  });

  it('rejects a rule id that is not kebab-case', () => {
    expect(() => parseAllowlist({ rules: ['AWS Access Key'] }, 's.yaml')).toThrow(
      's.yaml: rules[0]: expected a rule id in kebab-case, such as "aws-access-key-id"',
    );
  });

  it('rejects an empty value', () => {
    expect(() => parseAllowlist({ values: [''] }, 's.yaml')).toThrow(/^s\.yaml: values\[0\]: /);
  });

  it('rejects a value longer than any fingerprint or redacted form', () => {
    expect(AllowlistSchema.safeParse({ values: ['x'.repeat(257)] }).success).toBe(false);
  });

  it('rejects a non-object', () => {
    expect(() => parseAllowlist(['tests/**'], 's.yaml')).toThrow('s.yaml: (top level): expected object');
  });
});
