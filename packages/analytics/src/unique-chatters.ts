import type { ClickHouseClient } from '@clickhouse/client';
import { roomId } from '@tribune/contracts';
import { z } from 'zod';
import { count, selectRows } from './select-rows';
import { bucketFilter, rangeParams, resolution, resolutionFor, ROLLUPS, timeRange } from './time-range';

export const uniqueChattersInput = z.object({ room: roomId, range: timeRange, resolution: resolution.optional() });
export type UniqueChattersInput = z.infer<typeof uniqueChattersInput>;

/**
 * Distinct senders in a room over a range, merged from the rollups' `uniq` states (ClickHouse's adaptive estimate:
 * exact for small sets, within about 1 % for large ones; the same figure `uniq(user_id)` gives on the raw rows).
 */
export async function uniqueChatters(ch: ClickHouseClient, input: UniqueChattersInput): Promise<number> {
  const { room, range } = uniqueChattersInput.parse(input);
  const r = ROLLUPS.messages[input.resolution ?? resolutionFor(range)];
  const [row] = await selectRows(
    ch,
    `SELECT uniqMerge(chatters) AS chatters FROM ${r.table} WHERE room = {room:String} AND ${bucketFilter(r.bucket)}`,
    { room, ...rangeParams(range, r.seconds) },
    z.object({ chatters: count }),
  );
  return row?.chatters ?? 0;
}
