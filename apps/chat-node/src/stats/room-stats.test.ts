import { describe, expect, it } from 'vitest';
import { LIVE_LATENCY_BOUNDS_MS } from '@tribune/contracts';
import { RoomStats } from './room-stats';

describe('RoomStats', () => {
  it('buckets by the second of the event ts, per room, and drains to empty', () => {
    const s = new RoomStats();
    s.add('a', 10_000, 'accepted');
    s.add('a', 10_999, 'accepted');
    s.add('a', 11_000, 'blocked');
    s.add('b', 10_500, 'accepted', 3);
    s.sender('a', 10_100, 'u1');
    s.sender('a', 10_200, 'u1');
    const out = s.drain().sort((x, y) => x.room.localeCompare(y.room) || x.second - y.second);
    expect(out.map((e) => [e.room, e.second, e.counts])).toEqual([
      ['a', 10, { accepted: 2 }],
      ['a', 11, { blocked: 1 }],
      ['b', 10, { accepted: 3 }],
    ]);
    expect([...out[0]!.senders]).toEqual([['u1', 2]]);
    expect(s.size).toBe(0);
    expect(s.drain()).toEqual([]);
  });

  it('restore adds a failed flush back to what arrived meanwhile', () => {
    const s = new RoomStats();
    s.add('a', 5_000, 'accepted', 2);
    s.sender('a', 5_000, 'u');
    s.delivered('a', 5_000, [{ ts: 4_970 }]);
    const failed = s.drain();
    s.add('a', 5_100, 'accepted');
    s.delivered('a', 5_200, [{ ts: 5_160 }, { ts: -3_700 }]);
    s.restore(failed);
    const [again] = s.drain();
    expect(again?.counts).toEqual({ accepted: 3 });
    // 30 and 40 ms in the ≤ 50 ms bucket (index 3), 9 s above the last bound.
    expect(again?.latency[3]).toBe(2);
    expect(again?.latency[LIVE_LATENCY_BOUNDS_MS.length]).toBe(1);
    expect(again?.senders.get('u')).toBe(1);
  });
});
