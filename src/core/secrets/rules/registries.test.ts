import RE2 from 're2';
import { describe, expect, it } from 'vitest';
import { githubChecksum } from '../checks.js';
import type { SecretRule } from '../secret-rule.js';
import { REGISTRY_RULES } from './registries.js';
import { glue } from './shared.js';
import { type CompilePattern, expectSecrets, hintOf, ruleIn, secretsFound } from './testing.js';

const re2: CompilePattern = (pattern, flags) => new RE2(pattern, flags);
const rule = (id: string): SecretRule => ruleIn(REGISTRY_RULES, id);

const NPM = glue('npm_', 'pGKCFCqy7IUyZdF9ZegW0sH1rzVBoq', githubChecksum('pGKCFCqy7IUyZdF9ZegW0sH1rzVBoq'));
const DOCKER_AUTH = glue('bHVtZW4tY2k6WnE4dkszbV', 'c5cEx4MlI3dA==');

describe('registry rules', () => {
  it('find the expected secrets in their examples', () => {
    const expected: Record<string, string[]> = {
      'npm-access-token': [NPM, NPM],
      'npmrc-auth-token': ['2d70e21b-d0d7-4498-82cf-0a33192752fe', DOCKER_AUTH],
      'nuget-api-key': [glue('oy2', 'ahcyicqql8fec9y6el4n8uu4om51y9mzgntvv1m66wn')],
      'rubygems-api-key': [glue('rubygems_', '8b75b48e99f73f289509dddc3ebffc5ccd8099ee02cab83b')],
      'crates-io-token': [glue('cio', 'mIxx7iNzrXG0AIHSEQGkLBf0ZgvmUshB')],
      'clojars-deploy-token': [glue('CLOJARS_', 'cb1ynzihtgvtn3p8rzgibh6bit0h2rip7j5fv7o1zyzbmncnz1hg9j7w67jk')],
      'dockerhub-pat': [glue('dckr_pat_', 'Tsp5svg_LRTlGrwQ2d8m3Dze9n2')],
      'dockerhub-org-token': [glue('dckr_oat_', 'cldhT-7JZjyUDevwBJSMglyU59Fo95X0')],
      'docker-config-auth': [DOCKER_AUTH],
      'artifactory-api-key': [glue('AKCp8', 'bT6NA7eVEIpoWzKlGLyUNlKEvp121zzZFnzcqs1Rt5yDklhREcVjnFJLFxm7fLVcaVBy')],
      'artifactory-reference-token': [glue('cmVmdGtuOjAxOjE3', 'PUyQ9B1q23A1NzpVGZTW5rHRyvtY6dzvT28xNTztB6mAxZwH')],
    };
    for (const [id, secrets] of Object.entries(expected)) expectSecrets(rule(id), secrets, re2);
  });

  it('takes the whole PyPI token', () => {
    const [secret] = secretsFound(rule('pypi-upload-token'), rule('pypi-upload-token').examples.positive[0] ?? '', re2);
    expect(secret).toMatch(/^pypi-AgEIcHlwaS5vcmc[0-9A-Za-z_-]{140}$/);
  });

  it('rejects an npm token whose CRC-32 suffix is wrong', () => {
    const bad = NPM.slice(0, -1) + (NPM.endsWith('A') ? 'B' : 'A');
    expect(secretsFound(rule('npm-access-token'), `NPM_TOKEN=${bad}`, re2)).toEqual([]);
  });

  it('leaves npm_ tokens in .npmrc to the npm token rule', () => {
    expect(secretsFound(rule('npmrc-auth-token'), `//registry.npmjs.org/:_authToken=${NPM}`, re2)).toEqual([]);
  });

  it('names the user and registry of a Docker config credential', () => {
    expect(hintOf(rule('docker-config-auth'), 0, re2)).toEqual({
      type: 'account',
      provider: 'docker',
      account: 'lumen-ci@ghcr.io',
    });
  });
});
