import type { ClickHouseClient } from '@clickhouse/client';
import { CLICKHOUSE } from '@tribune/contracts';

export interface MinutePoint {
  /** minute start, ms since epoch (UTC) */
  minute: number;
  accepted: number;
  rejected: number;
  total: number;
}

/**
 * Messages per minute for one room over the last `minutes`, from the SummingMergeTree rollup
 * (never raw chat.messages). Rows not merged yet are summed here; gaps are filled with zeros.
 */
export async function messagesPerMinute(ch: ClickHouseClient, room: string, minutes = 60, now = Date.now()): Promise<MinutePoint[]> {
  const result = await ch.query({
    query: `SELECT toUnixTimestamp(minute) AS minute, status, sum(messages) AS messages
            FROM ${CLICKHOUSE.messagesPerMinute}
            WHERE room = {room:String} AND minute >= now() - toIntervalMinute({minutes:UInt32})
            GROUP BY minute, status
            ORDER BY minute`,
    query_params: { room, minutes },
    format: 'JSONEachRow',
  });
  const rows = await result.json<{ minute: number | string; status: string; messages: number | string }>();
  const end = Math.floor(now / 60_000) * 60_000;
  const points = new Map<number, MinutePoint>();
  for (let i = minutes - 1; i >= 0; i--) {
    const minute = end - i * 60_000;
    points.set(minute, { minute, accepted: 0, rejected: 0, total: 0 });
  }
  for (const row of rows) {
    const minute = Number(row.minute) * 1000;
    const point = points.get(minute);
    if (!point) continue;
    const n = Number(row.messages);
    point.total += n;
    if (row.status === 'accepted' || row.status === 'masked') point.accepted += n;
    else point.rejected += n;
  }
  return [...points.values()];
}
