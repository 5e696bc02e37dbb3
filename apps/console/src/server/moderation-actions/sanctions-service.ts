import { EVERY_ROOM, redisNames, SANCTION_WRITE_SCRIPT, sanctionField, sanctionRecord, type ModerationEvent, type SanctionRecord } from '@tribune/contracts';
import type { Logger } from '@tribune/service-kit';
import type { Redis } from 'ioredis';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../app-error';
import type { Audit } from '../audit/record-audit';
import type { Db } from '../db/prisma';
import type { DecisionRecorder } from '../review/decision-recorder';
import { CONSOLE_NODE } from '../review/review-service';
import { publishNotice } from './room-signals';

export type SanctionKind = SanctionRecord['kind'];

/** An active sanction as `sanctions.listForUser` gives it. */
export interface ActiveSanction {
  kind: SanctionKind;
  room: string | null;
  until: number | null;
  by: string;
  reason: string | null;
}

export interface GiveSanction {
  kind: SanctionKind;
  /** null: every room (bans only). */
  room: string | null;
  userId: string;
  /** Seconds until it ends; undefined: until lifted (bans only). */
  seconds?: number;
  reason?: string;
  announce?: boolean;
  by: string;
  audit: Audit;
}

export interface SanctionOutcome {
  kind: SanctionKind;
  room: string | null;
  userId: string;
  until: number | null;
  /** Whether a `notice` went to the room (asked for, and a room to tell). */
  announced: boolean;
}

export interface SanctionsService {
  give(input: GiveSanction): Promise<SanctionOutcome>;
  /** Ends a sanction now; `lifted` is false when there was none in force. */
  lift(input: { kind: SanctionKind; room: string | null; userId: string; by: string; audit: Audit }): Promise<{ lifted: boolean }>;
  /** The user's sanctions in force, wherever they were given (console, a node's timeout rule, a `mod` frame). */
  listForUser(userId: string): Promise<ActiveSanction[]>;
}

export interface SanctionsServiceDeps {
  db: Db;
  redis: Redis;
  prefix: string;
  recorder: DecisionRecorder;
  rulesVersion: () => Promise<number>;
  logger: Logger;
}

const dependencyFailed = (what: string, err: unknown) => new AppError('DEPENDENCY_UNAVAILABLE', `${what} could not be recorded or applied (PostgreSQL, Kafka or Redis): nothing changed, try again`, [], { cause: err });

/**
 * Timeouts and bans given from the console (or an API token), enforced by every node at the sender's next message:
 * the nodes read the enforcement keys on every send (packages/contracts/src/sanctions.ts). One PostgreSQL transaction
 * holds the audit row, the `chat.moderation` record (awaited in Kafka) and the Redis write, last: a failure anywhere
 * rolls the audit row back and the sanction is not in force (Kafka may then hold a record of an attempt).
 */
export function createSanctionsService(deps: SanctionsServiceDeps): SanctionsService {
  const { db, redis, recorder } = deps;
  const names = redisNames(deps.prefix);
  const log = deps.logger.child({ module: 'sanctions' });

  const keyOf = (kind: SanctionKind, room: string | null, userId: string) =>
    kind === 'timeout' ? names.userTimeout(room!, userId) : room === null ? names.userGlobalBan(userId) : names.userBan(room, userId);

  async function event(room: string | null, userId: string, action: string, reason: string): Promise<ModerationEvent> {
    return { v: 1, id: uuidv7(), ts: Date.now(), room: room ?? EVERY_ROOM, messageId: null, userId, source: 'operator', action, node: CONSOLE_NODE, rulesVersion: await deps.rulesVersion(), reason };
  }

  async function roomMustExist(room: string | null): Promise<void> {
    if (room === null) return;
    if (!(await db.room.findUnique({ where: { id: room }, select: { id: true } }))) throw new AppError('NOT_FOUND', `no room ${room}`, [{ field: 'room', message: 'unknown room' }]);
  }

  return {
    async give({ kind, room, userId, seconds, reason, announce, by, audit }) {
      if (kind === 'timeout' && (room === null || seconds === undefined)) throw new AppError('NOT_FOUND', 'a timeout is given in a room, for some seconds');
      await roomMustExist(room);
      const now = Date.now();
      const until = seconds === undefined ? null : now + seconds * 1000;
      const record: SanctionRecord = { v: 1, kind, room, userId, until, by, reason: reason ?? null, ts: now };
      const what = `${kind === 'ban' ? 'ban' : 'timeout'}${room === null ? ' from every room' : ` in ${room}`}${seconds === undefined ? '' : ` for ${seconds}s`}`;
      try {
        await db.$transaction(async (tx) => {
          await audit(tx, { target: `user:${userId}`, room, after: { kind, until, reason: reason ?? null, announce: announce ?? false } });
          await recorder.record(await event(room, userId, kind, `console: ${what} by ${by}${reason ? `: ${reason}` : ''}`));
          await redis.eval(SANCTION_WRITE_SCRIPT, 2, keyOf(kind, room, userId), names.userSanctions(userId), String(until ?? 0), seconds ?? 0, sanctionField(kind, room), JSON.stringify(record));
        });
      } catch (err) {
        if (AppError.is(err)) throw err;
        throw dependencyFailed(`the ${kind}`, err);
      }
      let announced = false;
      if (announce && room !== null) {
        const text = `${userId} was ${kind === 'ban' ? 'banned' : 'timed out'}${seconds === undefined ? '' : ` for ${describeSeconds(seconds)}`} by a moderator${reason ? `: ${reason}` : ''}`;
        try {
          await publishNotice(redis, deps.prefix, room, text);
          announced = true;
        } catch (err) {
          // In force all the same; only the room was not told.
          log.warn({ err, room, userId }, 'sanction_notice_not_published');
        }
      }
      log.info({ kind, room, userId, until, by, announced }, 'sanction_given');
      return { kind, room, userId, until, announced };
    },

    async lift({ kind, room, userId, by, audit }) {
      if (kind === 'timeout' && room === null) throw new AppError('NOT_FOUND', 'a timeout is lifted in its room', [{ field: 'room', message: 'required for a timeout' }]);
      const key = keyOf(kind, room, userId);
      let lifted = false;
      try {
        await db.$transaction(async (tx) => {
          lifted = (await redis.exists(key)) === 1;
          await audit(tx, { target: `user:${userId}`, room, before: { kind, inForce: lifted } });
          // A lift of nothing is audited (someone tried) but is no decision for the analytics.
          if (lifted) await recorder.record(await event(room, userId, kind === 'ban' ? 'unban' : 'lift_timeout', `console: ${kind} ${room === null ? 'of every room' : `in ${room}`} lifted by ${by}`));
          const results = await redis.multi().del(key).hdel(names.userSanctions(userId), sanctionField(kind, room)).exec();
          const failed = results?.find(([err]) => err !== null);
          if (!results || failed) throw failed?.[0] ?? new Error('transaction aborted');
        });
      } catch (err) {
        throw dependencyFailed('the lift', err);
      }
      log.info({ kind, room, userId, by, lifted }, 'sanction_lifted');
      return { lifted };
    },

    async listForUser(userId) {
      const index = names.userSanctions(userId);
      const fields = await redis.hgetall(index);
      const records: { field: string; record: SanctionRecord | null }[] = Object.entries(fields).map(([field, raw]) => ({ field, record: parseRecord(raw) }));
      if (records.length === 0) return [];
      // The enforcement keys are the truth: a field whose key expired or was deleted elsewhere is stale.
      const live = await redis.mget(...records.map(({ record, field }) => (record ? keyOf(record.kind, record.room, userId) : `${index}:invalid:${field}`)));
      const active: ActiveSanction[] = [];
      const stale: string[] = [];
      records.forEach(({ field, record }, i) => {
        if (record === null || live[i] === null) stale.push(field);
        else active.push({ kind: record.kind, room: record.room, until: record.until, by: record.by, reason: record.reason });
      });
      if (stale.length > 0) await redis.hdel(index, ...stale).catch((err: unknown) => log.warn({ err, userId }, 'sanction_index_cleanup_failed'));
      return active.sort((a, b) => (a.room ?? '').localeCompare(b.room ?? '') || a.kind.localeCompare(b.kind));
    },
  };
}

function parseRecord(raw: string): SanctionRecord | null {
  try {
    const parsed = sanctionRecord.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function describeSeconds(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} day${seconds === 86_400 ? '' : 's'}`;
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
  if (seconds % 60 === 0) return `${seconds / 60} minute${seconds === 60 ? '' : 's'}`;
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}
