import type { ClickHouseClient } from '@clickhouse/client';
import { CLICKHOUSE } from '@tribune/contracts';

/** A stored message as a backtest replays it: what the engine needs, and what it was decided at the time. */
export interface StoredMessage {
  id: string;
  /** ms since epoch */
  ts: number;
  room: string;
  userId: string;
  roles: string[];
  text: string;
  /** the status it got when it was sent (contracts `messageStatus`) */
  status: string;
}

export interface StoredMessagesQuery {
  /** null = every room */
  room: string | null;
  /** window [since, until], ms since epoch */
  since: number;
  until: number;
  /** at most this many messages, the most recent of the window */
  limit: number;
}

export interface StoredMessages {
  /** oldest first: the order a replay needs */
  messages: StoredMessage[];
  /** the window held more than `limit` messages: only the most recent `limit` are here */
  truncated: boolean;
}

/**
 * The most recent `limit` messages of a room (or of every room) in a time window, from raw `chat.messages`
 * (bounded by the window and the LIMIT, on its `(room, ts, id)` order), oldest first. Values only through
 * bound parameters.
 */
export async function readStoredMessages(ch: ClickHouseClient, q: StoredMessagesQuery): Promise<StoredMessages> {
  const roomFilter = q.room === null ? '' : 'AND room = {room:String}';
  const result = await ch.query({
    query: `SELECT id, toUnixTimestamp64Milli(ts) AS ts_ms, room, user_id, user_roles, text, status
            FROM ${CLICKHOUSE.messages}
            WHERE ts >= fromUnixTimestamp64Milli({since:Int64}) AND ts <= fromUnixTimestamp64Milli({until:Int64}) ${roomFilter}
            ORDER BY ts DESC, id DESC
            LIMIT {limit:UInt32}`,
    query_params: { since: q.since, until: q.until, limit: q.limit + 1, ...(q.room === null ? {} : { room: q.room }) },
    format: 'JSONEachRow',
  });
  // `ts_ms`, not `ts`: ClickHouse aliases are visible in WHERE, and would shadow the column there.
  const rows = await result.json<{ id: string; ts_ms: string | number; room: string; user_id: string; user_roles: string[]; text: string; status: string }>();
  const truncated = rows.length > q.limit;
  const kept = truncated ? rows.slice(0, q.limit) : rows;
  const messages = kept.reverse().map((r) => ({ id: r.id, ts: Number(r.ts_ms), room: r.room, userId: r.user_id, roles: r.user_roles, text: r.text, status: r.status }));
  return { messages, truncated };
}
