// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the negative examples are `${VAR}` templates on purpose.
/**
 * Package- and image-registry credentials: npm, PyPI, NuGet, RubyGems, crates.io, Clojars,
 * Docker Hub, JFrog Artifactory, Docker client configuration. A publish token is a supply-chain
 * attack waiting to happen: whoever holds it ships code to everyone who installs the package.
 */
import { decodeBase64Text, hasValidGithubChecksum } from '../checks.js';
import { isEncryptedValue, isPlaceholder } from '../placeholders.js';
import type { SecretRule } from '../secret-rule.js';
import {
  githubChecksumToken,
  glue,
  hasControlCharacter,
  hasLettersAndDigits,
  notPlaceholder,
  prefixedRule,
} from './shared.js';

const NPM_TOKEN = githubChecksumToken('npm_', 'pGKCFCqy7IUyZdF9ZegW0sH1rzVBoq');

const npmAccessToken = prefixedRule({
  id: 'npm-access-token',
  name: 'npm access token',
  description:
    'An npm access token (npm_…, with a CRC-32 check): publishes and unpublishes the packages its user or granular scope allows.',
  provider: 'npm',
  identityKind: 'token',
  severity: 'critical',
  prefix: 'npm_',
  body: '[0-9A-Za-z]{36}',
  end: String.raw`\b`,
  verify: hasValidGithubChecksum,
  positive: [`//registry.npmjs.org/:_authToken=${NPM_TOKEN}`, `NPM_TOKEN: ${NPM_TOKEN}`],
  negative: [
    `NPM_TOKEN: ${NPM_TOKEN.slice(0, -1)}${NPM_TOKEN.endsWith('A') ? 'B' : 'A'}`,
    'NPM_TOKEN: npm_000000000000000000000000000000000000',
  ],
});

const npmrcAuthToken: SecretRule = {
  id: 'npmrc-auth-token',
  name: 'npm registry credential in .npmrc',
  description:
    'A registry credential in an .npmrc or .yarnrc (_authToken, _auth or _password): publishes or reads packages on that registry as its user; legacy npm tokens are UUIDs.',
  provider: 'npm',
  identityKind: 'token',
  credentialType: 'token',
  severity: 'high',
  // The key starts a line or follows the registry's `:` (`//registry.npmjs.org/:_authToken=`).
  pattern: String.raw`(?:^|[\s:])(?:_authToken|_auth|_password)["']?[ \t]*[=:][ \t]*["']?([^\s"'\x60$\{\}]{16,})`,
  secretGroup: 1,
  keywords: ['_authtoken', '_auth', '_password'],
  minEntropy: 3,
  verify: (secret) => notPlaceholder(secret) && !isEncryptedValue(secret) && !secret.startsWith('npm_'),
  examples: {
    positive: [
      '//registry.npmjs.org/:_authToken=2d70e21b-d0d7-4498-82cf-0a33192752fe',
      `//npm.pkg.lumenfreight.example/:_auth=${glue('bHVtZW4tY2k6WnE4dkszbV', 'c5cEx4MlI3dA==')}`,
    ],
    negative: [
      '//registry.npmjs.org/:_authToken=${NPM_TOKEN}',
      `//registry.npmjs.org/:_authToken=${NPM_TOKEN}`,
      'db_password: ENC[AES256_GCM,data:s1YMRRZJm9vKRJnBh5LP9W80LSk52q2L,iv:tbhs2jcfvUBysc0L,type:str]',
    ],
  },
};

const pypiUploadToken: SecretRule = {
  id: 'pypi-upload-token',
  name: 'PyPI API token',
  description:
    'A PyPI or TestPyPI API token (pypi-AgEIcHlwaS5vcmc…, a macaroon): uploads releases of its user’s or project’s packages.',
  provider: 'pypi',
  identityKind: 'token',
  credentialType: 'token',
  severity: 'critical',
  pattern: String.raw`\b(pypi-Ag(?:EIcHlwaS5vcmc|ENdGVzdC5weXBpLm9yZw)[0-9A-Za-z_-]{50,})(?:[^0-9A-Za-z_-]|$)`,
  secretGroup: 1,
  keywords: ['pypi-ageichlwas5vcmc', 'pypi-agendgvzdc5wexbplm9yzw'],
  minEntropy: 4,
  verify: notPlaceholder,
  examples: {
    positive: [
      `[pypi]\nusername = __token__\npassword = ${glue('pypi-AgEIcHlwaS5vcmc', 'BQlm7knI4pShZFC8ZrXbeg_fT3pG-h8msMlc-T1ah9sdbEl7oX8nrEHAluvtdgDW1-In81LJK6yc-jecsblnAk2vnXK6-Zy2GKlPOyJV9YZGWNkJnsrUgBhcpqIuRhWlMkU6ag5t_Zj3')}\n`,
    ],
    negative: ['password = pypi-AgEIcHlwaS5vcmc...', 'password = pypi-AgEIcHlwaS5vcmcCJGRhMjY'],
  },
};

const nugetApiKey = prefixedRule({
  id: 'nuget-api-key',
  name: 'NuGet API key',
  description: 'A nuget.org API key (oy2…): pushes and unlists its owner’s packages.',
  provider: 'nuget',
  identityKind: 'api-key',
  credentialType: 'api-key',
  severity: 'critical',
  prefix: 'oy2',
  body: '[0-9a-z]{43}',
  end: String.raw`\b`,
  minEntropy: 3.5,
  positive: [`dotnet nuget push pkg.nupkg --api-key ${glue('oy2', 'ahcyicqql8fec9y6el4n8uu4om51y9mzgntvv1m66wn')}`],
  negative: [
    '--api-key oy2xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    '--api-key oy2ahcyicqql8fec9y6el4n8uu4om51y9mzgntvv1m66wnz',
  ],
});

const rubygemsApiKey = prefixedRule({
  id: 'rubygems-api-key',
  name: 'RubyGems API key',
  description: 'A RubyGems.org API key (rubygems_…): pushes and yanks its owner’s gems, within its scopes.',
  provider: 'rubygems',
  identityKind: 'api-key',
  credentialType: 'api-key',
  severity: 'critical',
  prefix: 'rubygems_',
  body: '[0-9a-f]{48}',
  end: String.raw`\b`,
  positive: [`---\n:rubygems_api_key: ${glue('rubygems_', '8b75b48e99f73f289509dddc3ebffc5ccd8099ee02cab83b')}\n`],
  negative: [':rubygems_api_key: rubygems_<your-key>', `:rubygems_api_key: rubygems_${'0'.repeat(48)}`],
});

const cratesIoToken = prefixedRule({
  id: 'crates-io-token',
  name: 'crates.io API token',
  description: 'A crates.io API token (cio…): publishes and yanks its owner’s crates, within its scopes.',
  provider: 'crates-io',
  identityKind: 'token',
  severity: 'critical',
  prefix: 'cio',
  body: '[0-9A-Za-z]{32}',
  end: String.raw`\b`,
  minEntropy: 3.5,
  // `cio` is a short prefix: insist on the digits a random token has and a camel-case name does not.
  verify: (secret) => hasLettersAndDigits(secret.slice(3)),
  positive: [`[registry]\ntoken = "${glue('cio', 'mIxx7iNzrXG0AIHSEQGkLBf0ZgvmUshB')}"`],
  negative: ['token = "cioxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"', 'const ciofficeIsAPlaceWhereWeMeetEveryDay = 1'],
});

const clojarsToken = prefixedRule({
  id: 'clojars-deploy-token',
  name: 'Clojars deploy token',
  description: 'A Clojars deploy token (CLOJARS_…): deploys its owner’s Clojure libraries.',
  provider: 'clojars',
  identityKind: 'token',
  severity: 'critical',
  prefix: 'CLOJARS_',
  body: '[0-9a-z]{60}',
  end: String.raw`\b`,
  minEntropy: 3.5,
  positive: [`:password "${glue('CLOJARS_', 'cb1ynzihtgvtn3p8rzgibh6bit0h2rip7j5fv7o1zyzbmncnz1hg9j7w67jk')}"`],
  negative: [':password "CLOJARS_TOKEN"', `:password "CLOJARS_${'a'.repeat(60)}"`],
});

const dockerhubPat = prefixedRule({
  id: 'dockerhub-pat',
  name: 'Docker Hub personal access token',
  description: 'A Docker Hub personal access token (dckr_pat_…): pulls and pushes its user’s repositories.',
  provider: 'docker',
  identityKind: 'human',
  severity: 'critical',
  prefix: 'dckr_pat_',
  body: '[0-9A-Za-z_-]{27}',
  minEntropy: 3.5,
  positive: [`echo ${glue('dckr_pat_', 'Tsp5svg_LRTlGrwQ2d8m3Dze9n2')} | docker login -u lumenci --password-stdin`],
  negative: ['echo dckr_pat_XXXXXXXXXXXXXXXXXXXXXXXXXXX | docker login', 'dckr_pat_Tsp5svg_LRT'],
});

const dockerhubOrgToken = prefixedRule({
  id: 'dockerhub-org-token',
  name: 'Docker Hub organisation access token',
  description: 'A Docker Hub organisation access token (dckr_oat_…): pulls and pushes the organisation’s repositories.',
  provider: 'docker',
  identityKind: 'service-account',
  severity: 'critical',
  prefix: 'dckr_oat_',
  body: '[0-9A-Za-z_-]{27,40}',
  minEntropy: 3.5,
  positive: [`DOCKERHUB_TOKEN=${glue('dckr_oat_', 'cldhT-7JZjyUDevwBJSMglyU59Fo95X0')}`],
  negative: ['DOCKERHUB_TOKEN=dckr_oat_<organization-token>', 'DOCKERHUB_TOKEN=dckr_oat_cldhT'],
});

/** `user:password` from a Docker `auth` value, or `null` when it does not decode to one. */
function dockerCredentials(secret: string): { user: string; password: string } | null {
  const decoded = decodeBase64Text(secret);
  if (decoded === null) return null;
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1 || hasControlCharacter(decoded)) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

const dockerConfigAuth: SecretRule = {
  id: 'docker-config-auth',
  name: 'Container registry credential in Docker config',
  description:
    'A base64 user:password in the auths of a Docker or Podman config.json (or a Kubernetes .dockerconfigjson): pulls and pushes images on that registry as the user.',
  provider: 'docker',
  identityKind: 'service-account',
  credentialType: 'password',
  severity: 'high',
  pattern: String.raw`(?:"([^"\s]+)"\s*:\s*\{\s*)?"auth"\s*:\s*"([A-Za-z0-9+/]{8,}={0,2})"`,
  secretGroup: 2,
  keywords: ['"auth"'],
  minEntropy: 3,
  verify: (secret) => {
    const credentials = dockerCredentials(secret);
    return credentials !== null && !isPlaceholder(credentials.password);
  },
  identify: (secret, groups) => {
    const credentials = dockerCredentials(secret);
    if (credentials === null) return null;
    const registry = groups[1];
    return {
      type: 'account',
      provider: 'docker',
      account: registry === undefined ? credentials.user : `${credentials.user}@${registry}`,
    };
  },
  examples: {
    positive: [`{"auths": {"ghcr.io": {"auth": "${glue('bHVtZW4tY2k6WnE4dkszbV', 'c5cEx4MlI3dA==')}"}}}`],
    negative: [
      // user:password with a placeholder password
      '{"auths": {"ghcr.io": {"auth": "dXNlcjpwYXNzd29yZA=="}}}',
      // not user:password at all
      '{"auths": {"ghcr.io": {"auth": "aGVsbG8gd29ybGQgZnJvbSB0aGUgdGVzdHM="}}}',
    ],
  },
};

const artifactoryApiKey = prefixedRule({
  id: 'artifactory-api-key',
  name: 'JFrog Artifactory API key',
  description: 'A JFrog Artifactory API key (AKCp…): reads and deploys artifacts as its user.',
  provider: 'jfrog',
  identityKind: 'api-key',
  credentialType: 'api-key',
  severity: 'critical',
  prefix: 'AKCp',
  body: '[0-9A-Za-z]{69}',
  end: String.raw`\b`,
  minEntropy: 4,
  positive: [
    `X-JFrog-Art-Api: ${glue('AKCp8', 'bT6NA7eVEIpoWzKlGLyUNlKEvp121zzZFnzcqs1Rt5yDklhREcVjnFJLFxm7fLVcaVBy')}`,
  ],
  negative: ['X-JFrog-Art-Api: AKCp8<api-key>', 'X-JFrog-Art-Api: AKCp8bT6NA7eVEIpoWzKlGLyUNlKEvp121'],
});

const artifactoryReferenceToken = prefixedRule({
  id: 'artifactory-reference-token',
  name: 'JFrog reference token',
  description:
    'A JFrog Platform reference (access) token (cmVmdGtu…): acts as its user or service on Artifactory and the platform.',
  provider: 'jfrog',
  identityKind: 'token',
  severity: 'critical',
  prefix: 'cmVmdGtu',
  body: '[0-9A-Za-z]{56}',
  end: String.raw`\b`,
  minEntropy: 4,
  positive: [`Authorization: Bearer ${glue('cmVmdGtuOjAxOjE3', 'PUyQ9B1q23A1NzpVGZTW5rHRyvtY6dzvT28xNTztB6mAxZwH')}`],
  negative: ['Authorization: Bearer cmVmdGtuOjAxOjE3', 'Authorization: Bearer cmVmdGtu<token>'],
});

/** Package- and image-registry credentials. */
export const REGISTRY_RULES: readonly SecretRule[] = [
  npmAccessToken,
  npmrcAuthToken,
  pypiUploadToken,
  nugetApiKey,
  rubygemsApiKey,
  cratesIoToken,
  clojarsToken,
  dockerhubPat,
  dockerhubOrgToken,
  dockerConfigAuth,
  artifactoryApiKey,
  artifactoryReferenceToken,
];
