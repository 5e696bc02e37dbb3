import { LIVE_LATENCY_BOUNDS_MS } from '@tribune/contracts';

/**
 * A quantile of a latency histogram (counts per bucket of `LIVE_LATENCY_BOUNDS_MS`, then one above the last bound),
 * interpolated linearly inside the bucket it falls in, as Prometheus' `histogram_quantile` does: the first bucket
 * starts at 0, and a quantile in the open bucket is the last bound (the histogram cannot say more: "≥ 5000 ms").
 * Null for an empty histogram.
 */
export function latencyQuantile(buckets: readonly number[], q: number): number | null {
  const total = buckets.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = q * total;
  let below = 0;
  for (let i = 0; i < buckets.length; i++) {
    const n = buckets[i] ?? 0;
    if (n > 0 && below + n >= rank) {
      const upper = LIVE_LATENCY_BOUNDS_MS[i];
      if (upper === undefined) return LIVE_LATENCY_BOUNDS_MS.at(-1)!;
      const lower = i === 0 ? 0 : LIVE_LATENCY_BOUNDS_MS[i - 1]!;
      return Math.round(lower + ((upper - lower) * (rank - below)) / n);
    }
    below += n;
  }
  return LIVE_LATENCY_BOUNDS_MS.at(-1)!;
}
