import { describe, expect, it } from 'vitest';
import { histogramP99 } from './node-load';

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
});
