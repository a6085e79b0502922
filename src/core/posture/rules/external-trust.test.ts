import { describe, expect, it } from 'vitest';
import { makeContext, makeIdentity } from '../testing.js';
import { externalTrustRule } from './external-trust.js';

const role = (externalId: string, trust: unknown) => makeIdentity({ externalId, kind: 'role', attributes: { trust } });

describe('external-trust', () => {
  it('flags a role trusted by an external account as critical, naming the account', () => {
    const [finding] = externalTrustRule.evaluate(
      role('role/vendor-audit', { externalAccounts: ['111122223333'] }),
      makeContext(),
    );
    expect(finding).toMatchObject({
      id: 'external-trust:aws:role/vendor-audit',
      severity: 'critical',
      owasp: ['NHI3'],
      evidence: { externalAccounts: '111122223333', anyPrincipal: false },
    });
    expect(finding?.summary).toContain('111122223333');
  });

  it('flags a role any principal may assume as critical', () => {
    const [finding] = externalTrustRule.evaluate(role('role/open', { anyPrincipal: true }), makeContext());
    expect(finding).toMatchObject({ severity: 'critical', evidence: { anyPrincipal: true } });
  });

  it('flags a federated role as medium, saying which provider', () => {
    const [finding] = externalTrustRule.evaluate(
      role('role/gha-deploy', { federated: ['token.actions.githubusercontent.com'] }),
      makeContext(),
    );
    expect(finding).toMatchObject({ severity: 'medium', owasp: ['NHI6'] });
    expect(finding?.summary).toContain('token.actions.githubusercontent.com');
  });

  it('flags an outside collaborator', () => {
    const person = makeIdentity({
      externalId: 'octo-contractor',
      provider: 'github',
      kind: 'human',
      attributes: { outsideCollaborator: true },
    });
    expect(externalTrustRule.evaluate(person, makeContext())[0]?.severity).toBe('medium');
  });

  it('does not flag a role trusted only inside its account (control)', () => {
    expect(
      externalTrustRule.evaluate(role('role/internal', { externalAccounts: [], federated: [] }), makeContext()),
    ).toEqual([]);
  });

  it('ignores malformed trust attributes instead of failing (control)', () => {
    expect(
      externalTrustRule.evaluate(role('role/odd', { externalAccounts: 'oops', anyPrincipal: 'yes' }), makeContext()),
    ).toEqual([]);
    expect(externalTrustRule.evaluate(role('role/odd2', 42), makeContext())).toEqual([]);
  });

  it('reads trust only on roles (control)', () => {
    const sa = makeIdentity({ externalId: 'sa', attributes: { trust: { anyPrincipal: true } } });
    expect(externalTrustRule.evaluate(sa, makeContext())).toEqual([]);
  });
});
