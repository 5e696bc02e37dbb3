import { describe, expect, it } from 'vitest';
import { tally } from './tally';

describe('tally', () => {
  it('counts lost ids and extra copies of acked ids only', () => {
    const counts = new Map([
      ['a', 1],
      ['b', 3],
      ['x', 2],
    ]);
    const t = tally(['a', 'b', 'c', 'a'], counts);
    expect(t).toMatchObject({ acked: 3, found: 2, lost: 1, duplicated: 2, lostSample: ['c'], duplicatedSample: ['b×3'] });
  });
});
