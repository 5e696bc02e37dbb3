import type { ClickHouseClient } from '@clickhouse/client';
import { CLICKHOUSE, ruleHit, type RuleHit } from '@tribune/contracts';
import { z } from 'zod';
import { AppError } from '../app-error';
import type { ReviewQueueStore } from './review-queue-store';

/** A refused message "allow this" starts from: held in the queue, or any stored one (a message log). */
export interface RefusedMessage {
  id: string;
  ts: number;
  room: string;
  userId: string;
  roles: string[];
  text: string;
  status: string;
  hits: RuleHit[];
  /** still waiting in the review queue */
  held: boolean;
}

/** The queue first (a held message may not be in ClickHouse yet), then `chat.messages` by (room, id). */
export async function findRefusedMessage(deps: { store: ReviewQueueStore; clickhouse: ClickHouseClient }, room: string, id: string): Promise<RefusedMessage> {
  const held = await deps.store.get(id);
  if (held && held.room === room) {
    return { id, ts: held.ts, room, userId: held.user.id, roles: held.user.roles, text: held.text, status: 'held', hits: held.hits, held: true };
  }
  let rows: { id: string; ts_ms: string | number; user_id: string; user_roles: string[]; text: string; status: string; hits: string }[];
  try {
    const result = await deps.clickhouse.query({
      query: `SELECT id, toUnixTimestamp64Milli(ts) AS ts_ms, user_id, user_roles, text, status, hits FROM ${CLICKHOUSE.messages}
              WHERE room = {room:String} AND id = {id:String} LIMIT 1`,
      query_params: { room, id },
      format: 'JSONEachRow',
    });
    rows = await result.json();
  } catch (err) {
    throw new AppError('DEPENDENCY_UNAVAILABLE', 'ClickHouse did not answer', [], { cause: err });
  }
  const row = rows[0];
  if (!row) throw new AppError('NOT_FOUND', `message ${id} of room ${room} is neither in the review queue nor stored`, [{ field: 'id', message: 'unknown message' }]);
  const hits = z.array(ruleHit).catch([]).parse(safeJson(row.hits));
  return { id, ts: Number(row.ts_ms), room, userId: row.user_id, roles: row.user_roles, text: row.text, status: row.status, hits, held: false };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return [];
  }
}

/** The word hit "allow this" works on: the first with a place in the text. */
export function wordHitOf(message: RefusedMessage): RuleHit & { span: [number, number] } {
  const hit = message.hits.find((h): h is RuleHit & { span: [number, number] } => h.kind === 'word' && h.span !== undefined);
  if (!hit) throw new AppError('NOT_FOUND', `message ${message.id} was not refused by a banned word: there is no match to allow`, [{ field: 'id', message: 'no word hit' }]);
  return hit;
}
