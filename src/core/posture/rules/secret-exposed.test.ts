import { describe, expect, it } from 'vitest';
import type { SecretExposure } from '../../secrets/secret-exposure.js';
import { evaluatePosture } from '../findings.js';
import { DEFAULT_POSTURE_CONFIG } from '../posture-config.js';
import { makeIdentity, TEST_NOW } from '../testing.js';

const exposure = (identityId: string, overrides: Partial<SecretExposure> = {}): SecretExposure => ({
  fingerprint: 'f'.repeat(64),
  identityId,
  ruleId: 'aws-access-key-id',
  ruleName: 'AWS access key ID',
  path: 'deploy/.env',
  line: 3,
  commitSha: null,
  redacted: 'AKIA…Z7QX',
  linkedBy: 'aws-access-key-id',
  firstSeenAt: TEST_NOW.toISOString(),
  lastSeenAt: TEST_NOW.toISOString(),
  ...overrides,
});

describe('secret-exposed', () => {
  const ci = makeIdentity({ externalId: 'user/ci' });
  const quiet = makeIdentity({ externalId: 'user/quiet' });

  it('flags an identity whose credential was found in a file, naming where, never the secret', () => {
    const findings = evaluatePosture({
      identities: [ci, quiet],
      policies: new Map(),
      config: DEFAULT_POSTURE_CONFIG,
      now: TEST_NOW,
      exposures: new Map([
        [ci.id, [exposure(ci.id), exposure(ci.id, { path: 'ci.yml', line: 9, commitSha: 'abcdef0123456789' })]],
      ]),
    }).filter((f) => f.rule === 'secret-exposed');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ identityId: ci.id, severity: 'high', owasp: ['NHI2'] });
    expect(findings[0]?.summary).toContain('deploy/.env:3 and 1 more place');
    expect(findings[0]?.evidence.where).toContain('ci.yml:9 (commit abcdef012345)');
  });

  it('does not flag identities without exposures (control)', () => {
    const findings = evaluatePosture({
      identities: [quiet],
      policies: new Map(),
      config: DEFAULT_POSTURE_CONFIG,
      now: TEST_NOW,
    });
    expect(findings.filter((f) => f.rule === 'secret-exposed')).toEqual([]);
  });
});
