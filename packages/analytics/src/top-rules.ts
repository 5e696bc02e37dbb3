import type { ClickHouseClient } from '@clickhouse/client';
import { roomId } from '@tribune/contracts';
import { z } from 'zod';
import { count, selectRows } from './select-rows';
import { bucketFilter, rangeParams, resolution, resolutionFor, ROLLUPS, timeRange } from './time-range';

export const topRulesInput = z.object({ room: roomId, range: timeRange, limit: z.number().int().min(1).max(1000).default(10), resolution: resolution.optional() });
export type TopRulesInput = z.input<typeof topRulesInput>;

/** `term`: what the rule matched — a word rule's banned term, a spam rule's kind — for a label people can read. */
export const topRuleRow = z.object({ ruleId: z.string(), kind: z.string(), term: z.string(), hits: count });
export type TopRuleRow = z.infer<typeof topRuleRow>;

/** The rules (word and spam) that hit most in a room over a range, from the moderation rollups. */
export async function topRules(ch: ClickHouseClient, input: TopRulesInput): Promise<TopRuleRow[]> {
  const { room, range, limit } = topRulesInput.parse(input);
  const r = ROLLUPS.moderation[input.resolution ?? resolutionFor(range)];
  return selectRows(
    ch,
    `SELECT rule_id AS ruleId, any(kind) AS kind, any(term) AS term, sum(events) AS hits
     FROM ${r.table}
     WHERE room = {room:String} AND ${bucketFilter(r.bucket)} AND rule_id != ''
     GROUP BY rule_id
     ORDER BY hits DESC, ruleId
     LIMIT {limit:UInt32}`,
    { room, limit, ...rangeParams(range, r.seconds) },
    topRuleRow,
  );
}
