import type { ClickHouseClient } from '@clickhouse/client';
import { roomId } from '@tribune/contracts';
import { z } from 'zod';
import { count, selectRows } from './select-rows';
import { messageTotalsSource, resolution, resolutionFor, timeRange } from './time-range';

export const uniqueChattersInput = z.object({ room: roomId, range: timeRange, resolution: resolution.optional() });
export type UniqueChattersInput = z.infer<typeof uniqueChattersInput>;

/**
 * Distinct senders in a room over a range, merged from the rollups' `uniq` states (ClickHouse's adaptive estimate:
 * exact for small sets, within about 1 % for large ones; the same figure `uniq(user_id)` gives on the raw rows).
 */
export async function uniqueChatters(ch: ClickHouseClient, input: UniqueChattersInput): Promise<number> {
  const { room, range } = uniqueChattersInput.parse(input);
  const source = messageTotalsSource(range, input.resolution ?? resolutionFor(range), 'room = {room:String}');
  const [row] = await selectRows(
    ch,
    `SELECT uniqMerge(chatters) AS chatters FROM ${source.from}`,
    { room, ...source.params },
    z.object({ chatters: count }),
  );
  return row?.chatters ?? 0;
}
