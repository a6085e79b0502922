// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the negative examples are `${VAR}` templates on purpose.
/**
 * Observability credentials: Datadog, New Relic, Sentry, Grafana, Dynatrace, Splunk, Rollbar.
 * They read the telemetry of everything (which carries customer data and more secrets), and
 * write keys can flood or blind the monitoring an incident response depends on.
 */
import { decodeBase64Text, parseJsonObject } from '../checks.js';
import type { IdentityHint, SecretRule } from '../secret-rule.js';
import { assigned, BASE64_END, glue, notPlaceholder, prefixedRule } from './shared.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const datadogApiKey: SecretRule = {
  id: 'datadog-api-key',
  name: 'Datadog API key',
  description:
    'A Datadog API key (32 hex digits) assigned to DD_API_KEY, DATADOG_API_KEY or the DD-API-KEY header: submits metrics, logs and events to the organisation.',
  provider: 'datadog',
  identityKind: 'api-key',
  credentialType: 'api-key',
  severity: 'high',
  pattern: assigned('(?:datadog|dd)[_.-]?api[_.-]?key', '[0-9a-f]{32}'),
  caseInsensitive: true,
  secretGroup: 1,
  keywords: ['datadog', 'dd_api', 'dd-api', 'dd.api', 'ddapi'],
  minEntropy: 3,
  verify: notPlaceholder,
  examples: {
    positive: [
      'DD_API_KEY=c6a500ae47345edad4953ea147e67507',
      'curl -H "DD-API-KEY: c6a500ae47345edad4953ea147e67507" https://api.datadoghq.eu/api/v1/validate',
    ],
    negative: ['DD_API_KEY=<DATADOG_API_KEY>', 'DD_API_KEY=00000000000000000000000000000000'],
  },
};

const datadogAppKey: SecretRule = {
  id: 'datadog-app-key',
  name: 'Datadog application key',
  description:
    'A Datadog application key (40 hex digits) assigned to DD_APP_KEY or DATADOG_APPLICATION_KEY: with an API key, reads and changes the organisation as the key’s user.',
  provider: 'datadog',
  identityKind: 'api-key',
  credentialType: 'api-key',
  severity: 'critical',
  pattern: assigned('(?:datadog|dd)[_.-]?app(?:lication)?[_.-]?key', '[0-9a-f]{40}'),
  caseInsensitive: true,
  secretGroup: 1,
  keywords: ['datadog', 'dd_app', 'dd-app', 'dd.app', 'ddapp'],
  minEntropy: 3,
  verify: notPlaceholder,
  examples: {
    positive: ['datadog_application_key: "e0fccf2f4c044d90432c9a6db0ebac5b9dadf19d"'],
    negative: ['datadog_application_key: "{{ dd_app_key }}"', 'DD_APP_KEY=e0fccf2f4c044d90432c9a6db0ebac5b9dad'],
  },
};

const newRelicUserApiKey = prefixedRule({
  id: 'new-relic-user-api-key',
  name: 'New Relic user API key',
  description:
    'A New Relic user key (NRAK-…): queries and configures the accounts its user can reach through NerdGraph.',
  provider: 'new-relic',
  identityKind: 'api-key',
  credentialType: 'api-key',
  severity: 'high',
  prefix: 'NRAK-',
  body: '[0-9A-Z]{27}',
  end: String.raw`\b`,
  positive: [`NEW_RELIC_API_KEY=${glue('NRAK-', 'O0WCDUP62SF9DTJCW9MOB14IYC6')}`],
  negative: ['NEW_RELIC_API_KEY=NRAK-XXXXXXXXXXXXXXXXXXXXXXXXXXX', 'NEW_RELIC_API_KEY=NRAK-O0WCDUP62SF9'],
});

const newRelicInsertKey = prefixedRule({
  id: 'new-relic-insert-key',
  name: 'New Relic Insights insert key',
  description: 'A New Relic Insights insert key (NRII-…): writes custom events into the account.',
  provider: 'new-relic',
  identityKind: 'api-key',
  credentialType: 'api-key',
  severity: 'medium',
  prefix: 'NRII-',
  body: '[0-9A-Za-z_-]{32}',
  positive: [`X-Insert-Key: ${glue('NRII-', 'r9MKlK4yIafPvzXx8ZXFeMUOZUV4YZQY')}`],
  negative: ['X-Insert-Key: NRII-<insert-key>', 'X-Insert-Key: NRII-r9MKlK4yIafP'],
});

const newRelicQueryKey = prefixedRule({
  id: 'new-relic-query-key',
  name: 'New Relic Insights query key',
  description: 'A New Relic Insights query key (NRIQ-…): reads every event in the account with NRQL.',
  provider: 'new-relic',
  identityKind: 'api-key',
  credentialType: 'api-key',
  severity: 'medium',
  prefix: 'NRIQ-',
  body: '[0-9A-Za-z_-]{32}',
  positive: [`X-Query-Key: ${glue('NRIQ-', 'uNyVxM_P01AcQqcxm5ZMAP5q9EAuMuQg')}`],
  negative: ['X-Query-Key: NRIQ-<query-key>', 'X-Query-Key: NRIQ-uNyVxM_P01Ac'],
});

const newRelicLicenseKey: SecretRule = {
  id: 'new-relic-license-key',
  name: 'New Relic license (ingest) key',
  description:
    'A New Relic license key (40 characters ending NRAL): reports APM, infrastructure and log data into the account.',
  provider: 'new-relic',
  identityKind: 'api-key',
  credentialType: 'api-key',
  severity: 'medium',
  pattern: String.raw`\b([0-9a-f]{36}NRAL)\b`,
  secretGroup: 1,
  keywords: ['nral'],
  minEntropy: 3,
  verify: notPlaceholder,
  examples: {
    positive: [`license_key: ${glue('39527ad896ccd09742c124a16adeed373d97', 'NRAL')}`],
    negative: ['license_key: 000000000000000000000000000000000000NRAL', 'license_key: 39527ad896ccd09742c1NRAL'],
  },
};

/** The Sentry server and project id of a DSN (`…@o1.ingest.sentry.io/1234567`). */
function sentryProject(_secret: string, groups: readonly (string | undefined)[]): IdentityHint | null {
  const host = groups[2];
  const project = groups[3];
  return host === undefined || project === undefined
    ? null
    : { type: 'account', provider: 'sentry', account: `${host}/${project}` };
}

const sentryDsn: SecretRule = {
  id: 'sentry-dsn',
  name: 'Sentry DSN with secret key',
  description:
    'The secret key of a legacy Sentry DSN (https://PUBLIC:SECRET@HOST/PROJECT): authenticates as the project to the API. A DSN with only its public key is not reported: Sentry publishes those in browser code by design.',
  provider: 'sentry',
  identityKind: 'api-key',
  credentialType: 'api-key',
  severity: 'medium',
  // A 32-hex user and password and a numeric last path segment is the DSN shape, on sentry.io or
  // on a self-hosted (or GlitchTip) server whose name says nothing.
  pattern: String.raw`https?://[0-9a-f]{32}:([0-9a-f]{32})@([A-Za-z0-9.-]+)(?::[0-9]{1,5})?/(?:[A-Za-z0-9_-]+/)*([0-9]{1,20})\b`,
  secretGroup: 1,
  keywords: ['://'],
  minEntropy: 3,
  verify: notPlaceholder,
  identify: sentryProject,
  examples: {
    positive: [
      `SENTRY_DSN=https://9c99a35be6a92b65c0c7d390e998b0f6:${glue('a0ba9fa90abeb568', '129e1c4439db5f78')}@o918273.ingest.de.sentry.io/4508123456789012`,
      `dsn: "https://a0ba9fa90abeb568129e1c4439db5f78:${glue('9c99a35be6a92b65', 'c0c7d390e998b0f6')}@errors.lumenfreight.example/12"`,
    ],
    negative: [
      'SENTRY_DSN=https://9c99a35be6a92b65c0c7d390e998b0f6@o918273.ingest.de.sentry.io/4508123456789012',
      'SENTRY_DSN=https://examplePublicKey@o0.ingest.sentry.io/0',
      'SENTRY_DSN=https://00000000000000000000000000000000:00000000000000000000000000000000@o1.ingest.sentry.io/1',
    ],
  },
};

/** The organisation a Sentry org token names in its base64 JSON payload. */
function sentryOrg(_secret: string, groups: readonly (string | undefined)[]): IdentityHint | null {
  const json = parseJsonObject(decodeBase64Text(groups[2] ?? '') ?? '');
  const org = json?.org;
  return typeof org === 'string' && org.length > 0 ? { type: 'account', provider: 'sentry', account: org } : null;
}

const sentryOrgToken: SecretRule = {
  id: 'sentry-org-token',
  name: 'Sentry organisation auth token',
  description:
    'A Sentry organisation auth token (sntrys_…): uploads source maps and creates releases for the organisation named inside it.',
  provider: 'sentry',
  identityKind: 'token',
  credentialType: 'token',
  severity: 'high',
  pattern: String.raw`\b(sntrys_(eyJ[0-9A-Za-z+/]{20,}={0,2})_[0-9A-Za-z+/]{43})${BASE64_END}`,
  secretGroup: 1,
  keywords: ['sntrys_'],
  minEntropy: 4,
  verify: notPlaceholder,
  identify: sentryOrg,
  examples: {
    positive: [
      `SENTRY_AUTH_TOKEN=${glue('sntrys_', 'eyJpYXQiOjE3NjM2MDAwMDAuMCwidXJsIjoiaHR0cHM6Ly9zZW50cnkuaW8iLCJyZWdpb25fdXJsIjoiaHR0cHM6Ly9kZS5zZW50cnkuaW8iLCJvcmciOiJsdW1lbi1mcmVpZ2h0In0=', '_PC/Dd+GHTGjBkvRSS9VZnjFuD5+7B9hoc82rYFFkIzv')}`,
    ],
    negative: ['SENTRY_AUTH_TOKEN=sntrys_eyJ...', 'SENTRY_AUTH_TOKEN=sntrys_<token>'],
  },
};

const sentryUserToken = prefixedRule({
  id: 'sentry-user-token',
  name: 'Sentry user auth token',
  description: 'A Sentry user auth token (sntryu_…): calls the Sentry API as its user, within its scopes.',
  provider: 'sentry',
  identityKind: 'human',
  severity: 'high',
  prefix: 'sntryu_',
  body: '[0-9a-f]{64}',
  end: String.raw`\b`,
  positive: [
    `SENTRY_AUTH_TOKEN=${glue('sntryu_', '5dbfa06dfface700d58ca0f68d8f91a4d5ecc859147c19c56719b807e075a557')}`,
  ],
  negative: ['SENTRY_AUTH_TOKEN=sntryu_<user-token>', `SENTRY_AUTH_TOKEN=sntryu_${'f'.repeat(64)}`],
});

const sentryLegacyAuthToken: SecretRule = {
  id: 'sentry-legacy-auth-token',
  name: 'Sentry auth token (legacy format)',
  description:
    'A Sentry auth token in the format before prefixes (64 hex digits) assigned to SENTRY_AUTH_TOKEN or a Sentry token setting: calls the API as its user or integration.',
  provider: 'sentry',
  identityKind: 'token',
  credentialType: 'token',
  severity: 'high',
  pattern: assigned('sentry[_.-]?(?:auth[_.-]?|api[_.-]?)?token', '[0-9a-f]{64}'),
  caseInsensitive: true,
  secretGroup: 1,
  keywords: ['sentry'],
  minEntropy: 3,
  verify: notPlaceholder,
  examples: {
    positive: ['SENTRY_AUTH_TOKEN=330aa470d41c62d0b95f0e5082f08ee373395afab2d2ddc439ed27eb8172e3aa'],
    negative: ['SENTRY_AUTH_TOKEN=${{ secrets.SENTRY_AUTH_TOKEN }}', 'SENTRY_AUTH_TOKEN=330aa470d41c62d0b95f0e50'],
  },
};

/** The stack (organisation) a Grafana Cloud token names in its base64 JSON payload. */
function grafanaOrg(_secret: string, groups: readonly (string | undefined)[]): IdentityHint | null {
  const json = parseJsonObject(decodeBase64Text(groups[2] ?? '') ?? '');
  const org = json?.o;
  const name = json?.n;
  if (typeof org !== 'string' || org.length === 0) return null;
  return { type: 'account', provider: 'grafana', account: typeof name === 'string' ? `${org}/${name}` : org };
}

const grafanaCloudToken: SecretRule = {
  id: 'grafana-cloud-token',
  name: 'Grafana Cloud access policy token',
  description:
    'A Grafana Cloud access policy or API token (glc_…): reads or writes metrics, logs and traces, or manages stacks, as its access policy allows.',
  provider: 'grafana',
  identityKind: 'token',
  credentialType: 'token',
  severity: 'high',
  pattern: String.raw`\b(glc_(eyJ[0-9A-Za-z+/]{30,}={0,2}))${BASE64_END}`,
  secretGroup: 1,
  keywords: ['glc_'],
  minEntropy: 4,
  verify: notPlaceholder,
  identify: grafanaOrg,
  examples: {
    positive: [
      `GRAFANA_CLOUD_TOKEN=${glue('glc_', 'eyJvIjoiOTE4MjczIiwibiI6Imx1bWVuLWNpLXB1Ymxpc2hlciIsImsiOiJIcThSMnZXbTV6VDF4THA5S2M0TjdiWWQiLCJtIjp7InIiOiJwcm9kLWV1LXdlc3QtMiJ9fQ==')}`,
    ],
    negative: ['GRAFANA_CLOUD_TOKEN=glc_eyJ...', 'GRAFANA_CLOUD_TOKEN=glc_<token>'],
  },
};

const grafanaServiceAccountToken = prefixedRule({
  id: 'grafana-service-account-token',
  name: 'Grafana service account token',
  description: 'A Grafana service account token (glsa_…): calls the Grafana API as the service account and its role.',
  provider: 'grafana',
  identityKind: 'service-account',
  severity: 'high',
  prefix: 'glsa_',
  body: '[0-9A-Za-z]{32}_[0-9a-f]{8}',
  end: String.raw`\b`,
  positive: [`GRAFANA_TOKEN=${glue('glsa_', 'V80Do60nWNX79feAEbrGwoCNJTSJfsxc', '_2edf384e')}`],
  negative: ['GRAFANA_TOKEN=glsa_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_xxxxxxxx', 'GRAFANA_TOKEN=glsa_V80Do60nWNX79feA'],
});

const grafanaApiKey = prefixedRule({
  id: 'grafana-api-key',
  name: 'Grafana API key (legacy)',
  description:
    'A legacy Grafana API key (eyJrIjoi…, base64 JSON): calls the Grafana API with the key’s role in its organisation.',
  provider: 'grafana',
  identityKind: 'api-key',
  credentialType: 'api-key',
  severity: 'high',
  prefix: 'eyJrIjoi',
  body: '[0-9A-Za-z+/]{60,}={0,2}',
  end: BASE64_END,
  minEntropy: 4,
  positive: [
    `Authorization: Bearer ${glue('eyJrIjoi', 'VnQ1UnEyTG04WngxUHc3TmM0SmI5WXMzSGQ2R2YwS2EiLCJuIjoiY2ktZGFzaGJvYXJkcyIsImlkIjo3fQ==')}`,
  ],
  negative: ['Authorization: Bearer eyJrIjoiAAAA', 'Authorization: Bearer eyJrIjoi<api-key>'],
});

const dynatraceApiToken = prefixedRule({
  id: 'dynatrace-api-token',
  name: 'Dynatrace API token',
  description:
    'A Dynatrace API or platform token (dt0c01.…): reads or changes the environment within the token’s scopes.',
  provider: 'dynatrace',
  identityKind: 'api-key',
  severity: 'high',
  prefix: 'dt0c01.',
  body: String.raw`[0-9A-Z]{24}\.[0-9A-Z]{64}`,
  end: String.raw`\b`,
  minEntropy: 4,
  positive: [
    `Authorization: Api-Token ${glue('dt0c01.', '1YB022E52EJXWD87OWDMXOAL.', '66PXSAQ6VPIBPC7CKRRWXZRIRYC1ZZHGS6DPEAPU0K8SXLJ5I29Y49ZYVWADM84D')}`,
  ],
  negative: ['Authorization: Api-Token dt0c01.XXXXXXXXXXXXXXXXXXXXXXXX.<secret>', 'dt0c01.1YB022E52EJXWD87OWDMXOAL'],
});

const splunkHecToken: SecretRule = {
  id: 'splunk-hec-token',
  name: 'Splunk HTTP Event Collector token',
  description:
    'A Splunk HTTP Event Collector token (a UUID sent as Authorization: Splunk … or assigned to a Splunk token setting): writes events into the indexes the token allows.',
  provider: 'splunk',
  identityKind: 'token',
  credentialType: 'token',
  severity: 'medium',
  pattern: String.raw`(?:Splunk[ \t]+|splunk[_.-]?(?:hec[_.-]?)?token["']?[ \t]*[=:][ \t]*["']?)(${UUID})\b`,
  caseInsensitive: true,
  secretGroup: 1,
  keywords: ['splunk'],
  minEntropy: 3,
  verify: notPlaceholder,
  examples: {
    positive: [
      'curl -H "Authorization: Splunk 13527ebc-bd4c-4a83-98b5-2adc741709f7" https://splunk.lumenfreight.example:8088/services/collector',
      'splunk_hec_token: 13527ebc-bd4c-4a83-98b5-2adc741709f7',
    ],
    negative: ['Authorization: Splunk 00000000-0000-0000-0000-000000000000', 'Authorization: Splunk $HEC_TOKEN'],
  },
};

const rollbarAccessToken: SecretRule = {
  id: 'rollbar-access-token',
  name: 'Rollbar access token',
  description:
    'A Rollbar project or account access token (32 hex digits) assigned to a Rollbar token setting: posts items, or with read and write scope reads and changes the project.',
  provider: 'rollbar',
  identityKind: 'token',
  credentialType: 'token',
  severity: 'medium',
  pattern: assigned(
    'rollbar[_.-]?(?:(?:post[_.-]?)?(?:server|client|read|write|account)?[_.-]?)?(?:access[_.-]?)?token',
    '[0-9a-f]{32}',
  ),
  caseInsensitive: true,
  secretGroup: 1,
  keywords: ['rollbar'],
  minEntropy: 3,
  verify: notPlaceholder,
  examples: {
    positive: ['ROLLBAR_ACCESS_TOKEN=9c99a35be6a92b65c0c7d390e998b0f6'],
    negative: [
      'ROLLBAR_ACCESS_TOKEN=POST_SERVER_ITEM_ACCESS_TOKEN',
      'ROLLBAR_ACCESS_TOKEN=00000000000000000000000000000000',
    ],
  },
};

/** Observability credentials. */
export const OBSERVABILITY_RULES: readonly SecretRule[] = [
  datadogApiKey,
  datadogAppKey,
  newRelicUserApiKey,
  newRelicInsertKey,
  newRelicQueryKey,
  newRelicLicenseKey,
  sentryDsn,
  sentryOrgToken,
  sentryUserToken,
  sentryLegacyAuthToken,
  grafanaCloudToken,
  grafanaServiceAccountToken,
  grafanaApiKey,
  dynatraceApiToken,
  splunkHecToken,
  rollbarAccessToken,
];
