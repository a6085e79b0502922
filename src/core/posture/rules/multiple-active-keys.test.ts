import { describe, expect, it } from 'vitest';
import { makeContext, makeCredential, makeIdentity } from '../testing.js';
import { multipleActiveKeysRule } from './multiple-active-keys.js';

describe('multiple-active-keys', () => {
  it('flags more active keys than maxActiveKeys', () => {
    const sa = makeIdentity({
      externalId: 'ci',
      credentials: [makeCredential({ id: 'AKIAB' }), makeCredential({ id: 'AKIAA', type: 'api-key' })],
    });
    const [finding] = multipleActiveKeysRule.evaluate(sa, makeContext());
    expect(finding).toMatchObject({
      id: 'multiple-active-keys:aws:ci',
      severity: 'medium',
      evidence: { activeKeys: 2, maxActiveKeys: 1, keyIds: 'AKIAA, AKIAB' },
    });
  });

  it('does not flag one active key beside inactive ones (control)', () => {
    const sa = makeIdentity({
      externalId: 'ci',
      credentials: [makeCredential({ id: 'AKIAB' }), makeCredential({ id: 'AKIAA', status: 'inactive' })],
    });
    expect(multipleActiveKeysRule.evaluate(sa, makeContext())).toEqual([]);
  });

  it('honours config.maxActiveKeys (control)', () => {
    const sa = makeIdentity({
      externalId: 'ci',
      credentials: [makeCredential({ id: 'AKIAB' }), makeCredential({ id: 'AKIAA' })],
    });
    expect(multipleActiveKeysRule.evaluate(sa, makeContext({ config: { maxActiveKeys: 2 } }))).toEqual([]);
  });
});
