import { LIVE_LATENCY_BOUNDS_MS } from '@tribune/contracts';
import { describe, expect, it } from 'vitest';
import { latencyQuantile } from './latency-quantile';

const histogram = (byBound: Partial<Record<number | 'inf', number>>): number[] =>
  [...LIVE_LATENCY_BOUNDS_MS, 'inf' as const].map((bound) => byBound[bound] ?? 0);

describe('latencyQuantile', () => {
  it('is null for an empty histogram', () => {
    expect(latencyQuantile(histogram({}), 0.5)).toBeNull();
  });

  it('interpolates inside the bucket the rank falls in, the first bucket starting at 0', () => {
    expect(latencyQuantile(histogram({ 5: 10 }), 0.5)).toBe(3);
    // 100 observations: 90 ≤ 10 ms, 10 in (100, 250]: p50 in the second bucket, p99 nine tenths into (100, 250].
    const h = histogram({ 10: 90, 250: 10 });
    expect(latencyQuantile(h, 0.5)).toBe(Math.round(5 + (5 * 50) / 90));
    expect(latencyQuantile(h, 0.99)).toBe(Math.round(100 + 150 * 0.9));
    expect(latencyQuantile(h, 1)).toBe(250);
  });

  it('says only the last bound for a quantile above it', () => {
    expect(latencyQuantile(histogram({ 10: 1, inf: 99 }), 0.99)).toBe(LIVE_LATENCY_BOUNDS_MS.at(-1));
  });
});
