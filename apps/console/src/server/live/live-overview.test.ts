import { describe, expect, it } from 'vitest';
import { banners, roomRow } from './live-overview';
import { emptySecond, type LiveSecond } from './live-series';

const sec = (t: number, accepted: number, blocked = 0, flood = 0, raid = 0): LiveSecond => {
  const s = emptySecond(t * 1000);
  Object.assign(s.counts, { accepted, blocked, flood, raid });
  return s;
};

describe('overview', () => {
  it('rate over the last 5 s, refused share and flood hits over the window, a 60 s sparkline', () => {
    const seconds = Array.from({ length: 300 }, (_, i) => sec(i, i >= 295 ? 4 : 0, i === 10 ? 4 : 0, i === 10 ? 1 : 0, i === 11 ? 2 : 0));
    const row = roomRow('r', seconds, 12, 7);
    expect(row.messagesPerSecond).toBe(4);
    expect(row.refusedPercent).toBe(16.7);
    expect(row.flood5m).toBe(1);
    expect(row.raid5m).toBe(2);
    expect(row.sparkline).toHaveLength(60);
    expect(row.sparkline.at(-1)).toBe(4);
    expect(row).toMatchObject({ viewers: 12, chatters5m: 7 });
    expect(roomRow('q', [sec(0, 0)], 0, 0).refusedPercent).toBeNull();
  });

  it('banners for a node down, a node behind, ingest lag and a growing DLQ', () => {
    const node = { v: 1 as const, url: '', connections: 0, startedAt: 0, ts: Date.now() };
    const b = banners(
      [
        { ...node, nodeId: 'a', rulesVersion: 3, up: false, behind: false },
        { ...node, nodeId: 'b', rulesVersion: 2, up: true, behind: true },
        { ...node, nodeId: 'c', rulesVersion: 3, up: true, behind: false },
      ],
      3,
      { lag: [{ topic: 'chat.messages', lag: 9000 }, { topic: 'chat.moderation', lag: 10 }], dlq: 4, dlqGrowing: true, ingestRowsPerSecond: 1, freshnessMs: 1 },
      5000,
    );
    expect(b.map((x) => x.kind)).toEqual(['node_down', 'node_behind', 'ingest_lag', 'dlq_growing']);
  });
});
