import { randomUUID } from 'node:crypto';
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { messagesByStatus, REFUSED_STATUSES, refusedShare, roomsOverview, topRules, topTerms, uniqueChatters, type MessagesByStatusRow } from '@tribune/analytics';
import { CLICKHOUSE, topicName, TOPIC_PARTITIONS, type MessageEvent, type MessageStatus, type ModerationEvent } from '@tribune/contracts';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppProcess, clickHouseForTests, migrateTestClickHouse, waitFor, type ClickHouseForTests } from '@tribune/devstack/testing';
import { deduplicationToken } from './batching/slices';
import { buildRoutes, type Row } from './rows/routes';
import { ClickHouseRowSink } from './sink/clickhouse-row-sink';

// The rollups (clickhouse/migrations/0003) against the truth: a synthetic minute of chat goes through Kafka and
// ingest (a child process, as in production); every chart query of @tribune/analytics must then give exactly what
// the produced events say and what the raw rows say. Real Kafka, real ClickHouse.
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const RUN = randomUUID().slice(0, 8);
const PREFIX = `${process.env.KAFKA_TOPIC_PREFIX ?? ''}rollups-it-${RUN}.`;
const TOPICS = { messages: topicName(PREFIX, 'messages'), moderation: topicName(PREFIX, 'moderation'), dlq: topicName(PREFIX, 'dlq') };
const CH_PORT = 18_990 + Math.floor(Math.random() * 9);
const ROOMS = ['a', 'b', 'c'].map((r) => `rollups-${RUN}-${r}`);
const STATUSES: MessageStatus[] = ['accepted', 'masked', 'held', 'shadowed', 'blocked', 'rejected'];

const kafka = new Kafka({ clientId: `rollups-it-${RUN}`, brokers: BROKERS, logLevel: logLevel.NOTHING });
let producer: Producer;
let clickhouse: ClickHouseForTests;
let ch: ClickHouseClient;
let ingest: AppProcess | undefined;

// One whole minute, two minutes ago (UTC), so every second bucket is closed and inside the per-second table's TTL.
const MINUTE = Math.floor(Date.now() / 60_000) * 60_000 - 2 * 60_000;
const RANGE = { from: MINUTE, to: MINUTE + 60_000 };
// Totals over long ranges read whole hours from the per-hour rollup and the edges per minute: one range whose whole
// hours hold the minute, one where it lies in the minutes before the first whole hour.
const HOUR = Math.floor(MINUTE / 3_600_000) * 3_600_000;
const LONG_RANGES = [
  { from: HOUR - 90 * 60_000, to: HOUR + 135 * 60_000 },
  { from: MINUTE, to: HOUR + 3 * 3_600_000 },
];

/** 1,200 messages over the minute, uneven per second, 3 rooms, 40 users, every status; a rule hit on refused/masked ones. */
function syntheticMinute(): { messages: MessageEvent[]; moderation: ModerationEvent[] } {
  const messages: MessageEvent[] = [];
  const moderation: ModerationEvent[] = [];
  for (let i = 0; i < 1_200; i++) {
    const r = (i * 2_654_435_761) >>> 0;
    const status = STATUSES[r % 11 < 6 ? 0 : (r % 11) - 5]!;
    const hit = status === 'accepted' || status === 'shadowed' ? null : { ruleId: `rule-${r % 4}`, kind: (status === 'rejected' ? 'spam' : 'word') as 'spam' | 'word', term: status === 'rejected' ? 'rate' : `term-${r % 3}`, action: status };
    const m: MessageEvent = {
      v: 1,
      id: `${RUN}-${i}`,
      ts: MINUTE + ((r % 60_000) * (i % 3 === 0 ? 1 : 0.5)),
      room: ROOMS[r % 3]!,
      user: { id: `user-${r % 40}`, name: `User ${r % 40}`, roles: [] },
      text: `line ${i}`,
      status,
      hits: hit ? [{ ...hit, span: [0, 1] }] : [],
      cid: `c${i}`,
      node: 'node-it',
      rulesVersion: 1,
    };
    m.ts = Math.floor(m.ts);
    messages.push(m);
    if (hit) moderation.push({ v: 1, id: `${m.id}-mod`, ts: m.ts, room: m.room, messageId: m.id, userId: m.user.id, source: 'engine', action: hit.action, hit, node: 'node-it', rulesVersion: 1 });
  }
  // An operator action: counted by the moderation rollups, but no rule to rank.
  moderation.push({ v: 1, id: `${RUN}-op`, ts: MINUTE + 30_000, room: ROOMS[0]!, messageId: null, userId: 'user-1', source: 'operator', action: 'timeout', node: 'console', rulesVersion: 1, reason: 'spam' });
  return { messages, moderation };
}

async function rows<T>(query: string, query_params: Record<string, unknown>): Promise<T[]> {
  return (await ch.query({ query, query_params, format: 'JSONEachRow' })).json<T>();
}

/** What the per-bucket chart must show, computed from the events themselves. */
function expectedByStatus(messages: MessageEvent[], room: string, bucketMs: number): MessagesByStatusRow[] {
  const counts = new Map<string, number>();
  for (const m of messages.filter((x) => x.room === room)) {
    const key = `${Math.floor(m.ts / bucketMs) * bucketMs}|${m.status}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([k, messages]) => ({ t: Number(k.split('|')[0]), status: k.split('|')[1]!, messages }))
    .sort((a, b) => a.t - b.t || (a.status < b.status ? -1 : a.status > b.status ? 1 : 0));
}

beforeAll(async () => {
  clickhouse = await clickHouseForTests(CH_PORT);
  await migrateTestClickHouse(clickhouse.url);
  ch = createClient({ url: clickhouse.url, log: { level: ClickHouseLogLevel.OFF } });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      { topic: TOPICS.messages, numPartitions: TOPIC_PARTITIONS.messages },
      { topic: TOPICS.moderation, numPartitions: TOPIC_PARTITIONS.moderation },
      { topic: TOPICS.dlq, numPartitions: 1 },
    ],
  });
  await admin.disconnect();
  producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
});

afterAll(async () => {
  await ingest?.stop('SIGKILL');
  await producer?.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: Object.values(TOPICS) }).catch(() => undefined);
  await admin.disconnect();
  await ch?.close();
  await clickhouse?.stop();
});

describe('rollups (real Kafka → ingest → ClickHouse views)', () => {
  it('a synthetic minute through ingest: every chart query agrees exactly with the events and with the raw rows', async () => {
    const { messages, moderation } = syntheticMinute();
    // Small slices: many inserts, so each rollup row is the sum of several blocks' contributions.
    await producer.send({ topic: TOPICS.messages, acks: -1, messages: messages.map((e) => ({ key: e.room, value: JSON.stringify(e) })) });
    await producer.send({ topic: TOPICS.moderation, acks: -1, messages: moderation.map((e) => ({ key: e.room, value: JSON.stringify(e) })) });
    ingest = await AppProcess.start({
      app: 'ingest',
      port: 17_900 + Math.floor(Math.random() * 90),
      env: { LOG_LEVEL: 'warn', KAFKA_BROKERS: BROKERS.join(','), KAFKA_TOPIC_PREFIX: PREFIX, KAFKA_GROUP_ID: `rollups-it-${RUN}`, KAFKA_SESSION_TIMEOUT_MS: '6000', CLICKHOUSE_URL: clickhouse.url, BATCH_MAX_ROWS: '37', BATCH_MAX_WAIT_MS: '200', HOST: '127.0.0.1' },
    });
    const count = async (table: string, topic: string) => Number((await rows<{ n: string }>(`SELECT count() AS n FROM ${table} WHERE kafka_topic = {topic:String}`, { topic }))[0]?.n);
    await waitFor('minute loaded', async () => (await count(CLICKHOUSE.messages, TOPICS.messages)) >= messages.length && (await count(CLICKHOUSE.moderationEvents, TOPICS.moderation)) >= moderation.length, 120_000);
    expect(await count(CLICKHOUSE.messages, TOPICS.messages)).toBe(messages.length);

    for (const room of ROOMS) {
      const mine = messages.filter((m) => m.room === room);
      // Messages by second and by minute, per status: the events' own counts.
      expect(await messagesByStatus(ch, { room, range: RANGE, resolution: 'second' })).toEqual(expectedByStatus(messages, room, 1_000));
      expect(await messagesByStatus(ch, { room, range: RANGE, resolution: 'minute' })).toEqual(expectedByStatus(messages, room, 60_000));
      // Refused share.
      const refused = mine.filter((m) => REFUSED_STATUSES.includes(m.status)).length;
      for (const resolution of ['second', 'minute'] as const) {
        expect(await refusedShare(ch, { room, range: RANGE, resolution })).toEqual({ total: mine.length, refused, percent: (refused / mine.length) * 100 });
      }
      // Unique chatters: the uniq states merged over seconds and statuses = distinct senders (exact at this size).
      const chatters = new Set(mine.map((m) => m.user.id)).size;
      expect(await uniqueChatters(ch, { room, range: RANGE, resolution: 'second' })).toBe(chatters);
      expect(await uniqueChatters(ch, { room, range: RANGE, resolution: 'minute' })).toBe(chatters);
      for (const range of LONG_RANGES) {
        expect(await uniqueChatters(ch, { room, range, resolution: 'minute' })).toBe(chatters);
        expect(await refusedShare(ch, { room, range, resolution: 'minute' })).toEqual({ total: mine.length, refused, percent: (refused / mine.length) * 100 });
      }
      // … and the raw rows say the same.
      const [raw] = await rows<{ n: string; u: string }>(
        `SELECT count() AS n, uniqExact(user_id) AS u FROM ${CLICKHOUSE.messages} WHERE room = {room:String} AND ts >= fromUnixTimestamp64Milli({from:Int64}) AND ts < fromUnixTimestamp64Milli({to:Int64})`,
        { room, ...RANGE },
      );
      expect([Number(raw?.n), Number(raw?.u)]).toEqual([mine.length, chatters]);

      // Top rules and terms: the moderation events' counts.
      const hits = moderation.filter((e) => e.room === room && e.hit);
      const tally = (key: (e: ModerationEvent) => string, of: ModerationEvent[]) => {
        const m = new Map<string, number>();
        for (const e of of) m.set(key(e), (m.get(key(e)) ?? 0) + 1);
        return [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      };
      const rules = await topRules(ch, { room, range: RANGE, resolution: 'second', limit: 100 });
      expect(rules.map((r) => [r.ruleId, r.hits])).toEqual(tally((e) => e.hit!.ruleId, hits));
      // Each rule carries what it matched (a real word rule has one term; these synthetic ids share several), for a label.
      for (const r of rules) expect(hits.filter((e) => e.hit!.ruleId === r.ruleId).map((e) => e.hit!.term)).toContain(r.term);
      expect((await topTerms(ch, { room, range: RANGE, resolution: 'minute', limit: 100 })).map((r) => [r.term, r.hits])).toEqual(tally((e) => e.hit!.term, hits.filter((e) => e.hit!.kind === 'word')));
    }
    // The operator action is in the moderation rollups (no rule), and all events are counted once.
    const [mod] = await rows<{ n: string; op: string }>(`SELECT sum(events) AS n, sumIf(events, source = 'operator') AS op FROM ${CLICKHOUSE.moderation1m} WHERE room IN {rooms:Array(String)}`, { rooms: ROOMS });
    expect([Number(mod?.n), Number(mod?.op)]).toEqual([moderation.length, 1]);

    const expectedOverview = ROOMS.map((room) => {
      const mine = messages.filter((m) => m.room === room);
      return [room, mine.length, mine.filter((m) => REFUSED_STATUSES.includes(m.status)).length, new Set(mine.map((m) => m.user.id)).size];
    }).sort();
    for (const range of [RANGE, ...LONG_RANGES]) {
      const overview = (await roomsOverview(ch, { range, resolution: 'minute', limit: 10_000 })).filter((r) => ROOMS.includes(r.room));
      expect(overview.map((r) => [r.room, r.messages, r.refused, r.chatters]).sort()).toEqual(expectedOverview);
    }
    // The per-hour rollup holds every message once.
    const [hourly] = await rows<{ n: string }>(`SELECT sum(messages) AS n FROM ${CLICKHOUSE.messages1h} WHERE room IN {rooms:Array(String)}`, { rooms: ROOMS });
    expect(Number(hourly?.n)).toBe(messages.length);
  }, 180_000);

  it('a redelivered batch (same token) does not double a rollup; a different batch with identical rollup rows is counted', async () => {
    const room = `rollups-${RUN}-redelivery`;
    const topic = `${PREFIX}redelivery`;
    const route = buildRoutes(PREFIX).get(TOPICS.messages)!;
    const ts = MINUTE + 10_500;
    const batch = (ids: string[], firstOffset: number): Row[] =>
      ids.map((id, k) => {
        const event: MessageEvent = { v: 1, id, ts, room, user: { id: 'user-1', name: 'One', roles: [] }, text: 'same', status: 'accepted', hits: [], cid: id, node: 'node-it', rulesVersion: 1 };
        const r = route.parse(Buffer.from(JSON.stringify(event)), { topic, partition: 0, offset: String(firstOffset + k) });
        if (r.kind !== 'ok') throw new Error('fixture must be valid');
        return r.value.row;
      });
    const sink = new ClickHouseRowSink({ url: clickhouse.url, username: 'default', password: '' });
    const perSecond = async () => (await messagesByStatus(ch, { room, range: RANGE, resolution: 'second' })).map((r) => [r.t, r.status, r.messages]);
    const perMinute = async () => (await messagesByStatus(ch, { room, range: RANGE, resolution: 'minute' })).map((r) => r.messages);
    try {
      const first = batch([`${RUN}-r0`, `${RUN}-r1`, `${RUN}-r2`], 0);
      const token = deduplicationToken(topic, 0, '0', '2');
      await sink.insert(CLICKHOUSE.messages, first, token);
      expect(await perSecond()).toEqual([[Math.floor(ts / 1000) * 1000, 'accepted', 3]]);
      // The same slice again (a retry after a lost acknowledgement, a replay after a crash): dropped everywhere.
      await sink.insert(CLICKHOUSE.messages, first, token);
      await sink.insert(CLICKHOUSE.messages, first, token);
      expect(await perSecond()).toEqual([[Math.floor(ts / 1000) * 1000, 'accepted', 3]]);
      expect(await perMinute()).toEqual([3]);
      expect(await uniqueChatters(ch, { room, range: RANGE })).toBe(1);
      // Other offsets whose rows fold into the very same rollup rows: new data, counted.
      await sink.insert(CLICKHOUSE.messages, batch([`${RUN}-r3`, `${RUN}-r4`, `${RUN}-r5`], 3), deduplicationToken(topic, 0, '3', '5'));
      expect(await perSecond()).toEqual([[Math.floor(ts / 1000) * 1000, 'accepted', 6]]);
      expect(await perMinute()).toEqual([6]);
      const [raw] = await rows<{ n: string }>(`SELECT count() AS n FROM ${CLICKHOUSE.messages} WHERE room = {room:String}`, { room });
      expect(Number(raw?.n)).toBe(6);
    } finally {
      await sink.close();
    }
  }, 60_000);
});
