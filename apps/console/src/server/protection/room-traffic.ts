import type { ClickHouseClient } from '@clickhouse/client';
import { messagesByStatus, REFUSED_STATUSES } from '@tribune/analytics';
import type { MessageStatus } from '@tribune/contracts';
import type { SecondCount } from './spike-detector';

/** A room's messages per second over `[from, to)` (ms): all and refused; seconds without messages are absent. */
export type RoomTraffic = (room: string, from: number, to: number) => Promise<SecondCount[]>;

const refusedStatuses = new Set<string>(REFUSED_STATUSES satisfies readonly MessageStatus[]);

/** The per-second rollup `chat.messages_1s` (through packages/analytics): never raw rows. */
export function clickhouseRoomTraffic(ch: ClickHouseClient): RoomTraffic {
  return async (room, from, to) => {
    const rows = await messagesByStatus(ch, { room, range: { from, to }, resolution: 'second' });
    const byT = new Map<number, SecondCount>();
    for (const r of rows) {
      const s = byT.get(r.t) ?? { t: r.t, total: 0, refused: 0 };
      s.total += r.messages;
      if (refusedStatuses.has(r.status)) s.refused += r.messages;
      byT.set(r.t, s);
    }
    return [...byT.values()];
  };
}
