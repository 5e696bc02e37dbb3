import type { ClickHouseClient } from '@clickhouse/client';
import { roomId } from '@tribune/contracts';
import { z } from 'zod';
import { count, selectRows } from './select-rows';
import { bucketFilter, rangeParams, resolution, resolutionFor, ROLLUPS, timeRange } from './time-range';

export const messagesByStatusInput = z.object({ room: roomId, range: timeRange, resolution: resolution.optional() });
export type MessagesByStatusInput = z.infer<typeof messagesByStatusInput>;

export const messagesByStatusRow = z.object({ t: count, status: z.string(), messages: count });
/** One bucket and status: `t` is the bucket start (ms); buckets without messages are absent. */
export type MessagesByStatusRow = z.infer<typeof messagesByStatusRow>;

/** Messages of a room per second (or minute) and status over a range: the live view's and history's main chart. */
export async function messagesByStatus(ch: ClickHouseClient, input: MessagesByStatusInput): Promise<MessagesByStatusRow[]> {
  const { room, range } = messagesByStatusInput.parse(input);
  const r = ROLLUPS.messages[input.resolution ?? resolutionFor(range)];
  return selectRows(
    ch,
    `SELECT toUInt64(toUnixTimestamp(${r.bucket})) * 1000 AS t, status, sum(messages) AS messages
     FROM ${r.table}
     WHERE room = {room:String} AND ${bucketFilter(r.bucket)}
     GROUP BY t, status
     ORDER BY t, status`,
    { room, ...rangeParams(range, r.seconds) },
    messagesByStatusRow,
  );
}
