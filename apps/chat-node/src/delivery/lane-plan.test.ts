import { describe, expect, it } from 'vitest';
import { planLanes } from './lane-plan';
import { seededRandom } from './seeded-random';

describe('planLanes', () => {
  it('gives everything in one lane when the budget covers the batch', () => {
    expect(planLanes(3, 5, 8, seededRandom(1))).toEqual([[0, 1, 2]]);
    expect(planLanes(0, 5, 8, seededRandom(1))).toEqual([]);
  });

  it('deals lanes of exactly the budget, in room order, covering every message when lanes suffice', () => {
    const lanes = planLanes(10, 3, 8, seededRandom(7));
    expect(lanes).toHaveLength(4);
    for (const lane of lanes) {
      expect(lane).toHaveLength(3);
      expect([...lane].sort((a, b) => a - b)).toEqual(lane);
      expect(new Set(lane).size).toBe(3);
    }
    expect(new Set(lanes.flat())).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
  });

  it('bounds the lanes, and a zero budget gives one empty lane', () => {
    expect(planLanes(1000, 3, 8, seededRandom(3))).toHaveLength(8);
    expect(planLanes(5, 0, 8, seededRandom(3))).toEqual([[]]);
  });

  it('is fair: over many flushes each message is in a given lane about budget/count of the time', () => {
    const random = seededRandom(42);
    const count = 20;
    const budget = 3;
    const trials = 20_000;
    const hits = new Array<number>(count).fill(0);
    for (let t = 0; t < trials; t++) for (const i of planLanes(count, budget, 2, random)[0]!) hits[i]! += 1;
    const expected = (trials * budget) / count;
    for (const h of hits) expect(Math.abs(h - expected) / expected).toBeLessThan(0.08);
  });
});
