import RE2 from 're2';
import { describe, expect, it } from 'vitest';
import { githubChecksum } from '../checks.js';
import type { SecretRule } from '../secret-rule.js';
import { CODE_HOST_RULES } from './code-hosts.js';
import { glue } from './shared.js';
import { type CompilePattern, expectSecrets, ruleIn, secretsFound } from './testing.js';

const re2: CompilePattern = (pattern, flags) => new RE2(pattern, flags);
const rule = (id: string): SecretRule => ruleIn(CODE_HOST_RULES, id);

/** A GitHub-format token with its CRC-32 suffix. */
function token(prefix: string, random: string): string {
  return glue(prefix, random, githubChecksum(random));
}

describe('code-host rules', () => {
  it('find the expected secrets in their examples', () => {
    const ghp = token('ghp_', 'zw8F1dSBi7lfuMou5EHz3KcBxZhkxR');
    const gho = token('gho_', 'ju3au1bGJQCBs7bXyknzya3iKdLGBz');
    const ghu = token('ghu_', 'PJvntzzfW9HqHgiBR3LYv2QxGWIXuQ');
    const ghs = token('ghs_', 'PgxwBJaNPb1JacZYXRmhvXR55SM6Rn');
    const ghr = token('ghr_', 'P3xryCWFP06TvCA1YOMBLwMeCS24Y8');
    const expected: Record<string, string[]> = {
      'github-pat': [ghp, ghp],
      'github-oauth-token': [gho, gho],
      'github-user-to-server-token': [ghu, ghu],
      'github-installation-token': [ghs, ghs],
      'github-refresh-token': [ghr, ghr],
      'github-fine-grained-pat': [
        glue('github_pat_', 'pcGy71BWMe4L6AeicRiHB2_4zCMh7DYGVt4B1Hm6bUdDPM7lwxXrB2FOrsd2DDmVeO3mijQTGFuE7Hx4xg'),
      ],
      'gitlab-pat': [
        glue('glpat-', 'uwOhd_uJf-dJaB5D43rT'),
        glue('glpat-', 'RHbWnwUJHyHJuS__ry_ZRjXyukgWREgtzUaPcogi', '.01', '0w3kq9z'),
      ],
      'gitlab-deploy-token': [glue('gldt-', 'miwGMO0QPgDPKaEFhpOM')],
      'gitlab-runner-token': [glue('glrt-', 'dOon4Qwu9K1YTrZNEDVf')],
      'gitlab-runner-registration-token': [glue('GR1348941', 'PDxgpUib0Q3mD0HfRIsP')],
      'gitlab-pipeline-trigger-token': [glue('glptt-', 'e8624794e18743fa5c2a6c4ed1ceeb690234e26f')],
      'gitlab-oauth-app-secret': [glue('gloas-', 'IqcuMEzRY5wZ52HAFCILfEET6VpDS1VqrfNnqDYqnVHbbv4Qu9uumHVp8vwkG45P')],
      'gitlab-feed-token': [glue('glft-', 'mdSju4b5X2jUd9XBKovK')],
      'gitlab-ci-job-token': [glue('glcbt-', '64_', 'T1vtHE92oSrGrpLETSJi')],
      'gitlab-agent-token': [glue('glagent-', 'of7zOZx6EvicoyH1-JNTIVNk8Csy2XtjJUb69ydBtNfd_pSCoD')],
      'gitlab-scim-token': [glue('glsoat-', 'v0lj1heodVmTQXh8mWmF')],
      'bitbucket-app-password': [glue('ATBB', 'gJhPZwECeD89KG8z4xhEw3bVrbI77Q5n')],
      'bitbucket-app-password-assignment': [glue('v7Kq2', 'mZ9xLw4PtR8nBc3')],
      'azure-devops-pat': [glue('qwb5pdkhx6pygpan2rly', 'kei4iiaannkksumnlmytbx2kjqevtave')],
    };
    for (const [id, secrets] of Object.entries(expected)) expectSecrets(rule(id), secrets, re2);
  });

  it('finds a whole Bitbucket access token', () => {
    const [secret] = secretsFound(
      rule('bitbucket-access-token'),
      rule('bitbucket-access-token').examples.positive[0] ?? '',
    );
    expect(secret).toMatch(/^ATCTT3xFfGN0[0-9A-Za-z_=-]{180}$/);
  });

  it('accepts a classic GitHub token whose CRC-32 suffix is right', () => {
    const good = token('ghp_', 'zw8F1dSBi7lfuMou5EHz3KcBxZhkxR');
    expect(secretsFound(rule('github-pat'), `token=${good}`, re2)).toEqual([good]);
  });

  it('rejects a classic GitHub token whose CRC-32 suffix is wrong', () => {
    const good = token('ghp_', 'zw8F1dSBi7lfuMou5EHz3KcBxZhkxR');
    const bad = good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A');
    expect(secretsFound(rule('github-pat'), `token=${bad}`, re2)).toEqual([]);
  });

  it('rejects a classic GitHub token with one character of its random part changed', () => {
    const good = token('ghp_', 'zw8F1dSBi7lfuMou5EHz3KcBxZhkxR');
    const bad = `${good.slice(0, 4)}Y${good.slice(5)}`;
    expect(secretsFound(rule('github-pat'), `token=${bad}`, re2)).toEqual([]);
  });

  it('accepts the longer GitHub refresh token format without a checksum', () => {
    const long = glue('ghr_', 'P3xryCWFP06TvCA1YOMBLwMeCS24Y8', 'onflCfi63CQ7q9wbT2s7VjX8bIhlsUUk4fjMzo7q', 'A1b2C3');
    expect(secretsFound(rule('github-refresh-token'), `refresh_token=${long}`, re2)).toEqual([long]);
  });
});
