import { describe, expect, it } from 'vitest';
import { evaluatePosture } from './findings.js';
import { computeMetrics, ProgrammeMetricsSchema } from './metrics.js';
import { DEFAULT_POSTURE_CONFIG } from './posture-config.js';
import { smallEstate } from './small-estate.js';
import { makeIdentity, TEST_NOW } from './testing.js';

describe('computeMetrics', () => {
  const { identities, policies } = smallEstate();
  const findings = evaluatePosture({ identities, policies, config: DEFAULT_POSTURE_CONFIG, now: TEST_NOW });
  const metrics = computeMetrics({ identities, findings, policies, now: TEST_NOW });

  it('matches the hand-computed figures of the small estate', () => {
    expect(metrics).toEqual({
      at: '2026-11-20T12:00:00.000Z',
      identities: 8,
      byKind: {
        human: 3,
        'service-account': 1,
        role: 1,
        group: 1,
        'access-key': 0,
        'api-key': 0,
        token: 0,
        certificate: 0,
        workload: 0,
        bot: 1,
        'ai-agent': 1,
      },
      byProvider: { aws: 3, okta: 3, openai: 1, slack: 1 },
      nonHuman: 4,
      deleted: 1,
      policies: 1,
      nonHumanWithOwner: 3,
      ownedPercent: 75,
      nonHumanCredentials: 3,
      nonHumanCredentialsWithExpiry: 1,
      credentialsWithExpiryPercent: 33.3,
      humansWithKnownMfa: 2,
      humansWithMfa: 1,
      humanMfaPercent: 50,
      // (100 + 200 + 11 + 50) / 4 = 90.25
      meanCredentialAgeDays: 90.3,
      standingAdmins: 1,
      findings: 8,
      findingsBySeverity: { critical: 1, high: 2, medium: 3, low: 2 },
    });
  });

  it('passes its schema', () => {
    expect(ProgrammeMetricsSchema.parse(metrics)).toEqual(metrics);
  });

  it('gives null percentages and means when there is nothing to divide by', () => {
    const empty = computeMetrics({ identities: [], findings: [], policies: new Map(), now: TEST_NOW });
    expect(empty).toMatchObject({
      identities: 0,
      ownedPercent: null,
      credentialsWithExpiryPercent: null,
      humanMfaPercent: null,
      meanCredentialAgeDays: null,
      standingAdmins: 0,
    });
  });

  it('gives null MFA coverage when no source reports MFA', () => {
    const people = [makeIdentity({ externalId: 'p1', kind: 'human', mfaEnabled: null })];
    expect(
      computeMetrics({ identities: people, findings: [], policies: new Map(), now: TEST_NOW }).humanMfaPercent,
    ).toBeNull();
  });
});
