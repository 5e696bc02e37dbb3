import { LIVE_COUNTERS } from '@tribune/contracts';

/** Colours and names of the statuses on every chart (delivered = accepted). */
export const STATUS_SERIES: { key: string; name: string; color: string }[] = [
  { key: 'accepted', name: 'delivered', color: '#3056d3' },
  { key: 'masked', name: 'masked', color: '#7aa0ff' },
  { key: 'shadowed', name: 'shadowed', color: '#9b8bd9' },
  { key: 'held', name: 'held', color: '#d99a2b' },
  { key: 'blocked', name: 'blocked', color: '#c23934' },
  { key: 'rejected', name: 'rejected', color: '#7d1f1c' },
];
export const STATUS_KEYS = STATUS_SERIES.map((s) => s.key);
export const ANNOTATION_COLORS: Record<string, string> = { rule: '#6a1b9a', mode: '#00796b', sanction: '#e65100' };
export const COUNTER_KEYS: readonly string[] = LIVE_COUNTERS;

/** A top rule as people read it: a word rule by its banned term (its id is a UUID), a spam rule by its id. */
export const ruleLabel = (r: { ruleId: string; kind: string; term: string }): string => (r.kind === 'word' && r.term ? `"${r.term}"` : r.ruleId);

export const clock = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
export const dateTime = (ms: number) => new Date(ms).toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** Rollup rows (t, status, messages) pivoted to one row per bucket with a column per status, empty buckets filled. */
export function pivotByStatus(rows: { t: number; status: string; messages: number }[], from: number, to: number, stepMs: number): Record<string, number>[] {
  const start = Math.floor(from / stepMs) * stepMs;
  const byT = new Map<number, Record<string, number>>();
  for (let t = start; t < to; t += stepMs) byT.set(t, { t, ...Object.fromEntries(STATUS_KEYS.map((k) => [k, 0])) });
  for (const r of rows) {
    const row = byT.get(r.t) ?? { t: r.t, ...Object.fromEntries(STATUS_KEYS.map((k) => [k, 0])) };
    row[r.status] = (row[r.status] ?? 0) + r.messages;
    byT.set(r.t, row);
  }
  return [...byT.values()].sort((a, b) => a.t! - b.t!);
}

/** Buckets of `stepMs` folded into buckets of `groupMs` (sums), so a 30-day chart draws ~700 bars, not 43,200. */
export function regroup(rows: Record<string, number>[], groupMs: number): Record<string, number>[] {
  const out = new Map<number, Record<string, number>>();
  for (const r of rows) {
    const t = Math.floor(r.t! / groupMs) * groupMs;
    const into = out.get(t) ?? { t };
    for (const [k, v] of Object.entries(r)) if (k !== 't') into[k] = (into[k] ?? 0) + v;
    out.set(t, into);
  }
  return [...out.values()].sort((a, b) => a.t! - b.t!);
}
