import { describe, expect, it } from 'vitest';
import { diffScores, type IdentityScore } from './snapshot.js';

const score = (identityId: string, value: number, admin: IdentityScore['admin'] = 'none'): IdentityScore => ({
  identityId,
  score: value,
  admin,
});

describe('diffScores', () => {
  it('sorts identities into newly admin, no longer admin, and other changes', () => {
    const before = [score('a', 10), score('b', 130, 'escalates'), score('c', 5), score('d', 7), score('gone', 3)];
    const after = [score('a', 140, 'escalates'), score('b', 20), score('c', 9), score('d', 7), score('new', 1)];
    const diff = diffScores(before, after);
    expect(diff.newlyAdmin.map((c) => [c.identityId, c.delta])).toEqual([['a', 130]]);
    expect(diff.noLongerAdmin.map((c) => [c.identityId, c.delta])).toEqual([['b', -110]]);
    expect(diff.changed.map((c) => [c.identityId, c.delta])).toEqual([
      ['c', 4],
      ['new', 1],
      ['gone', -3],
    ]);
    expect(diff.totalBefore).toBe(155);
    expect(diff.totalAfter).toBe(177);
  });

  it('reports a change of administrator kind at the same score', () => {
    const diff = diffScores([score('a', 100, 'escalates')], [score('a', 100, 'equivalent')]);
    expect(diff.changed.map((c) => [c.before?.admin, c.after?.admin])).toEqual([['escalates', 'equivalent']]);
  });
});
