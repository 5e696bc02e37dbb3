import { CLICKHOUSE } from '@tribune/contracts';
import { z } from 'zod';

/** `[from, to)` in ms since epoch (UTC). Widened to whole buckets of the rollup read. */
export const timeRange = z
  .object({ from: z.number().int().nonnegative(), to: z.number().int().positive() })
  .refine((r) => r.to > r.from, { message: 'to must be after from' });
export type TimeRange = z.infer<typeof timeRange>;

export const resolution = z.enum(['second', 'minute']);
export type Resolution = z.infer<typeof resolution>;

/** Ranges up to this long are read from the per-second rollups (kept 7 days); longer ones per minute. */
export const SECOND_RESOLUTION_MAX_MS = 60 * 60 * 1000;
const SECOND_ROLLUP_KEPT_MS = 7 * 24 * 60 * 60 * 1000;

/** The resolution a chart over `range` reads when the caller does not choose. */
export function resolutionFor(range: TimeRange, now = Date.now()): Resolution {
  return range.to - range.from <= SECOND_RESOLUTION_MAX_MS && range.from > now - SECOND_ROLLUP_KEPT_MS ? 'second' : 'minute';
}

/** Table and bucket column of each rollup; only these constants ever reach the SQL text. */
export const ROLLUPS = {
  messages: {
    second: { table: CLICKHOUSE.messages1s, bucket: 'second', seconds: 1 },
    minute: { table: CLICKHOUSE.messages1m, bucket: 'minute', seconds: 60 },
  },
  moderation: {
    second: { table: CLICKHOUSE.moderation1s, bucket: 'second', seconds: 1 },
    minute: { table: CLICKHOUSE.moderation1m, bucket: 'minute', seconds: 60 },
  },
} as const;

/** Bound parameters of a range: whole buckets, in unix seconds (`from` floored, `to` rounded up). */
export function rangeParams(range: TimeRange, bucketSeconds: number): { from: number; to: number } {
  const from = Math.floor(range.from / 1000 / bucketSeconds) * bucketSeconds;
  const to = Math.ceil(range.to / 1000 / bucketSeconds) * bucketSeconds;
  return { from, to };
}

/** The WHERE clause of a room and a range on a rollup's bucket column. */
export function bucketFilter(bucket: string): string {
  return `${bucket} >= toDateTime({from:UInt32}, 'UTC') AND ${bucket} < toDateTime({to:UInt32}, 'UTC')`;
}

/**
 * The rows a total over `range` reads (columns `room`, `status`, `messages`, `chatters`), as a FROM clause with its
 * bound parameters. Per second: the per-second rollup. Per minute: the range's whole hours from the per-hour rollup
 * (0005) and the minutes before the first and after the last whole hour from the per-minute one — the same rows
 * summed, so the same answer as the minutes alone, with ~60× fewer of them over a day. `where` (bound parameters
 * only, e.g. `room = {room:String}`) is applied inside both halves, so each uses its table's primary key.
 */
export function messageTotalsSource(range: TimeRange, res: Resolution, where = '1'): { from: string; params: Record<string, number> } {
  if (res === 'second') {
    const r = ROLLUPS.messages.second;
    return { from: `(SELECT room, status, messages, chatters FROM ${r.table} WHERE ${where} AND ${bucketFilter(r.bucket)})`, params: rangeParams(range, r.seconds) };
  }
  const { from, to } = rangeParams(range, 60);
  const hourFrom = Math.ceil(from / 3600) * 3600;
  const hourTo = Math.max(hourFrom, Math.floor(to / 3600) * 3600);
  const hours = `toDateTime({hourFrom:UInt32}, 'UTC') <= hour AND hour < toDateTime({hourTo:UInt32}, 'UTC')`;
  return {
    from: `(SELECT room, status, messages, chatters FROM ${CLICKHOUSE.messages1h} WHERE ${where} AND ${hours}
       UNION ALL
       SELECT room, status, messages, chatters FROM ${CLICKHOUSE.messages1m}
       WHERE ${where} AND ${bucketFilter(ROLLUPS.messages.minute.bucket)} AND NOT (toDateTime({hourFrom:UInt32}, 'UTC') <= minute AND minute < toDateTime({hourTo:UInt32}, 'UTC')))`,
    params: { from, to, hourFrom, hourTo },
  };
}
