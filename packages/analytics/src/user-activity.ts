import type { ClickHouseClient } from '@clickhouse/client';
import { CLICKHOUSE, roomId } from '@tribune/contracts';
import { z } from 'zod';
import { selectRows } from './select-rows';

/**
 * One viewer's recent activity for the console's user page: the one place this package reads raw rows. Bounded by the
 * user, a time window (`sinceMs`, whole monthly partitions outside it are skipped) and a LIMIT; `rooms` (a moderator's
 * scope) narrows it further. Values only as bound parameters.
 */
export const userActivityInput = z.object({
  userId: z.string().min(1).max(200),
  /** null = every room; otherwise only these (a room-scoped moderator's rooms). */
  rooms: z.array(roomId).nullable().default(null),
  /** ms since epoch: nothing older is read. */
  sinceMs: z.number().int().nonnegative(),
  limit: z.number().int().min(1).max(1000).default(100),
});
export type UserActivityInput = z.input<typeof userActivityInput>;

export const userMessageRow = z.object({
  id: z.string(),
  ts: z.coerce.number().int(),
  room: z.string(),
  userName: z.string(),
  text: z.string(),
  deliveredText: z.string().nullable(),
  status: z.string(),
  hitTerms: z.array(z.string()),
});
export type UserMessageRow = z.infer<typeof userMessageRow>;

export const userDecisionRow = z.object({
  id: z.string(),
  ts: z.coerce.number().int(),
  room: z.string(),
  messageId: z.string().nullable(),
  source: z.string(),
  action: z.string(),
  kind: z.string(),
  term: z.string(),
  reason: z.string(),
});
export type UserDecisionRow = z.infer<typeof userDecisionRow>;

function bound(input: UserActivityInput) {
  const q = userActivityInput.parse(input);
  return {
    roomFilter: q.rooms === null ? '' : 'AND room IN {rooms:Array(String)}',
    params: { u: q.userId, since: q.sinceMs, limit: q.limit, ...(q.rooms === null ? {} : { rooms: q.rooms }) },
  };
}

/** The user's messages in every room (or the given ones), newest first, whatever their status. */
export async function userMessages(ch: ClickHouseClient, input: UserActivityInput): Promise<UserMessageRow[]> {
  const { roomFilter, params } = bound(input);
  return selectRows(
    ch,
    `SELECT id, toUnixTimestamp64Milli(ts) AS ts_ms, room, user_name, text, delivered_text, status, hit_terms
     FROM ${CLICKHOUSE.messages}
     WHERE user_id = {u:String} AND ts >= fromUnixTimestamp64Milli({since:Int64}) ${roomFilter}
     ORDER BY ts DESC, id DESC
     LIMIT {limit:UInt32}`,
    params,
    z
      .object({ id: z.string(), ts_ms: z.coerce.number(), room: z.string(), user_name: z.string(), text: z.string(), delivered_text: z.string().nullable(), status: z.string(), hit_terms: z.array(z.string()) })
      .transform((r) => ({ id: r.id, ts: r.ts_ms, room: r.room, userName: r.user_name, text: r.text, deliveredText: r.delivered_text, status: r.status, hitTerms: r.hit_terms })),
  );
}

/** The decisions about the user (engine and operators: blocks, holds, sanctions, deletions), newest first. */
export async function userDecisions(ch: ClickHouseClient, input: UserActivityInput): Promise<UserDecisionRow[]> {
  const { roomFilter, params } = bound(input);
  return selectRows(
    ch,
    `SELECT id, toUnixTimestamp64Milli(ts) AS ts_ms, room, message_id, source, action, hit_kind, hit_term, reason
     FROM ${CLICKHOUSE.moderationEvents}
     WHERE user_id = {u:String} AND ts >= fromUnixTimestamp64Milli({since:Int64}) ${roomFilter}
     ORDER BY ts DESC, id DESC
     LIMIT {limit:UInt32}`,
    params,
    z
      .object({ id: z.string(), ts_ms: z.coerce.number(), room: z.string(), message_id: z.string().nullable(), source: z.string(), action: z.string(), hit_kind: z.string(), hit_term: z.string(), reason: z.string() })
      .transform((r) => ({ id: r.id, ts: r.ts_ms, room: r.room, messageId: r.message_id, source: r.source, action: r.action, kind: r.hit_kind, term: r.hit_term, reason: r.reason })),
  );
}
