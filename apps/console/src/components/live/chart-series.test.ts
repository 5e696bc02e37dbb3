import { describe, expect, it } from 'vitest';
import { pivotByStatus, regroup, ruleLabel } from './chart-series';

describe('chart series', () => {
  it('pivots rollup rows to a row per bucket, filling empty buckets', () => {
    const rows = pivotByStatus([{ t: 60_000, status: 'accepted', messages: 2 }, { t: 60_000, status: 'blocked', messages: 1 }], 0, 180_000, 60_000);
    expect(rows.map((r) => [r.t, r.accepted, r.blocked])).toEqual([
      [0, 0, 0],
      [60_000, 2, 1],
      [120_000, 0, 0],
    ]);
  });
  it('regroups into wider buckets by summing', () => {
    expect(regroup([{ t: 0, a: 1 }, { t: 60_000, a: 2 }, { t: 120_000, a: 4 }], 120_000)).toEqual([{ t: 0, a: 3 }, { t: 120_000, a: 4 }]);
  });
});

describe('ruleLabel', () => {
  it('names a word rule by its term and a spam rule by its id', () => {
    expect(ruleLabel({ ruleId: '01a2-uuid', kind: 'word', term: 'offside' })).toBe('"offside"');
    expect(ruleLabel({ ruleId: 'default-rate', kind: 'spam', term: 'rate' })).toBe('default-rate');
    expect(ruleLabel({ ruleId: 'w1', kind: 'word', term: '' })).toBe('w1');
  });
});
