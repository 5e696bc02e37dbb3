import type { ClickHouseClient } from '@clickhouse/client';
import { CLICKHOUSE, chatMessage, redisNames, type FanoutEnvelope } from '@tribune/contracts';
import type { Logger } from '@tribune/service-kit';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Audit } from '../audit/record-audit';
import type { Db } from '../db/prisma';

/**
 * Erases one viewer's data (docs/privacy.md): their messages and the decisions about them from ClickHouse, their
 * messages from every room's Redis history and — through a `deleted` announcement per message — from every node's
 * history ring and every open screen, their flood counters and timeouts in Redis. What Kafka still holds ages out
 * with the topics' retention (TOPIC_RETENTION_MS); the rollups keep counts only (the chatters are `uniq` hash states,
 * not ids). The erasure itself is recorded in PostgreSQL (`erasures`): who asked, when, what was removed.
 */
export interface ErasureReport {
  id: string;
  userId: string;
  /** Rows removed from ClickHouse, counted before the mutation. */
  clickhouse: { messages: number; moderationEvents: number };
  /** Entries removed from rooms' Redis histories. */
  redisHistory: number;
  /** Flood-state and timeout keys deleted. */
  redisKeys: number;
  /** Rooms where the user had messages (ClickHouse or Redis). */
  rooms: string[];
  /** `deleted` announcements published (one per recent message). */
  announced: number;
  /** What Kafka keeps, in words. */
  kafka: string;
}

export interface EraseUserDeps {
  db: Db;
  redis: Redis;
  clickhouse: ClickHouseClient;
  redisPrefix: string;
  logger: Logger;
}

/** Messages newer than this are announced as `deleted` (node rings and screens hold only recent ones). */
const ANNOUNCE_WINDOW_MS = 24 * 3600_000;
const count = z.coerce.number().int().nonnegative();

async function rows<T extends z.ZodType>(ch: ClickHouseClient, query: string, params: Record<string, unknown>, schema: T): Promise<z.infer<T>[]> {
  const result = await ch.query({ query, query_params: params, format: 'JSONEachRow' });
  return z.array(schema).parse(await result.json());
}

export async function eraseUser(deps: EraseUserDeps, userId: string, requestedBy: string, audit?: Audit): Promise<ErasureReport> {
  const { db, redis, clickhouse: ch } = deps;
  const names = redisNames(deps.redisPrefix);
  const log = deps.logger.child({ module: 'privacy' });
  const u = { u: userId };

  // What there is, before anything is removed: the counts for the record, the rooms, the recent ids to announce.
  const [[messages], [moderation], chRooms, recent, pgRooms] = await Promise.all([
    rows(ch, `SELECT count() AS n FROM ${CLICKHOUSE.messages} WHERE user_id = {u:String}`, u, z.object({ n: count })),
    rows(ch, `SELECT count() AS n FROM ${CLICKHOUSE.moderationEvents} WHERE user_id = {u:String}`, u, z.object({ n: count })),
    rows(ch, `SELECT DISTINCT room FROM ${CLICKHOUSE.messages} WHERE user_id = {u:String}`, u, z.object({ room: z.string() })),
    rows(
      ch,
      `SELECT room, id FROM ${CLICKHOUSE.messages} WHERE user_id = {u:String} AND ts >= fromUnixTimestamp64Milli({since:Int64}) AND status IN ('accepted', 'masked')`,
      { ...u, since: Date.now() - ANNOUNCE_WINDOW_MS },
      z.object({ room: z.string(), id: z.string() }),
    ),
    db.room.findMany({ select: { id: true } }),
  ]);

  // Redis: each room's history list loses the user's entries; their flood counters and timeouts go.
  const rooms = new Set([...chRooms.map((r) => r.room), ...pgRooms.map((r) => r.id)]);
  const toAnnounce = new Map(recent.map((r) => [`${r.room}\u0000${r.id}`, r]));
  let redisHistory = 0;
  const touched = new Set(chRooms.map((r) => r.room));
  for (const room of rooms) {
    const key = names.roomHistory(room);
    for (const raw of await redis.lrange(key, 0, -1)) {
      let parsed: { id: string; user: { id: string } } | null = null;
      try {
        const m = chatMessage.safeParse(JSON.parse(raw));
        parsed = m.success ? m.data : null;
      } catch {
        parsed = null;
      }
      if (parsed?.user.id !== userId) continue;
      redisHistory += await redis.lrem(key, 0, raw);
      toAnnounce.set(`${room}\u0000${parsed.id}`, { room, id: parsed.id });
      touched.add(room);
    }
  }
  const keys = [...rooms].flatMap((room) => [names.floodUser(room, userId), names.userTimeout(room, userId)]);
  const redisKeys = keys.length > 0 ? await redis.del(...keys) : 0;

  // Every node drops the message from its ring and tells its viewers, as for a moderator's deletion.
  const announce = redis.pipeline();
  for (const { room, id } of toAnnounce.values()) {
    const envelope: FanoutEnvelope = { v: 1, kind: 'deleted', origin: 'console-erasure', room, id };
    announce.publish(names.roomChannel(room), JSON.stringify(envelope));
  }
  // And in each room the user wrote in, `purged`: a node drops whatever else of theirs its ring holds (messages older
  // than the window above, or not yet in ClickHouse), so no join or `since` on any node is served them afterwards.
  for (const room of touched) {
    const envelope: FanoutEnvelope = { v: 1, kind: 'purged', origin: 'console-erasure', room, userId };
    announce.publish(names.roomChannel(room), JSON.stringify(envelope));
  }
  if (toAnnounce.size > 0 || touched.size > 0) await announce.exec();

  // ClickHouse: a mutation (ALTER … DELETE), waited for on every replica (mutations_sync=2). Not a lightweight
  // DELETE: the event tables carry the `lineage` projection, which lightweight deletes refuse (or would have to drop),
  // and a mutation rewrites the parts, so the text is physically gone, not masked until a merge.
  for (const table of [CLICKHOUSE.messages, CLICKHOUSE.moderationEvents]) {
    await ch.command({ query: `ALTER TABLE ${table} DELETE WHERE user_id = {u:String}`, query_params: u, clickhouse_settings: { mutations_sync: '2' } });
  }

  const kafka = 'Kafka keeps the raw events until the topics\u2019 retention drops their segments (7 days + one daily segment: at most 8 days); nothing reads them after ingest';
  const summary = { clickhouse: { messages: messages?.n ?? 0, moderationEvents: moderation?.n ?? 0 }, redisHistory, redisKeys, rooms: [...touched], announced: toAnnounce.size };
  const record = await db.$transaction(async (tx) => {
    const row = await tx.erasure.create({ data: { userId, requestedBy, report: summary } });
    await audit?.(tx, { target: `user:${userId}`, after: summary });
    return row;
  });
  const report: ErasureReport = {
    id: record.id,
    userId,
    clickhouse: { messages: messages?.n ?? 0, moderationEvents: moderation?.n ?? 0 },
    redisHistory,
    redisKeys,
    rooms: [...touched].sort(),
    announced: toAnnounce.size,
    kafka,
  };
  log.info({ ...report, requestedBy }, 'user_erased');
  return report;
}
