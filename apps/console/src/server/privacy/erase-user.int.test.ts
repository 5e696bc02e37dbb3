import { randomUUID } from 'node:crypto';
import { CLICKHOUSE, redisNames } from '@tribune/contracts';
import { createLogger } from '@tribune/service-kit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../services';
import { consoleTestEnv, operatorCaller, startTestServices } from '../testing/operator-caller';

// Erasing one viewer on the real stores: ClickHouse rows (messages, moderation events), Redis room histories, flood
// and timeout keys, a `deleted` announcement per recent message on the room channel — and nobody else's data touched.
const run = randomUUID().slice(0, 8);
const env = consoleTestEnv(`erase-${run}`);
const logger = createLogger({ name: 'erase-int', level: 'warn' });
const operator = { email: `op-erase-${run}@tribune.test`, password: 'integration-password' };
const rooms = [`erase-${run}-a`, `erase-${run}-b`];
const target = `viewer-${run}-erased`;
const others = [`viewer-${run}-kept-1`, `viewer-${run}-kept-2`];
// A user whose id contains the target's: a sloppy LIKE would erase them too.
const lookalike = `${target}-not`;

let services: Services;
let subscriber: Redis;
const announced: { room: string; id: string }[] = [];
const purged: { room: string; userId: string }[] = [];
const now = Date.now();
const chTs = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

interface Msg { id: string; room: string; user: string; ts: number }
const messages: Msg[] = [];
for (const [r, room] of rooms.entries())
  for (const [u, user] of [target, ...others, lookalike].entries())
    for (let i = 0; i < 3; i++) messages.push({ id: `${run}-${r}-${u}-${i}`, room, user, ts: now - (i === 2 ? 3 * 86_400_000 : (i + 1) * 60_000) });

async function countBy(table: string, user: string): Promise<number> {
  const res = await services.clickhouse.query({ query: `SELECT count() AS n FROM ${table} WHERE user_id = {u:String} AND room IN {rooms:Array(String)}`, query_params: { u: user, rooms }, format: 'JSONEachRow' });
  return Number((await res.json<{ n: string }>())[0]!.n);
}

beforeAll(async () => {
  services = (await startTestServices(env, logger, operator)).services;
  const caller = await operatorCaller(services, operator);
  for (const room of rooms) await caller.rooms.create({ id: room, title: room });
  await services.clickhouse.insert({
    table: CLICKHOUSE.messages,
    format: 'JSONEachRow',
    values: messages.map((m, i) => ({
      id: m.id, ts: chTs(m.ts), room: m.room, user_id: m.user, user_name: m.user, user_roles: [], text: `hello from ${m.user}`, delivered_text: null,
      status: 'accepted', hits: '[]', hit_rule_ids: [], hit_terms: [], hit_actions: [], cid: `c${i}`, node: 'erase-node', rules_version: 1,
      kafka_topic: `test.erase.${run}`, kafka_partition: 0, kafka_offset: i,
    })),
  });
  await services.clickhouse.insert({
    table: CLICKHOUSE.moderationEvents,
    format: 'JSONEachRow',
    values: messages.map((m, i) => ({
      id: `${m.id}-d`, ts: chTs(m.ts), room: m.room, message_id: m.id, user_id: m.user, source: 'engine', action: 'block', hit: '', hit_rule_id: 'w1',
      hit_kind: 'word', hit_term: 'x', node: 'erase-node', rules_version: 1, reason: '', kafka_topic: `test.erase-mod.${run}`, kafka_partition: 0, kafka_offset: i,
    })),
  });
  const names = redisNames(env.REDIS_PREFIX);
  for (const m of messages.filter((x) => x.ts > now - 86_400_000)) {
    await services.redis.lpush(names.roomHistory(m.room), JSON.stringify({ room: m.room, id: m.id, user: { id: m.user, name: m.user, roles: [] }, text: `hello from ${m.user}`, ts: m.ts }));
  }
  for (const room of rooms) for (const user of [target, others[0]!]) {
    await services.redis.hset(names.floodUser(room, user), 'r:default-rate', '3:1');
    await services.redis.set(names.userTimeout(room, user), '1', 'EX', 600);
  }
  subscriber = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  await subscriber.subscribe(...rooms.map((r) => names.roomChannel(r)));
  subscriber.on('message', (_channel, raw: string) => {
    const e = JSON.parse(raw) as { kind: string; room: string; id: string; userId: string };
    if (e.kind === 'deleted') announced.push({ room: e.room, id: e.id });
    if (e.kind === 'purged') purged.push({ room: e.room, userId: e.userId });
  });
});

afterAll(async () => {
  subscriber?.disconnect();
  if (services) {
    await services.db.room.deleteMany({ where: { id: { in: rooms } } });
    const keys = await services.redis.keys(`${env.REDIS_PREFIX}:*`);
    if (keys.length > 0) await services.redis.del(...keys);
    await services.close();
  }
});

describe('privacy.eraseUser on real ClickHouse, Redis and PostgreSQL', () => {
  it('refuses a confirmation that does not match, naming the field, and erases nothing', async () => {
    const caller = await operatorCaller(services, operator);
    const err = await caller.privacy.eraseUser({ userId: target, confirmUserId: `${target}x` }).catch((e: unknown) => e);
    expect((err as { cause?: { issues?: { path: PropertyKey[] }[] } }).cause?.issues?.map((i) => i.path.join('.'))).toEqual(['confirmUserId']);
    expect(await countBy(CLICKHOUSE.messages, target)).toBe(6);
  });

  it("removes exactly one user's messages and decisions, history entries, counters and timeouts; announces the recent ones", async () => {
    const caller = await operatorCaller(services, operator);
    const before = Object.fromEntries(await Promise.all([...others, lookalike].map(async (u) => [u, [await countBy(CLICKHOUSE.messages, u), await countBy(CLICKHOUSE.moderationEvents, u)]] as const)));
    const report = await caller.privacy.eraseUser({ userId: target, confirmUserId: target });

    expect(report.clickhouse).toEqual({ messages: 6, moderationEvents: 6 });
    expect(report.redisHistory).toBe(4);
    expect(report.redisKeys).toBe(4);
    expect(report.rooms).toEqual([...rooms].sort());
    expect(report.announced).toBe(4);
    expect(report.kafka).toMatch(/retention/);

    expect(await countBy(CLICKHOUSE.messages, target)).toBe(0);
    expect(await countBy(CLICKHOUSE.moderationEvents, target)).toBe(0);
    for (const u of [...others, lookalike]) expect([await countBy(CLICKHOUSE.messages, u), await countBy(CLICKHOUSE.moderationEvents, u)], u).toEqual(before[u]);

    const names = redisNames(env.REDIS_PREFIX);
    for (const room of rooms) {
      const users = (await services.redis.lrange(names.roomHistory(room), 0, -1)).map((raw) => (JSON.parse(raw) as { user: { id: string } }).user.id);
      expect(users).not.toContain(target);
      expect(users.filter((u) => u === others[0]).length).toBe(2);
      expect(users.filter((u) => u === lookalike).length).toBe(2);
      expect(await services.redis.exists(names.floodUser(room, target), names.userTimeout(room, target))).toBe(0);
      expect(await services.redis.exists(names.floodUser(room, others[0]!), names.userTimeout(room, others[0]!))).toBe(2);
    }
    const recentIds = messages.filter((m) => m.user === target && m.ts > now - 86_400_000).map((m) => `${m.room}/${m.id}`).sort();
    await expect.poll(() => announced.map((a) => `${a.room}/${a.id}`).sort(), { timeout: 2000 }).toEqual(recentIds);
    // Each node's ring loses whatever else of theirs it holds.
    await expect.poll(() => purged.map((p) => `${p.room}/${p.userId}`).sort(), { timeout: 2000 }).toEqual([...rooms].sort().map((r) => `${r}/${target}`));

    const record = await services.db.erasure.findUniqueOrThrow({ where: { id: report.id } });
    expect(record).toMatchObject({ userId: target, requestedBy: operator.email });
    // Erasing again finds nothing, and says so.
    const again = await caller.privacy.eraseUser({ userId: target, confirmUserId: target });
    expect(again).toMatchObject({ clickhouse: { messages: 0, moderationEvents: 0 }, redisHistory: 0, announced: 0 });
  });
});
