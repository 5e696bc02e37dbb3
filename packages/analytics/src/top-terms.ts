import type { ClickHouseClient } from '@clickhouse/client';
import { roomId } from '@tribune/contracts';
import { z } from 'zod';
import { count, selectRows } from './select-rows';
import { bucketFilter, rangeParams, resolution, resolutionFor, ROLLUPS, timeRange } from './time-range';

export const topTermsInput = z.object({ room: roomId, range: timeRange, limit: z.number().int().min(1).max(1000).default(10), resolution: resolution.optional() });
export type TopTermsInput = z.input<typeof topTermsInput>;

export const topTermRow = z.object({ term: z.string(), hits: count });
export type TopTermRow = z.infer<typeof topTermRow>;

/** The banned terms (word rules) that hit most in a room over a range. */
export async function topTerms(ch: ClickHouseClient, input: TopTermsInput): Promise<TopTermRow[]> {
  const { room, range, limit } = topTermsInput.parse(input);
  const r = ROLLUPS.moderation[input.resolution ?? resolutionFor(range)];
  return selectRows(
    ch,
    `SELECT term, sum(events) AS hits
     FROM ${r.table}
     WHERE room = {room:String} AND ${bucketFilter(r.bucket)} AND kind = 'word' AND term != ''
     GROUP BY term
     ORDER BY hits DESC, term
     LIMIT {limit:UInt32}`,
    { room, limit, ...rangeParams(range, r.seconds) },
    topTermRow,
  );
}
