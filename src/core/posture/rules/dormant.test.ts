import { describe, expect, it } from 'vitest';
import { daysAgo, makeContext, makeCredential, makeIdentity } from '../testing.js';
import { dormantRule } from './dormant.js';

describe('dormant', () => {
  it('flags an identity last used longer ago than dormantDays', () => {
    const sa = makeIdentity({ externalId: 'old-etl', createdAt: daysAgo(400), lastUsedAt: daysAgo(120) });
    const [finding] = dormantRule.evaluate(sa, makeContext());
    expect(finding).toMatchObject({
      id: 'dormant:aws:old-etl',
      severity: 'medium',
      evidence: { neverUsed: false, daysSinceLastUse: 120, dormantDays: 90 },
    });
  });

  it('takes the latest use across the identity and its credentials', () => {
    const sa = makeIdentity({
      externalId: 'key-user',
      createdAt: daysAgo(400),
      lastUsedAt: daysAgo(200),
      credentials: [makeCredential({ id: 'AKIA1', lastUsedAt: daysAgo(5) })],
    });
    expect(dormantRule.evaluate(sa, makeContext())).toEqual([]);
  });

  it('flags an identity never used and created longer ago than dormantDays, and says so', () => {
    const sa = makeIdentity({ externalId: 'never', createdAt: daysAgo(100), lastUsedAt: null });
    const [finding] = dormantRule.evaluate(sa, makeContext());
    expect(finding?.evidence).toMatchObject({ neverUsed: true, daysSinceCreated: 100 });
    expect(finding?.summary).toContain('no recorded use');
  });

  it('does not call an identity never used when its source records no use at all (control)', () => {
    const sa = makeIdentity({ externalId: 'k8s-sa', createdAt: daysAgo(400), lastUsedAt: null, usageTracked: false });
    expect(dormantRule.evaluate(sa, makeContext())).toEqual([]);
  });

  it('still flags an untracked identity whose credential reports an old use', () => {
    const sa = makeIdentity({
      externalId: 'k8s-sa-token',
      lastUsedAt: null,
      usageTracked: false,
      credentials: [makeCredential({ id: 'ns/token', lastUsedAt: daysAgo(150) })],
    });
    expect(dormantRule.evaluate(sa, makeContext())).toHaveLength(1);
  });

  it('honours config.dormantDays', () => {
    const sa = makeIdentity({ externalId: 'x', lastUsedAt: daysAgo(40) });
    expect(dormantRule.evaluate(sa, makeContext({ config: { dormantDays: 30 } }))).toHaveLength(1);
  });

  it('does not flag a recently used identity (control)', () => {
    const sa = makeIdentity({ externalId: 'busy', createdAt: daysAgo(400), lastUsedAt: daysAgo(3) });
    expect(dormantRule.evaluate(sa, makeContext())).toEqual([]);
  });

  it('does not flag a new, unused identity (control)', () => {
    const sa = makeIdentity({ externalId: 'new', createdAt: daysAgo(10), lastUsedAt: null });
    expect(dormantRule.evaluate(sa, makeContext())).toEqual([]);
  });

  it('does not flag identities that cannot be used on their own, nor deleted ones (control)', () => {
    const group = makeIdentity({ externalId: 'g', kind: 'group', createdAt: daysAgo(400), lastUsedAt: null });
    const workload = makeIdentity({ externalId: 'w', kind: 'workload', createdAt: daysAgo(400), lastUsedAt: null });
    const deleted = makeIdentity({ externalId: 'd', status: 'deleted', createdAt: daysAgo(400), lastUsedAt: null });
    for (const identity of [group, workload, deleted])
      expect(dormantRule.evaluate(identity, makeContext())).toEqual([]);
  });
});
