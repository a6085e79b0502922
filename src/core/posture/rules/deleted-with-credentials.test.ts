import { describe, expect, it } from 'vitest';
import { makeContext, makeCredential, makeIdentity } from '../testing.js';
import { deletedWithCredentialsRule } from './deleted-with-credentials.js';

describe('deleted-with-credentials', () => {
  it('flags an upstream-deleted identity with an active credential as high', () => {
    const gone = makeIdentity({
      externalId: 'user/old-batch',
      status: 'deleted',
      credentials: [makeCredential({ id: 'AKIAZ' }), makeCredential({ id: 'AKIAY', status: 'inactive' })],
    });
    const [finding] = deletedWithCredentialsRule.evaluate(gone, makeContext());
    expect(finding).toMatchObject({
      id: 'deleted-with-credentials:aws:user/old-batch',
      severity: 'high',
      owasp: ['NHI1'],
      evidence: { activeCredentials: 1, credentialIds: 'AKIAZ' },
    });
  });

  it('does not flag a deleted identity whose credentials are all inactive (control)', () => {
    const gone = makeIdentity({
      externalId: 'user/clean',
      status: 'deleted',
      credentials: [makeCredential({ id: 'AKIAY', status: 'inactive' })],
    });
    expect(deletedWithCredentialsRule.evaluate(gone, makeContext())).toEqual([]);
  });

  it('does not flag a live identity with active credentials (control)', () => {
    const live = makeIdentity({ externalId: 'user/live', credentials: [makeCredential({ id: 'AKIAX' })] });
    expect(deletedWithCredentialsRule.evaluate(live, makeContext())).toEqual([]);
  });
});
