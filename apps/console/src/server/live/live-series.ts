import { LIVE_COUNTERS, LIVE_LATENCY_BOUNDS_MS, messageStatus, minuteOf, parseLiveField, type LiveCounter } from '@tribune/contracts';
import { latencyQuantile } from './latency-quantile';

/** One second of a room on the live path, summed over every node. */
export interface LiveSecond {
  /** ms since epoch of the second's start. */
  t: number;
  counts: Record<LiveCounter, number>;
  /** Viewers summed over the nodes that wrote a level for this second; null when none did. */
  viewers: number | null;
  /** Delivery latency observations of the second by bucket (`LIVE_LATENCY_BOUNDS_MS`, then above them), summed over nodes. */
  latency: number[];
  /** The second's delivery latency p50 / p99 (ms, interpolated in its bucket); null when nothing was delivered. */
  p50Ms: number | null;
  p99Ms: number | null;
}

const emptyLatency = (): number[] => new Array<number>(LIVE_LATENCY_BOUNDS_MS.length + 1).fill(0);

export const emptyCounts = (): Record<LiveCounter, number> => Object.fromEntries(LIVE_COUNTERS.map((c) => [c, 0])) as Record<LiveCounter, number>;

/** A second with nothing counted (`t` in ms). */
export const emptySecond = (t: number): LiveSecond => ({ t, counts: emptyCounts(), viewers: null, latency: emptyLatency(), p50Ms: null, p99Ms: null });

/** The minutes (unix seconds of their start) whose hashes hold the seconds `[from, to)`. */
export function minutesCovering(fromSecond: number, toSecond: number): number[] {
  const out: number[] = [];
  for (let m = minuteOf(fromSecond); m < toSecond; m += 60) out.push(m);
  return out;
}

/**
 * Folds room-minute hashes (as HGETALL returns them) into one entry per second of `[from, to)`, every second present
 * (zeros where nothing was counted). Pure: what the live reader and its tests share.
 */
export function foldLiveHashes(hashes: Record<string, string>[], fromSecond: number, toSecond: number): LiveSecond[] {
  const out: LiveSecond[] = [];
  for (let s = fromSecond; s < toSecond; s++) out.push(emptySecond(s * 1000));
  for (const hash of hashes) {
    for (const [field, raw] of Object.entries(hash)) {
      const parsed = parseLiveField(field);
      if (!parsed || parsed.second < fromSecond || parsed.second >= toSecond) continue;
      const n = Number(raw);
      if (!Number.isFinite(n)) continue;
      const entry = out[parsed.second - fromSecond]!;
      if ('counter' in parsed) entry.counts[parsed.counter] += n;
      else if ('latencyBucket' in parsed) entry.latency[parsed.latencyBucket]! += n;
      else entry.viewers = (entry.viewers ?? 0) + n;
    }
  }
  for (const entry of out) {
    entry.p50Ms = latencyQuantile(entry.latency, 0.5);
    entry.p99Ms = latencyQuantile(entry.latency, 0.99);
  }
  return out;
}

/** Statuses a viewer never saw as sent (the refused share's numerator). */
export const REFUSED: readonly LiveCounter[] = ['blocked', 'rejected', 'held', 'shadowed'];
/** The counters that are message statuses (each message counts in exactly one); the others are counted beside them. */
export const MESSAGE_STATUSES: readonly LiveCounter[] = messageStatus.options;

export function messagesOf(s: LiveSecond): number {
  return MESSAGE_STATUSES.reduce((n, c) => n + s.counts[c], 0);
}

export interface LiveTotals {
  messages: number;
  refused: number;
  flood: number;
  raid: number;
  sampled: number;
  joins: number;
  /** Delivery latency over the run (ms, from the summed buckets); null when nothing was delivered. */
  p50Ms: number | null;
  p99Ms: number | null;
}

/** Totals of a run of seconds: messages, refused, flood and raid hits, deliveries sampled out, joins, latency. */
export function summarise(seconds: LiveSecond[]): LiveTotals {
  const t = { messages: 0, refused: 0, flood: 0, raid: 0, sampled: 0, joins: 0 };
  const latency = emptyLatency();
  for (const s of seconds) {
    t.messages += messagesOf(s);
    t.refused += REFUSED.reduce((n, c) => n + s.counts[c], 0);
    t.flood += s.counts.flood;
    t.raid += s.counts.raid;
    t.sampled += s.counts.sampled;
    t.joins += s.counts.joins;
    s.latency.forEach((n, i) => (latency[i]! += n));
  }
  return { ...t, p50Ms: latencyQuantile(latency, 0.5), p99Ms: latencyQuantile(latency, 0.99) };
}

/** The last known viewer level at or before the end of `seconds` (levels are written about every 500 ms). */
export function latestViewers(seconds: LiveSecond[]): number | null {
  for (let i = seconds.length - 1; i >= 0; i--) if (seconds[i]!.viewers !== null) return seconds[i]!.viewers;
  return null;
}
