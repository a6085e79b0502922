import { describe, expect, it } from 'vitest';
import { evaluateIdentity, evaluatePosture, FindingSchema, RULE_CODES } from './findings.js';
import { DEFAULT_POSTURE_CONFIG, PostureConfigSchema } from './posture-config.js';
import { POSTURE_RULES } from './rules/all-rules.js';
import { smallEstate } from './small-estate.js';
import { ADMIN_STATEMENT, makeCredential, makeEntitlement, makeIdentity, TEST_NOW } from './testing.js';

const { identities, policies } = smallEstate();

describe('evaluatePosture', () => {
  it('runs one rule per rule code', () => {
    expect(POSTURE_RULES.map((r) => r.code).sort()).toEqual([...RULE_CODES].sort());
  });

  it('finds the planted problems of the small estate, most severe first', () => {
    const findings = evaluatePosture({ identities, policies, config: DEFAULT_POSTURE_CONFIG, now: TEST_NOW });
    expect(findings.map((f) => f.id)).toEqual([
      'wildcard-admin:aws:role/ops-admin',
      'deleted-with-credentials:aws:user/old-batch',
      'human-without-mfa:okta:00u1carlos',
      'unrotated-credential:aws:user/ci:AKIACI',
      'orphaned:slack:B0LUMEN01',
      'unrotated-credential:slack:B0LUMEN01:bot-token',
      'credential-no-expiry:aws:user/ci:AKIACI',
      'credential-no-expiry:slack:B0LUMEN01:bot-token',
    ]);
  });

  it('produces findings that pass FindingSchema', () => {
    const findings = evaluatePosture({ identities, policies, config: DEFAULT_POSTURE_CONFIG, now: TEST_NOW });
    for (const finding of findings) expect(FindingSchema.parse(finding)).toEqual(finding);
  });

  it('keeps findings within FindingSchema bounds when names are at their longest', () => {
    const group = makeIdentity({
      externalId: `group/${'g'.repeat(2000)}`,
      kind: 'group',
      name: 'n'.repeat(512),
      entitlements: [makeEntitlement({ name: 'p'.repeat(512), via: 'v'.repeat(1024), statements: [ADMIN_STATEMENT] })],
    });
    const bot = makeIdentity({
      externalId: 'bot',
      kind: 'bot',
      name: 'b'.repeat(512),
      owner: null,
      memberOf: [group.id],
    });
    const findings = evaluatePosture({
      identities: [group, bot],
      policies: new Map(),
      config: DEFAULT_POSTURE_CONFIG,
      now: TEST_NOW,
    });
    expect(findings.map((f) => f.rule)).toEqual(['wildcard-admin', 'orphaned']);
    for (const finding of findings) expect(FindingSchema.safeParse(finding).success).toBe(true);
  });

  it('is deterministic whatever the input order', () => {
    const a = evaluatePosture({ identities, policies, config: DEFAULT_POSTURE_CONFIG, now: TEST_NOW });
    const b = evaluatePosture({
      identities: [...identities].reverse(),
      policies,
      config: DEFAULT_POSTURE_CONFIG,
      now: TEST_NOW,
    });
    expect(b).toEqual(a);
  });

  it('drops findings below config.minSeverity', () => {
    const config = PostureConfigSchema.parse({ minSeverity: 'high' });
    const findings = evaluatePosture({ identities, policies, config, now: TEST_NOW });
    expect(new Set(findings.map((f) => f.severity))).toEqual(new Set(['critical', 'high']));
  });

  it('gives no findings for a clean identity', () => {
    const clean = makeIdentity({
      externalId: 'user/clean',
      credentials: [makeCredential({ id: 'AKIACLEAN' })],
    });
    expect(
      evaluatePosture({ identities: [clean], policies: new Map(), config: DEFAULT_POSTURE_CONFIG, now: TEST_NOW }),
    ).toEqual([]);
  });
});

describe('evaluateIdentity', () => {
  it('gives the same findings for one identity as the full run does', () => {
    const all = evaluatePosture({ identities, policies, config: DEFAULT_POSTURE_CONFIG, now: TEST_NOW });
    for (const identity of identities) {
      expect(
        evaluateIdentity({ identity, identities, policies, config: DEFAULT_POSTURE_CONFIG, now: TEST_NOW }),
      ).toEqual(all.filter((f) => f.identityId === identity.id));
    }
  });

  it('clears the orphaned finding after an owner edit', () => {
    const bot = identities.find((i) => i.id === 'slack:B0LUMEN01');
    if (bot === undefined) throw new Error('fixture missing the Slack bot');
    const owned = { ...bot, owner: { name: 'team-support', source: 'edit' as const, detail: 'alice' } };
    const findings = evaluateIdentity({
      identity: owned,
      identities,
      policies,
      config: DEFAULT_POSTURE_CONFIG,
      now: TEST_NOW,
    });
    expect(findings.map((f) => f.rule)).not.toContain('orphaned');
  });
});
