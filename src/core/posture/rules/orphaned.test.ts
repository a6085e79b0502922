import { describe, expect, it } from 'vitest';
import { ADMIN_STATEMENT, makeContext, makeEntitlement, makeIdentity } from '../testing.js';
import { orphanedRule } from './orphaned.js';

describe('orphaned', () => {
  it('flags a live non-human identity without an owner, medium without admin', () => {
    const bot = makeIdentity({ externalId: 'B0SLACK', provider: 'slack', kind: 'bot', owner: null });
    const [finding, ...rest] = orphanedRule.evaluate(bot, makeContext({ identities: [bot] }));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      id: 'orphaned:slack:B0SLACK',
      rule: 'orphaned',
      severity: 'medium',
      credentialId: null,
      owasp: ['NHI1'],
      evidence: { holdsAdmin: false },
    });
    expect(finding?.summary).toContain('"B0SLACK"');
  });

  it('is high when the unowned identity holds admin', () => {
    const role = makeIdentity({
      externalId: 'role/ops',
      kind: 'role',
      owner: null,
      entitlements: [makeEntitlement({ name: 'admin', statements: [ADMIN_STATEMENT] })],
    });
    expect(orphanedRule.evaluate(role, makeContext({ identities: [role] }))[0]?.severity).toBe('high');
  });

  it('does not flag an owned identity (control)', () => {
    const owned = makeIdentity({ externalId: 'ci' });
    expect(orphanedRule.evaluate(owned, makeContext())).toEqual([]);
  });

  it('does not flag people, groups or deleted identities (control)', () => {
    const ctx = makeContext();
    expect(orphanedRule.evaluate(makeIdentity({ externalId: 'p', kind: 'human', owner: null }), ctx)).toEqual([]);
    expect(orphanedRule.evaluate(makeIdentity({ externalId: 'g', kind: 'group', owner: null }), ctx)).toEqual([]);
    const gone = makeIdentity({ externalId: 'd', owner: null, deletedAt: '2026-11-01T00:00:00.000Z' });
    expect(orphanedRule.evaluate(gone, ctx)).toEqual([]);
  });
});
