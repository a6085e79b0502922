import { describe, expect, it } from 'vitest';
import { CLUSTER_SCOPE, ruleToStatement, selectorMatches } from './rbac-statements.js';

const inData = { kind: 'namespace', namespace: 'data' } as const;

describe('ruleToStatement', () => {
  it('writes the core group as core and keeps other groups', () => {
    expect(ruleToStatement({ apiGroups: ['', 'apps'], resources: ['pods'], verbs: ['get'] }, CLUSTER_SCOPE)).toEqual({
      effect: 'allow',
      actions: ['get'],
      resources: ['core/pods', 'apps/pods'],
      conditional: false,
    });
  });

  it('adds each resource name as a suffix', () => {
    const rule = { apiGroups: [''], resources: ['secrets'], resourceNames: ['a', 'b'], verbs: ['get'] };
    expect(ruleToStatement(rule, inData)?.resources).toEqual([
      'namespaces/data/core/secrets/a',
      'namespaces/data/core/secrets/b',
    ]);
  });

  it('writes everything as * cluster-wide and namespaces/<ns>/* in a namespace', () => {
    const rule = { apiGroups: ['*'], resources: ['*'], verbs: ['*'] };
    expect(ruleToStatement(rule, CLUSTER_SCOPE)?.resources).toEqual(['*']);
    expect(ruleToStatement(rule, inData)?.resources).toEqual(['namespaces/data/*']);
  });

  it('keeps a wildcard group with a named resource as */<resource>', () => {
    expect(
      ruleToStatement({ apiGroups: ['*'], resources: ['secrets'], verbs: ['get'] }, CLUSTER_SCOPE)?.resources,
    ).toEqual(['*/secrets']);
  });

  it('turns non-resource URLs into url: resources cluster-wide and drops them in a namespace', () => {
    const rule = { nonResourceURLs: ['/metrics', '/healthz'], verbs: ['get'] };
    expect(ruleToStatement(rule, CLUSTER_SCOPE)?.resources).toEqual(['url:/metrics', 'url:/healthz']);
    expect(ruleToStatement(rule, inData)).toBeNull();
  });

  it('returns null for a rule without verbs or resources', () => {
    expect(ruleToStatement({ apiGroups: [''], resources: ['pods'], verbs: [] }, CLUSTER_SCOPE)).toBeNull();
    expect(ruleToStatement({ apiGroups: [''], verbs: ['get'] }, CLUSTER_SCOPE)).toBeNull();
  });
});

describe('selectorMatches', () => {
  const labels = { tier: 'ops', 'aggregate-to-view': 'true' };

  it('matches matchLabels', () => {
    expect(selectorMatches({ matchLabels: { tier: 'ops' } }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { tier: 'dev' } }, labels)).toBe(false);
  });

  it('matches each expression operator', () => {
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['ops'] }] }, labels)).toBe(
      true,
    );
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['ops'] }] }, labels)).toBe(
      false,
    );
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, labels)).toBe(false);
  });

  it('matches everything with an empty selector, as Kubernetes does', () => {
    expect(selectorMatches({}, {})).toBe(true);
  });
});
