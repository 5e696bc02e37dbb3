export interface Tally {
  acked: number;
  /** Acked ids present at least once. */
  found: number;
  /** Acked ids absent. */
  lost: number;
  /** Extra copies of acked ids (rows beyond the first). */
  duplicated: number;
  lostSample: string[];
  duplicatedSample: string[];
}

/** Compares the sender-side list of acked ids with the copies a store holds of each id. */
export function tally(acked: Iterable<string>, counts: Map<string, number>): Tally {
  const t: Tally = { acked: 0, found: 0, lost: 0, duplicated: 0, lostSample: [], duplicatedSample: [] };
  for (const id of new Set(acked)) {
    t.acked++;
    const n = counts.get(id) ?? 0;
    if (n === 0) {
      t.lost++;
      if (t.lostSample.length < 5) t.lostSample.push(id);
      continue;
    }
    t.found++;
    if (n > 1) {
      t.duplicated += n - 1;
      if (t.duplicatedSample.length < 5) t.duplicatedSample.push(`${id}×${n}`);
    }
  }
  return t;
}
