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
      { '122:accepted': '2', '122:masked': '1' },
    ];
    const s = foldLiveHashes(hashes, 120, 124);
    expect(s.map((x) => x.t)).toEqual([120_000, 121_000, 122_000, 123_000]);
    expect(s[0]!.counts.accepted).toBe(3);
    expect(s[1]!.counts).toMatchObject({ blocked: 1, flood: 1, accepted: 0 });
    expect(s[1]!.viewers).toBe(15);
    expect(s[3]!.viewers).toBeNull();
    expect(summarise(s)).toEqual({ messages: 7, refused: 1, flood: 1 });
    expect(latestViewers(s)).toBe(15);
  });
});
