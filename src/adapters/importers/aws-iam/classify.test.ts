import { describe, expect, it } from 'vitest';
import { classifyUser } from './classify.js';

const user = (name: string, path = '/', tags: Record<string, string> = {}) => classifyUser({ name, path, tags });

describe('classifyUser', () => {
  it.each([
    'svc-reporting',
    'reporting-svc',
    'payments_service',
    'reportingservice',
    'release-bot',
    'ci-deploy',
    'build-ci',
    'deployer',
    'automation-user',
    'terraform-cloud',
    'jenkins',
    'github-actions',
    'gitlab-runner',
    'data-pipeline',
    'app-invoicing',
    'api-gateway-caller',
  ])('takes %s for a service account', (name) => {
    expect(user(name).kind).toBe('service-account');
  });

  it.each(['bob.martin', 'alice.nguyen@lumenfreight.example', 'frank.li', 'appleby', 'apiña', 'app', 'grace'])(
    'takes %s for a person',
    (name) => {
      expect(user(name)).toEqual({ kind: 'human', reason: 'no machine marker in name or path' });
    },
  );

  it('takes a user under a /service/ path for a service account', () => {
    expect(user('reporting', '/service/')).toEqual({ kind: 'service-account', reason: 'path has "service"' });
  });

  it('lets a vigil:kind tag win over the name', () => {
    expect(user('github-admin', '/', { 'vigil:kind': 'human' })).toEqual({
      kind: 'human',
      reason: 'tag vigil:kind=human',
    });
    expect(user('datadog', '/', { Kind: 'Service-Account' })).toEqual({
      kind: 'service-account',
      reason: 'tag Kind=Service-Account',
    });
  });

  it('prefers vigil:kind over kind', () => {
    expect(user('x', '/', { kind: 'human', 'vigil:kind': 'machine' }).kind).toBe('service-account');
  });

  it('ignores a kind tag with an unknown value', () => {
    expect(user('svc-x', '/', { kind: 'frontend' }).kind).toBe('service-account');
  });
});
