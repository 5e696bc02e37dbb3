/** A source of uniform numbers in [0, 1): `Math.random` in production, a seeded one in tests. */
export type Random = () => number;

/**
 * The overload policy's sample: when a flush holds more messages (`count`) than a viewer may be
 * given (`budget`), the batch is split into lanes of exactly `budget` messages each, and every
 * viewer is given one lane. Messages are shuffled before they are dealt, so each message is
 * equally likely to be in a viewer's lane, and with enough lanes every message reaches part of
 * the room; each lane is encoded once, so the cost is per lane, not per viewer.
 *
 * Returns the lanes as ascending indices into the batch (a lane keeps the room's order).
 * `maxLanes` bounds the encodings per flush; when `count > budget * maxLanes`, some messages of
 * this flush are in no lane on this node (each node deals its own shuffle).
 */
export function planLanes(count: number, budget: number, maxLanes: number, random: Random): number[][] {
  if (count <= 0) return [];
  if (budget >= count) return [range(count)];
  if (budget <= 0) return [[]];
  const order = range(count);
  // Fisher–Yates: a uniform permutation.
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  const lanes = Math.max(1, Math.min(maxLanes, Math.ceil(count / budget)));
  const out: number[][] = [];
  for (let lane = 0; lane < lanes; lane++) {
    const picked: number[] = [];
    // The last lane, when short, is topped up from the start of the shuffle: every lane holds `budget`.
    for (let k = 0; k < budget; k++) picked.push(order[(lane * budget + k) % count]!);
    out.push(picked.sort((a, b) => a - b));
  }
  return out;
}

function range(n: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}
