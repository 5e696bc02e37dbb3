import { describe, expect, it } from 'vitest';
import { bucketsSince, histogramP99 } from './node-load';

describe('histogramP99', () => {
  it('is the bound of the bucket holding the 99th percentile', () => {
    // 100 observations: 98 under 10 ms, 1 under 50 ms, 1 under 100 ms.
    const b = [
      { le: 0.01, count: 98 },
      { le: 0.05, count: 99 },
      { le: 0.1, count: 100 },
      { le: Infinity, count: 100 },
    ];
    expect(histogramP99(b)).toBe(0.05);
  });
  it('is undefined without observations and the largest finite bound beyond the buckets', () => {
    expect(histogramP99([{ le: 0.1, count: 0 }, { le: Infinity, count: 0 }])).toBeUndefined();
    expect(histogramP99([{ le: 0.1, count: 0 }, { le: Infinity, count: 5 }])).toBe(0.1);
  });

  it('over an interval: only what was observed since the earlier reading', () => {
    const before = new Map([
      [0.01, 0],
      [2.5, 50],
      [Infinity, 50],
    ]);
    // 50 slow observations at startup, then 100 fast ones: the interval's p99 is fast.
    const now = [
      { le: 0.01, count: 100 },
      { le: 2.5, count: 150 },
      { le: Infinity, count: 150 },
    ];
    expect(histogramP99(now)).toBe(2.5);
    expect(histogramP99(bucketsSince(now, before))).toBe(0.01);
    expect(histogramP99(bucketsSince(now, new Map(now.map((b) => [b.le, b.count]))))).toBeUndefined();
  });
});
