import { LIVE_COUNTERS, minuteOf, parseLiveField, type LiveCounter } from '@tribune/contracts';

/** One second of a room on the live path, summed over every node. */
export interface LiveSecond {
  /** ms since epoch of the second's start. */
  t: number;
  counts: Record<LiveCounter, number>;
  /** Viewers summed over the nodes that wrote a level for this second; null when none did. */
  viewers: number | null;
}

export const emptyCounts = (): Record<LiveCounter, number> => Object.fromEntries(LIVE_COUNTERS.map((c) => [c, 0])) as Record<LiveCounter, number>;

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
  for (let s = fromSecond; s < toSecond; s++) out.push({ t: s * 1000, counts: emptyCounts(), viewers: null });
  for (const hash of hashes) {
    for (const [field, raw] of Object.entries(hash)) {
      const parsed = parseLiveField(field);
      if (!parsed || parsed.second < fromSecond || parsed.second >= toSecond) continue;
      const n = Number(raw);
      if (!Number.isFinite(n)) continue;
      const entry = out[parsed.second - fromSecond]!;
      if ('counter' in parsed) entry.counts[parsed.counter] += n;
      else entry.viewers = (entry.viewers ?? 0) + n;
    }
  }
  return out;
}

/** Statuses a viewer never saw as sent (the refused share's numerator). */
export const REFUSED: readonly LiveCounter[] = ['blocked', 'rejected', 'held', 'shadowed'];
export const MESSAGE_STATUSES: readonly LiveCounter[] = LIVE_COUNTERS.filter((c) => c !== 'flood');

export function messagesOf(s: LiveSecond): number {
  return MESSAGE_STATUSES.reduce((n, c) => n + s.counts[c], 0);
}

/** Totals of a run of seconds: messages, refused, flood hits. */
export function summarise(seconds: LiveSecond[]): { messages: number; refused: number; flood: number } {
  let messages = 0;
  let refused = 0;
  let flood = 0;
  for (const s of seconds) {
    messages += messagesOf(s);
    refused += REFUSED.reduce((n, c) => n + s.counts[c], 0);
    flood += s.counts.flood;
  }
  return { messages, refused, flood };
}

/** The last known viewer level at or before the end of `seconds` (levels are written about every 500 ms). */
export function latestViewers(seconds: LiveSecond[]): number | null {
  for (let i = seconds.length - 1; i >= 0; i--) if (seconds[i]!.viewers !== null) return seconds[i]!.viewers;
  return null;
}
