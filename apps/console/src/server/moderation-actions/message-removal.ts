import type { ModerationEvent } from '@tribune/contracts';
import type { Logger } from '@tribune/service-kit';
import type { Redis } from 'ioredis';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../app-error';
import type { Audit } from '../audit/record-audit';
import type { Db } from '../db/prisma';
import type { DecisionRecorder } from '../review/decision-recorder';
import { CONSOLE_NODE } from '../review/review-service';
import { CONSOLE_ORIGIN, readHistory, removeFromRoom } from './room-signals';

export interface MessageRemoval {
  /** One message out of the room: viewers on every node get `deleted`, the shared history and node rings lose it. */
  delete(input: { room: string; id: string; reason?: string; by: string; audit: Audit }): Promise<{ deleted: true }>;
  /** Every message of the user in the room's recent history (and in each node's ring), the same way. */
  purgeUser(input: { room: string; userId: string; reason?: string; by: string; audit: Audit }): Promise<{ deleted: number }>;
}

export interface MessageRemovalDeps {
  db: Db;
  redis: Redis;
  prefix: string;
  recorder: DecisionRecorder;
  rulesVersion: () => Promise<number>;
  logger: Logger;
}

/**
 * Deleting messages from the console. One PostgreSQL transaction holds the audit row, the `chat.moderation` records
 * (awaited in Kafka) and, last, the Redis step: LREM from the room's history list and the envelope (`deleted` /
 * `purged`) in one MULTI, on which every node drops the message(s) from its ring and tells its viewers.
 */
export function createMessageRemoval(deps: MessageRemovalDeps): MessageRemoval {
  const { db, redis, recorder } = deps;
  const log = deps.logger.child({ module: 'message_removal' });

  async function event(room: string, userId: string, messageId: string | null, action: string, reason: string): Promise<ModerationEvent> {
    return { v: 1, id: uuidv7(), ts: Date.now(), room, messageId, userId, source: 'operator', action, node: CONSOLE_NODE, rulesVersion: await deps.rulesVersion(), reason };
  }

  const failed = (err: unknown) =>
    AppError.is(err) ? err : new AppError('DEPENDENCY_UNAVAILABLE', 'the deletion could not be recorded or applied (PostgreSQL, Kafka or Redis): nothing changed, try again', [], { cause: err });

  return {
    async delete({ room, id, reason, by, audit }) {
      const why = `console: deleted by ${by}${reason ? `: ${reason}` : ''}`;
      try {
        await db.$transaction(async (tx) => {
          // Who wrote it, for the record: the shared history holds the last 50 (a node's ring may hold it longer).
          const author = (await readHistory(redis, deps.prefix, room)).find((m) => m.id === id)?.user.id ?? '';
          await audit(tx, { target: `message:${id}`, room, after: { deleted: true, user: author || null, reason: reason ?? null } });
          await recorder.record(await event(room, author, id, 'delete', why));
          await removeFromRoom(redis, deps.prefix, room, (m) => m.id === id, { v: 1, kind: 'deleted', origin: CONSOLE_ORIGIN, room, id });
        });
      } catch (err) {
        throw failed(err);
      }
      log.info({ room, id, by }, 'message_deleted');
      return { deleted: true };
    },

    async purgeUser({ room, userId, reason, by, audit }) {
      const why = `console: purged by ${by}${reason ? `: ${reason}` : ''}`;
      let deleted = 0;
      try {
        await db.$transaction(async (tx) => {
          const ids = (await readHistory(redis, deps.prefix, room)).filter((m) => m.user.id === userId).map((m) => m.id);
          await audit(tx, { target: `user:${userId}`, room, after: { purged: ids.length, ids, reason: reason ?? null } });
          // One `purge` (what analytics counts as the action) and one `delete` per message it took out.
          await recorder.record(await event(room, userId, null, 'purge', `${why} (${ids.length} in the recent history)`));
          for (const messageId of ids) await recorder.record(await event(room, userId, messageId, 'delete', why));
          // `purged`: each node also drops the user's messages its ring holds beyond the shared history's 50.
          deleted = (await removeFromRoom(redis, deps.prefix, room, (m) => m.user.id === userId, { v: 1, kind: 'purged', origin: CONSOLE_ORIGIN, room, userId })).length;
        });
      } catch (err) {
        throw failed(err);
      }
      log.info({ room, userId, by, deleted }, 'user_purged');
      return { deleted };
    },
  };
}
