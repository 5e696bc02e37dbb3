import type { ClickHouseClient } from '@clickhouse/client';
import { roomId } from '@tribune/contracts';
import { z } from 'zod';
import { count, selectRows } from './select-rows';
import { REFUSED_STATUSES } from './statuses';
import { messageTotalsSource, resolution, resolutionFor, timeRange } from './time-range';

export const refusedShareInput = z.object({ room: roomId, range: timeRange, resolution: resolution.optional() });
export type RefusedShareInput = z.infer<typeof refusedShareInput>;

export const refusedShareResult = z.object({ total: count, refused: count, percent: z.number() });
export type RefusedShareResult = z.infer<typeof refusedShareResult>;

/** How many of a room's messages were refused ({@link REFUSED_STATUSES}) over a range, and the share in percent. */
export async function refusedShare(ch: ClickHouseClient, input: RefusedShareInput): Promise<RefusedShareResult> {
  const { room, range } = refusedShareInput.parse(input);
  const source = messageTotalsSource(range, input.resolution ?? resolutionFor(range), 'room = {room:String}');
  const [row] = await selectRows(
    ch,
    `SELECT sum(messages) AS total, sumIf(messages, status IN {refused:Array(String)}) AS refused FROM ${source.from}`,
    { room, refused: [...REFUSED_STATUSES], ...source.params },
    z.object({ total: count, refused: count }),
  );
  const total = row?.total ?? 0;
  const refused = row?.refused ?? 0;
  return { total, refused, percent: total > 0 ? (refused / total) * 100 : 0 };
}
