/**
 * Whether a room's traffic is spiking against its own recent baseline (docs/rules.md, "Automatic protection"). Pure:
 * per-second counts in, a verdict with its figures out, so the policy is tested without ClickHouse.
 *
 * The last complete window (WINDOW_SECONDS, ending `lagSeconds` before now: the newest seconds are still arriving
 * through Kafka and ingest) is compared with the median of the windows of the BASELINE_SECONDS before it. Seconds
 * without messages count as zero, so a room that was quiet has a quiet baseline.
 */

/** Messages of one second of a room: all of them and those refused (blocked, rejected, held, shadowed). */
export interface SecondCount {
  /** Start of the second, ms since epoch. */
  t: number;
  total: number;
  refused: number;
}

export interface SpikePolicy {
  /** The window must reach this multiple of the baseline median. */
  factor: number;
  /** …and at least this rate (messages/s) for a rate spike. */
  minRatePerSecond: number;
  /** …or a refused share of at least this percentage (and `factor` × the median share) for a refusal spike. */
  minRefusedPercent: number;
}

export const WINDOW_SECONDS = 10;
export const BASELINE_SECONDS = 600;
/** A refusal spike needs this many messages in the window: three refused of five is not a flood. */
export const MIN_WINDOW_MESSAGES = 20;

export interface SpikeVerdict {
  spiking: boolean;
  /** What fired, in words, for the rules version's reason; null when nothing did. */
  reason: string | null;
  ratePerSecond: number;
  baselineRatePerSecond: number;
  refusedPercent: number;
  baselineRefusedPercent: number;
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const fixed = (n: number) => (Math.round(n * 10) / 10).toString();

/** The window ending `lagSeconds` before `now` against the baseline windows before it. */
export function detectSpike(seconds: readonly SecondCount[], policy: SpikePolicy, now: number, lagSeconds: number): SpikeVerdict {
  const end = Math.floor(now / 1000) - lagSeconds;
  const windowStart = end - WINDOW_SECONDS;
  const baselineStart = windowStart - BASELINE_SECONDS;
  const windows = BASELINE_SECONDS / WINDOW_SECONDS;
  const totals = new Array<number>(windows).fill(0);
  const refused = new Array<number>(windows).fill(0);
  let total = 0;
  let refusedNow = 0;
  for (const s of seconds) {
    const sec = Math.floor(s.t / 1000);
    if (sec >= windowStart && sec < end) {
      total += s.total;
      refusedNow += s.refused;
    } else if (sec >= baselineStart && sec < windowStart) {
      const i = Math.floor((sec - baselineStart) / WINDOW_SECONDS);
      totals[i]! += s.total;
      refused[i]! += s.refused;
    }
  }
  const ratePerSecond = total / WINDOW_SECONDS;
  const baselineRatePerSecond = median(totals) / WINDOW_SECONDS;
  const shares = totals.flatMap((n, i) => (n > 0 ? [(refused[i]! / n) * 100] : []));
  const baselineRefusedPercent = median(shares);
  const refusedPercent = total > 0 ? (refusedNow / total) * 100 : 0;

  const rateSpike = ratePerSecond >= Math.max(policy.factor * baselineRatePerSecond, policy.minRatePerSecond);
  const refusalSpike = total >= MIN_WINDOW_MESSAGES && refusedPercent >= Math.max(policy.factor * baselineRefusedPercent, policy.minRefusedPercent);
  const reasons: string[] = [];
  if (rateSpike) reasons.push(`${fixed(ratePerSecond)} msg/s against a 10-min median of ${fixed(baselineRatePerSecond)} msg/s`);
  if (refusalSpike) reasons.push(`${fixed(refusedPercent)}% refused against a 10-min median of ${fixed(baselineRefusedPercent)}%`);
  return {
    spiking: rateSpike || refusalSpike,
    reason: reasons.length > 0 ? reasons.join('; ') : null,
    ratePerSecond,
    baselineRatePerSecond,
    refusedPercent,
    baselineRefusedPercent,
  };
}
