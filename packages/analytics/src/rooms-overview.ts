import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { count, selectRows } from './select-rows';
import { REFUSED_STATUSES } from './statuses';
import { messageTotalsSource, resolution, resolutionFor, timeRange } from './time-range';

export const roomsOverviewInput = z.object({ range: timeRange, limit: z.number().int().min(1).max(10_000).default(100), resolution: resolution.optional() });
export type RoomsOverviewInput = z.input<typeof roomsOverviewInput>;

export const roomOverviewRow = z.object({ room: z.string(), messages: count, refused: count, chatters: count });
export type RoomOverviewRow = z.infer<typeof roomOverviewRow>;

/** Every room with messages in a range (busiest first): messages, refused, unique chatters — the overview's table. */
export async function roomsOverview(ch: ClickHouseClient, input: RoomsOverviewInput): Promise<RoomOverviewRow[]> {
  const { range, limit } = roomsOverviewInput.parse(input);
  const source = messageTotalsSource(range, input.resolution ?? resolutionFor(range));
  // `total`, not `messages`: an alias named like the column would be substituted into sumIf(messages, …).
  const rows = await selectRows(
    ch,
    `SELECT room, sum(messages) AS total, sumIf(messages, status IN {refused:Array(String)}) AS refused, uniqMerge(chatters) AS chatters
     FROM ${source.from}
     GROUP BY room
     ORDER BY total DESC, room
     LIMIT {limit:UInt32}`,
    { limit, refused: [...REFUSED_STATUSES], ...source.params },
    z.object({ room: z.string(), total: count, refused: count, chatters: count }),
  );
  return rows.map((r) => ({ room: r.room, messages: r.total, refused: r.refused, chatters: r.chatters }));
}
