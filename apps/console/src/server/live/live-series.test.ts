import { describe, expect, it } from 'vitest';
import { foldLiveHashes, latestViewers, minutesCovering, summarise } from './live-series';

describe('live series', () => {
  it('covers every minute a range of seconds touches', () => {
    expect(minutesCovering(119, 121)).toEqual([60, 120]);
    expect(minutesCovering(120, 180)).toEqual([120]);
  });

  it('sums the nodes fields per second, fills empty seconds, ignores other fields and seconds', () => {
    const hashes: Record<string, string>[] = [
      { '120:accepted': '3', '121:blocked': '1', '121:flood': '1', '121:viewers@a': '10', '121:viewers@b': '5', '119:accepted': '9', junk: 'x', '122:nope': '1' },
      { '122:accepted': '2', '122:masked': '1', '122:raid': '2', '122:sampled': '40', '121:joins': '3', '122:lat_le_50': '3', '122:lat_le_100': '1', '121:lat_le_inf': '1' },
      { '122:lat_le_50': '1' },
    ];
    const s = foldLiveHashes(hashes, 120, 124);
    expect(s.map((x) => x.t)).toEqual([120_000, 121_000, 122_000, 123_000]);
    expect(s[0]!.counts.accepted).toBe(3);
    expect(s[1]!.counts).toMatchObject({ blocked: 1, flood: 1, accepted: 0 });
    expect(s[1]!.viewers).toBe(15);
    expect(s[3]!.viewers).toBeNull();
    expect(s[2]!.latency).toEqual([0, 0, 0, 4, 1, 0, 0, 0, 0, 0, 0]);
    // 5 observations: the median (rank 2.5) inside the (25, 50] bucket, the p99 inside (50, 100].
    expect(s[2]!.p50Ms).toBe(Math.round(25 + (25 * 2.5) / 4));
    expect(s[2]!.p99Ms).toBe(Math.round(50 + 50 * (4.95 - 4)));
    expect(s[0]!.p99Ms).toBeNull();
    expect(summarise(s)).toMatchObject({ messages: 7, refused: 1, flood: 1, raid: 2, sampled: 40, joins: 3 });
    // 6 observations, one above the last bound: the p99 says only "at least the last bound".
    expect(summarise(s).p99Ms).toBe(5000);
    expect(latestViewers(s)).toBe(15);
  });
});
