/**
 * Code-host credentials: GitHub, GitLab, Bitbucket, Azure DevOps. They reach source code, CI
 * secrets and package registries, and CI systems hold many of them.
 */
import { hasValidGithubChecksum } from '../checks.js';
import type { SecretRule } from '../secret-rule.js';
import {
  assigned,
  githubChecksumToken,
  glue,
  hasLettersAndDigits,
  notPlaceholder,
  plausibleKey,
  prefixedRule,
} from './shared.js';

/** The same token with its last checksum character changed: well-formed, but not a token GitHub issued. */
function corrupted(token: string): string {
  const last = token.slice(-1);
  return token.slice(0, -1) + (last === 'A' ? 'B' : 'A');
}

const GHP = githubChecksumToken('ghp_', 'zw8F1dSBi7lfuMou5EHz3KcBxZhkxR');
const GHO = githubChecksumToken('gho_', 'ju3au1bGJQCBs7bXyknzya3iKdLGBz');
const GHU = githubChecksumToken('ghu_', 'PJvntzzfW9HqHgiBR3LYv2QxGWIXuQ');
const GHS = githubChecksumToken('ghs_', 'PgxwBJaNPb1JacZYXRmhvXR55SM6Rn');
const GHR = githubChecksumToken('ghr_', 'P3xryCWFP06TvCA1YOMBLwMeCS24Y8');

interface GithubClassic {
  id: string;
  prefix: string;
  name: string;
  description: string;
  identityKind: SecretRule['identityKind'];
  example: string;
}

/** The five classic GitHub token kinds share one format: prefix, 30 random base-62 characters, CRC-32. */
function githubClassicRule(spec: GithubClassic): SecretRule {
  return {
    id: spec.id,
    name: spec.name,
    description: spec.description,
    provider: 'github',
    identityKind: spec.identityKind,
    credentialType: 'token',
    severity: 'critical',
    pattern: String.raw`\b(${spec.prefix}[0-9A-Za-z]{36})\b`,
    secretGroup: 1,
    keywords: [spec.prefix],
    verify: hasValidGithubChecksum,
    examples: {
      positive: [
        `GITHUB_TOKEN=${spec.example}`,
        `git clone https://x-access-token:${spec.example}@github.com/lumen-freight/api.git`,
      ],
      negative: [
        `GITHUB_TOKEN=${corrupted(spec.example)}`,
        `GITHUB_TOKEN=${spec.example}0`,
        `GITHUB_TOKEN=${spec.prefix}${'0'.repeat(36)}`,
      ],
    },
  };
}

const githubPat = githubClassicRule({
  id: 'github-pat',
  prefix: 'ghp_',
  name: 'GitHub personal access token (classic)',
  description:
    'A classic GitHub personal access token (ghp_…): acts as its user on every repository and organisation the user can reach, within the token’s scopes.',
  identityKind: 'human',
  example: GHP,
});

const githubOauthToken = githubClassicRule({
  id: 'github-oauth-token',
  prefix: 'gho_',
  name: 'GitHub OAuth access token',
  description: 'A GitHub OAuth app access token (gho_…): acts as the user who authorised the app, within its scopes.',
  identityKind: 'token',
  example: GHO,
});

const githubUserToServerToken = githubClassicRule({
  id: 'github-user-to-server-token',
  prefix: 'ghu_',
  name: 'GitHub App user access token',
  description:
    'A GitHub App user-to-server token (ghu_…): acts as the app on behalf of a user, with the intersection of both permissions.',
  identityKind: 'bot',
  example: GHU,
});

const githubInstallationToken = githubClassicRule({
  id: 'github-installation-token',
  prefix: 'ghs_',
  name: 'GitHub App installation access token',
  description:
    'A GitHub App installation token (ghs_…), also the GITHUB_TOKEN of Actions: acts as the app on the installation’s repositories for up to an hour.',
  identityKind: 'bot',
  example: GHS,
});

const githubRefreshToken: SecretRule = {
  ...githubClassicRule({
    id: 'github-refresh-token',
    prefix: 'ghr_',
    name: 'GitHub App refresh token',
    description: 'A GitHub App refresh token (ghr_…): mints new user access tokens for the app for six months.',
    identityKind: 'bot',
    example: GHR,
  }),
  // Refresh tokens come in the 36-character checksummed form and a longer 76-character one.
  pattern: String.raw`\b(ghr_[0-9A-Za-z]{36}(?:[0-9A-Za-z]{40})?)\b`,
  minEntropy: 4,
  verify: (secret) => (secret.length === 40 ? hasValidGithubChecksum(secret) : notPlaceholder(secret)),
};

const githubFineGrainedPat: SecretRule = {
  id: 'github-fine-grained-pat',
  name: 'GitHub fine-grained personal access token',
  description:
    'A fine-grained GitHub personal access token (github_pat_…): acts as its user on the repositories and permissions chosen when it was made.',
  provider: 'github',
  identityKind: 'human',
  credentialType: 'token',
  severity: 'critical',
  pattern: String.raw`\b(github_pat_[0-9A-Za-z]{22}_[0-9A-Za-z]{59})\b`,
  secretGroup: 1,
  keywords: ['github_pat_'],
  minEntropy: 4,
  verify: notPlaceholder,
  examples: {
    positive: [
      `token: ${glue('github_pat_', 'pcGy71BWMe4L6AeicRiHB2_4zCMh7DYGVt4B1Hm6bUdDPM7lwxXrB2FOrsd2DDmVeO3mijQTGFuE7Hx4xg')}`,
    ],
    negative: ['token: github_pat_11AAAAAAA0AAAAAAAAAAAA_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
  },
};

const gitlabPat = prefixedRule({
  id: 'gitlab-pat',
  name: 'GitLab personal, project or group access token',
  description:
    'A GitLab access token (glpat-…, legacy or routable): acts as its user, project bot or group bot with the token’s scopes.',
  provider: 'gitlab',
  identityKind: 'human',
  severity: 'critical',
  prefix: 'glpat-',
  body: String.raw`(?:[0-9A-Za-z_-]{27,}\.[0-9a-z]{9}|[0-9A-Za-z_-]{20})`,
  positive: [
    `GITLAB_TOKEN=${glue('glpat-', 'uwOhd_uJf-dJaB5D43rT')}`,
    `PRIVATE-TOKEN: ${glue('glpat-', 'RHbWnwUJHyHJuS__ry_ZRjXyukgWREgtzUaPcogi', '.01', '0w3kq9z')}`,
  ],
  negative: ['GITLAB_TOKEN=glpat-xxxxxxxxxxxxxxxxxxxx', 'GITLAB_TOKEN=glpat-uwOhd_uJf-dJaB5D43rTq'],
});

const gitlabDeployToken = prefixedRule({
  id: 'gitlab-deploy-token',
  name: 'GitLab deploy token',
  description:
    'A GitLab deploy token (gldt-…): reads (or writes) a project’s repository, packages and container registry.',
  provider: 'gitlab',
  identityKind: 'token',
  prefix: 'gldt-',
  body: '[0-9A-Za-z_-]{20}',
  positive: [`password: ${glue('gldt-', 'miwGMO0QPgDPKaEFhpOM')}`],
  negative: ['password: gldt-<deploy-token>', 'password: gldt-miwGMO0QPg'],
});

const gitlabRunnerToken = prefixedRule({
  id: 'gitlab-runner-token',
  name: 'GitLab runner authentication token',
  description:
    'A GitLab runner authentication token (glrt-…): registers as the runner and receives its CI jobs, with their job tokens and variables.',
  provider: 'gitlab',
  identityKind: 'workload',
  severity: 'critical',
  prefix: 'glrt-',
  body: String.raw`(?:t[0-9]_[0-9A-Za-z_-]{27,}\.[0-9a-z]{9}|[0-9A-Za-z_-]{20})`,
  positive: [`token = "${glue('glrt-', 'dOon4Qwu9K1YTrZNEDVf')}"`],
  negative: ['token = "glrt-REDACTED_REDACTED_X"', 'token = "glrt-dOon4Qwu9K1YT"'],
});

const gitlabRunnerRegistrationToken = prefixedRule({
  id: 'gitlab-runner-registration-token',
  name: 'GitLab runner registration token',
  description:
    'A GitLab runner registration token (GR1348941…): registers new runners for a project, group or instance.',
  provider: 'gitlab',
  identityKind: 'workload',
  prefix: 'GR1348941',
  body: '[0-9A-Za-z_-]{20}',
  positive: [`gitlab-runner register --registration-token ${glue('GR1348941', 'PDxgpUib0Q3mD0HfRIsP')}`],
  negative: ['--registration-token GR1348941$REGISTRATION_TOKEN', '--registration-token GR1348941xxxxxxxxxxxxxxxxxxxx'],
});

const gitlabPipelineTriggerToken = prefixedRule({
  id: 'gitlab-pipeline-trigger-token',
  name: 'GitLab pipeline trigger token',
  description: 'A GitLab pipeline trigger token (glptt-…): starts pipelines on a project as the token’s owner.',
  provider: 'gitlab',
  identityKind: 'token',
  prefix: 'glptt-',
  body: '[0-9a-f]{40}',
  positive: [`curl -X POST -F token=${glue('glptt-', 'e8624794e18743fa5c2a6c4ed1ceeb690234e26f')} -F ref=main`],
  negative: ['-F token=glptt-0000000000000000000000000000000000000000', '-F token=glptt-e8624794e18743fa'],
});

const gitlabOauthAppSecret = prefixedRule({
  id: 'gitlab-oauth-app-secret',
  name: 'GitLab OAuth application secret',
  description: 'The secret of a GitLab OAuth application (gloas-…): obtains tokens as the application.',
  provider: 'gitlab',
  identityKind: 'service-account',
  credentialType: 'client-secret',
  prefix: 'gloas-',
  body: '[0-9A-Za-z_-]{64}',
  positive: [`GITLAB_APP_SECRET=${glue('gloas-', 'IqcuMEzRY5wZ52HAFCILfEET6VpDS1VqrfNnqDYqnVHbbv4Qu9uumHVp8vwkG45P')}`],
  negative: ['GITLAB_APP_SECRET=gloas-IqcuMEzRY5wZ52HAFCILfEET', `GITLAB_APP_SECRET=gloas-${'ab'.repeat(32)}`],
});

const gitlabFeedToken = prefixedRule({
  id: 'gitlab-feed-token',
  name: 'GitLab feed token',
  description:
    'A GitLab feed token (glft-…): reads a user’s RSS/Atom feeds and calendar, which can expose private issue titles.',
  provider: 'gitlab',
  identityKind: 'human',
  severity: 'medium',
  prefix: 'glft-',
  body: '[0-9A-Za-z_-]{20}',
  positive: [
    `https://gitlab.lumenfreight.example/dashboard/issues.atom?feed_token=${glue('glft-', 'mdSju4b5X2jUd9XBKovK')}`,
  ],
  negative: ['feed_token=glft-00000000000000000000', 'feed_token=glft-mdSju4b5'],
});

const gitlabCiJobToken = prefixedRule({
  id: 'gitlab-ci-job-token',
  name: 'GitLab CI/CD job token',
  description: 'A GitLab CI/CD job token (glcbt-…): calls the API and registries as the job’s user while the job runs.',
  provider: 'gitlab',
  identityKind: 'workload',
  severity: 'medium',
  prefix: 'glcbt-',
  body: '[0-9A-Za-z]{1,5}_[0-9A-Za-z_-]{20}',
  positive: [`JOB-TOKEN: ${glue('glcbt-', '64_', 'T1vtHE92oSrGrpLETSJi')}`],
  negative: ['JOB-TOKEN: glcbt-$CI_JOB_TOKEN', 'JOB-TOKEN: glcbt-64_T1vtHE92'],
});

const gitlabAgentToken = prefixedRule({
  id: 'gitlab-agent-token',
  name: 'GitLab agent for Kubernetes token',
  description: 'A GitLab agent for Kubernetes token (glagent-…): connects a cluster agent to GitLab and its projects.',
  provider: 'gitlab',
  identityKind: 'workload',
  prefix: 'glagent-',
  body: '[0-9A-Za-z_-]{50}',
  positive: [`config:\n  token: ${glue('glagent-', 'of7zOZx6EvicoyH1-JNTIVNk8Csy2XtjJUb69ydBtNfd_pSCoD')}`],
  negative: ['token: glagent-of7zOZx6EvicoyH1', `token: glagent-${'x'.repeat(50)}`],
});

const gitlabScimToken = prefixedRule({
  id: 'gitlab-scim-token',
  name: 'GitLab SCIM token',
  description: 'A GitLab SCIM token (glsoat-…): provisions and deprovisions a group’s or instance’s users.',
  provider: 'gitlab',
  identityKind: 'service-account',
  prefix: 'glsoat-',
  body: '[0-9A-Za-z_-]{20}',
  positive: [`scim_token = "${glue('glsoat-', 'v0lj1heodVmTQXh8mWmF')}"`],
  negative: ['scim_token = "glsoat-<token>"', 'scim_token = "glsoat-v0lj1h"'],
});

const bitbucketAppPassword: SecretRule = {
  id: 'bitbucket-app-password',
  name: 'Bitbucket app password',
  description:
    'A Bitbucket Cloud app password (ATBB…): signs in to the API and Git over HTTPS as its user, within the permissions chosen for it.',
  provider: 'bitbucket',
  identityKind: 'human',
  credentialType: 'password',
  severity: 'critical',
  pattern: String.raw`\b(ATBB[0-9A-Za-z_=.-]{28,})(?:[^0-9A-Za-z_=.-]|$)`,
  secretGroup: 1,
  keywords: ['atbb'],
  minEntropy: 3.5,
  verify: notPlaceholder,
  examples: {
    positive: [`BITBUCKET_APP_PASSWORD=${glue('ATBB', 'gJhPZwECeD89KG8z4xhEw3bVrbI77Q5n')}`],
    negative: ['BITBUCKET_APP_PASSWORD=ATBBxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'password=ATBB1234'],
  },
};

const bitbucketAppPasswordAssignment: SecretRule = {
  id: 'bitbucket-app-password-assignment',
  name: 'Bitbucket app password (assignment)',
  description:
    'A 20-character Bitbucket app password (the format before ATBB…) assigned to a Bitbucket password, secret or token setting.',
  provider: 'bitbucket',
  identityKind: 'human',
  credentialType: 'password',
  severity: 'critical',
  pattern: assigned('bitbucket[_.-]?(?:app[_.-]?)?(?:password|passwd|pass|secret|token)', '[0-9A-Za-z]{20}'),
  caseInsensitive: true,
  secretGroup: 1,
  keywords: ['bitbucket'],
  minEntropy: 3.5,
  verify: (secret) => plausibleKey(secret) && hasLettersAndDigits(secret),
  examples: {
    positive: [`BITBUCKET_APP_PASSWORD: "${glue('v7Kq2', 'mZ9xLw4PtR8nBc3')}"`],
    negative: ['BITBUCKET_APP_PASSWORD: "$BITBUCKET_PASSWORD"', 'bitbucket_password = "changemechangemechan"'],
  },
};

const bitbucketAccessToken = prefixedRule({
  id: 'bitbucket-access-token',
  name: 'Bitbucket access token',
  description:
    'A Bitbucket Cloud repository, project or workspace access token (ATCTT3…): acts as that resource’s bot user with the token’s scopes.',
  provider: 'bitbucket',
  identityKind: 'bot',
  severity: 'critical',
  prefix: 'ATCTT3',
  body: '[0-9A-Za-z_=-]{100,}',
  positive: [
    `Authorization: Bearer ${glue('ATCTT3xFfGN0', 'wPHfOukh4EUDqJPfiddNWXnT1mUo_TXBFrmLhXPIUpIRUIjJSOK0wm_uEwE3lV7-55lT9o_MJs4M4YZ1F8V_p9NnUcSe9JXbFZS7BgWxATBgHgUldl1qqjpNeYQylfkzwDmuKKxI5Rg0TWCLTZIFNDgLKjtqZSMl8q5BLeucoDGlcYNI1nuI')}`,
  ],
  negative: ['Authorization: Bearer ATCTT3xFfGN0', 'ATCTT3xFfGN0=<token>'],
});

const azureDevopsPat: SecretRule = {
  id: 'azure-devops-pat',
  name: 'Azure DevOps personal access token',
  description:
    'A 52-character Azure DevOps personal access token assigned to an Azure DevOps, AZDO or VSTS setting: acts as its user in the organisation, within its scopes.',
  provider: 'azure-devops',
  identityKind: 'human',
  credentialType: 'token',
  severity: 'critical',
  pattern: assigned(
    '(?:azure[_.-]?devops|azdo|vsts)[_.-]?(?:personal[_.-]?access[_.-]?)?(?:pat|token)',
    '[a-z2-7]{52}',
  ),
  caseInsensitive: true,
  secretGroup: 1,
  keywords: ['devops', 'azdo', 'vsts'],
  minEntropy: 3.5,
  verify: plausibleKey,
  examples: {
    positive: [`AZURE_DEVOPS_PAT=${glue('qwb5pdkhx6pygpan2rly', 'kei4iiaannkksumnlmytbx2kjqevtave')}`],
    negative: ['AZURE_DEVOPS_PAT=$(System.AccessToken)', `AZURE_DEVOPS_PAT=${'a'.repeat(52)}`],
  },
};

/** Code-host credentials, most specific first. */
export const CODE_HOST_RULES: readonly SecretRule[] = [
  githubPat,
  githubOauthToken,
  githubUserToServerToken,
  githubInstallationToken,
  githubRefreshToken,
  githubFineGrainedPat,
  gitlabPat,
  gitlabDeployToken,
  gitlabRunnerToken,
  gitlabRunnerRegistrationToken,
  gitlabPipelineTriggerToken,
  gitlabOauthAppSecret,
  gitlabFeedToken,
  gitlabCiJobToken,
  gitlabAgentToken,
  gitlabScimToken,
  bitbucketAppPassword,
  bitbucketAppPasswordAssignment,
  bitbucketAccessToken,
  azureDevopsPat,
];
