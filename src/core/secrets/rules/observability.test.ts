import RE2 from 're2';
import { describe, expect, it } from 'vitest';
import type { SecretRule } from '../secret-rule.js';
import { OBSERVABILITY_RULES } from './observability.js';
import { glue } from './shared.js';
import { type CompilePattern, expectSecrets, hintOf, ruleIn, secretsFound } from './testing.js';

const re2: CompilePattern = (pattern, flags) => new RE2(pattern, flags);
const rule = (id: string): SecretRule => ruleIn(OBSERVABILITY_RULES, id);

describe('observability rules', () => {
  it('find the expected secrets in their examples', () => {
    const expected: Record<string, string[]> = {
      'datadog-api-key': ['c6a500ae47345edad4953ea147e67507', 'c6a500ae47345edad4953ea147e67507'],
      'datadog-app-key': ['e0fccf2f4c044d90432c9a6db0ebac5b9dadf19d'],
      'new-relic-user-api-key': [glue('NRAK-', 'O0WCDUP62SF9DTJCW9MOB14IYC6')],
      'new-relic-insert-key': [glue('NRII-', 'r9MKlK4yIafPvzXx8ZXFeMUOZUV4YZQY')],
      'new-relic-query-key': [glue('NRIQ-', 'uNyVxM_P01AcQqcxm5ZMAP5q9EAuMuQg')],
      'new-relic-license-key': [glue('39527ad896ccd09742c124a16adeed373d97', 'NRAL')],
      'sentry-dsn': ['a0ba9fa90abeb568129e1c4439db5f78', '9c99a35be6a92b65c0c7d390e998b0f6'],
      'sentry-user-token': [glue('sntryu_', '5dbfa06dfface700d58ca0f68d8f91a4d5ecc859147c19c56719b807e075a557')],
      'sentry-legacy-auth-token': ['330aa470d41c62d0b95f0e5082f08ee373395afab2d2ddc439ed27eb8172e3aa'],
      'grafana-service-account-token': [glue('glsa_', 'V80Do60nWNX79feAEbrGwoCNJTSJfsxc', '_2edf384e')],
      'dynatrace-api-token': [
        glue(
          'dt0c01.',
          '1YB022E52EJXWD87OWDMXOAL.',
          '66PXSAQ6VPIBPC7CKRRWXZRIRYC1ZZHGS6DPEAPU0K8SXLJ5I29Y49ZYVWADM84D',
        ),
      ],
      'splunk-hec-token': ['13527ebc-bd4c-4a83-98b5-2adc741709f7', '13527ebc-bd4c-4a83-98b5-2adc741709f7'],
      'rollbar-access-token': ['9c99a35be6a92b65c0c7d390e998b0f6'],
    };
    for (const [id, secrets] of Object.entries(expected)) expectSecrets(rule(id), secrets, re2);
  });

  it('takes whole Sentry org tokens, Grafana Cloud tokens and legacy Grafana keys', () => {
    const shapes: Record<string, RegExp> = {
      'sentry-org-token': /^sntrys_eyJ[0-9A-Za-z+/]+=*_[0-9A-Za-z+/]{43}$/,
      'grafana-cloud-token': /^glc_eyJ[0-9A-Za-z+/]+==$/,
      'grafana-api-key': /^eyJrIjoi[0-9A-Za-z+/]+==$/,
    };
    for (const [id, shape] of Object.entries(shapes)) {
      const [secret] = secretsFound(rule(id), rule(id).examples.positive[0] ?? '', re2);
      expect(secret, id).toMatch(shape);
    }
  });

  it('names the Sentry server and project of a DSN', () => {
    expect(hintOf(rule('sentry-dsn'), 0, re2)).toEqual({
      type: 'account',
      provider: 'sentry',
      account: 'o918273.ingest.de.sentry.io/4508123456789012',
    });
  });

  it('names the organisation inside a Sentry org token', () => {
    expect(hintOf(rule('sentry-org-token'), 0, re2)).toEqual({
      type: 'account',
      provider: 'sentry',
      account: 'lumen-freight',
    });
  });

  it('names the stack and policy inside a Grafana Cloud token', () => {
    expect(hintOf(rule('grafana-cloud-token'), 0, re2)).toEqual({
      type: 'account',
      provider: 'grafana',
      account: '918273/lumen-ci-publisher',
    });
  });
});
