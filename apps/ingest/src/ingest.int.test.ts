import { randomUUID } from 'node:crypto';
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { dlqEvent, topicName, TOPIC_PARTITIONS, type DlqEvent, type MessageEvent, type ModerationEvent } from '@tribune/contracts';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deduplicationToken } from './batching/slices';
import { buildRoutes } from './rows/routes';
import { ClickHouseRowSink } from './sink/clickhouse-row-sink';
import { SinkError } from './sink/sink-errors';
import { AppProcess, clickHouseForTests, migrateTestClickHouse, waitFor, type ClickHouseForTests } from '@tribune/devstack/testing';

// Real Kafka and a real ClickHouse HTTP server (the harness's, or an embedded chdb one of our own);
// ingest itself runs as a child process exactly as in production. Each scenario gets its own topic
// prefix and consumer group, and rows are told apart by their Kafka lineage (kafka_topic).
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const RUN = randomUUID().slice(0, 8);
const BASE_PREFIX = `${process.env.KAFKA_TOPIC_PREFIX ?? ''}ingest-it-${RUN}-`;
const CH_PORT = 18_900 + Math.floor(Math.random() * 90);
let nextPort = 17_100 + Math.floor(Math.random() * 800);

const kafka = new Kafka({ clientId: `ingest-it-${RUN}`, brokers: BROKERS, logLevel: logLevel.NOTHING });
let producer: Producer;
let clickhouse: ClickHouseForTests;
let ch: ClickHouseClient;
const children: AppProcess[] = [];
const createdTopics: string[] = [];

interface Scenario {
  prefix: string;
  topics: { messages: string; moderation: string; dlq: string };
  env: Record<string, string>;
}

async function scenario(name: string, env: Record<string, string> = {}): Promise<Scenario> {
  const prefix = `${BASE_PREFIX}${name}.`;
  const topics = { messages: topicName(prefix, 'messages'), moderation: topicName(prefix, 'moderation'), dlq: topicName(prefix, 'dlq') };
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      { topic: topics.messages, numPartitions: TOPIC_PARTITIONS.messages },
      { topic: topics.moderation, numPartitions: TOPIC_PARTITIONS.moderation },
      { topic: topics.dlq, numPartitions: TOPIC_PARTITIONS.dlq },
    ],
  });
  await admin.disconnect();
  createdTopics.push(...Object.values(topics));
  return {
    prefix,
    topics,
    env: {
      KAFKA_BROKERS: BROKERS.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      KAFKA_GROUP_ID: `ingest-it-${RUN}-${name}`,
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      CLICKHOUSE_URL: clickhouse.url,
      BATCH_MAX_WAIT_MS: '200',
      INSERT_BACKOFF_MAX_MS: '1000',
      ...env,
    },
  };
}

async function ingest(s: Scenario): Promise<AppProcess> {
  const child = await AppProcess.start({ app: 'ingest', port: nextPort++, env: { LOG_LEVEL: 'warn', ...s.env, HOST: '127.0.0.1' } });
  children.push(child);
  return child;
}

function messageEvent(room: string, i: number): MessageEvent {
  return {
    v: 1,
    id: `${RUN}-${room}-${i}-${randomUUID()}`,
    ts: Date.now(),
    room,
    user: { id: `u${i % 17}`, name: `User ${i % 17}`, roles: i % 5 === 0 ? ['subscriber'] : [] },
    text: `message ${i}`,
    status: i % 10 === 0 ? 'masked' : 'accepted',
    ...(i % 10 === 0 ? { deliveredText: 'message ***', hits: [{ ruleId: 'w1', kind: 'word' as const, term: 'x', action: 'mask', span: [0, 1] as [number, number] }] } : { hits: [] }),
    cid: `c${i}`,
    node: 'node-it',
    rulesVersion: 1,
  };
}

async function produce(topic: string, events: { room: string }[]): Promise<void> {
  await producer.send({ topic, acks: -1, messages: events.map((e) => ({ key: e.room, value: JSON.stringify(e) })) });
}

async function one<T>(query: string, query_params: Record<string, unknown> = {}): Promise<T> {
  const rows = await (await ch.query({ query, query_params, format: 'JSONEachRow' })).json<T>();
  return rows[0]!;
}

const loaded = (table: string, topic: string) =>
  one<{ n: string; ids: string }>(`SELECT count() AS n, uniqExact(id) AS ids FROM ${table} WHERE kafka_topic = {topic:String}`, { topic }).then((r) => ({
    rows: Number(r.n),
    ids: Number(r.ids),
  }));

const perMinuteTotal = (rooms: string[]) =>
  one<{ n: string }>('SELECT sum(messages) AS n FROM chat.messages_per_minute WHERE room IN {rooms:Array(String)}', { rooms }).then((r) => Number(r.n));

beforeAll(async () => {
  clickhouse = await clickHouseForTests(CH_PORT);
  await migrateTestClickHouse(clickhouse.url);
  ch = createClient({ url: clickhouse.url, log: { level: ClickHouseLogLevel.OFF } });
  producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
});

afterAll(async () => {
  await Promise.all(children.map((c) => c.stop('SIGKILL')));
  await producer?.disconnect();
  // Leave a shared dev broker as we found it.
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: createdTopics }).catch(() => undefined);
  await admin.disconnect();
  await ch?.close();
  await clickhouse?.stop();
});

describe('ingest (real Kafka → ClickHouse)', () => {
  it('loads N message events exactly once, feeds the per-minute view, loads moderation events, dead-letters an invalid event without blocking its partition', async () => {
    const s = await scenario('basic', { BATCH_MAX_ROWS: '40' });
    const rooms = ['basic-a', 'basic-b', 'basic-c', 'basic-d'].map((r) => `${RUN}-${r}`);
    const N = 400;
    const events = Array.from({ length: N }, (_, i) => messageEvent(rooms[i % rooms.length]!, i));
    const moderation: ModerationEvent[] = events.slice(0, 10).map((m, i) => ({
      v: 1,
      id: `${m.id}-mod`,
      ts: m.ts,
      room: m.room,
      messageId: m.id,
      userId: m.user.id,
      source: 'engine',
      action: 'mask',
      hit: { ruleId: 'w1', kind: 'word', term: 'x', action: 'mask' },
      node: 'node-it',
      rulesVersion: 1,
      ...(i === 0 ? { reason: 'banned word' } : {}),
    }));

    await produce(s.topics.messages, events.slice(0, N / 2));
    // An invalid event (wrong status) and a valid one after it, on the same key, so the same partition.
    const invalid = { ...messageEvent(rooms[0]!, 9_999), status: 'exploded' };
    const after = messageEvent(rooms[0]!, 10_000);
    await produce(s.topics.messages, [invalid, after]);
    await produce(s.topics.messages, events.slice(N / 2));
    await produce(s.topics.moderation, moderation);

    const started = Date.now();
    const proc = await ingest(s);
    const expected = N + 1; // the N events and the valid one behind the invalid event
    const final = await waitFor('all messages loaded', async () => {
      const l = await loaded('chat.messages', s.topics.messages);
      return l.rows >= expected ? l : undefined;
    });
    const seconds = (Date.now() - started) / 1000;
    expect(final).toEqual({ rows: expected, ids: expected });
    expect(await perMinuteTotal(rooms)).toBe(expected);
    expect(await waitFor('moderation loaded', async () => ((await loaded('chat.moderation_events', s.topics.moderation)).rows >= 10 ? loaded('chat.moderation_events', s.topics.moderation) : undefined))).toEqual({
      rows: 10,
      ids: 10,
    });

    // The row is what was produced, with its lineage.
    const masked = await one<Record<string, unknown>>(
      'SELECT status, delivered_text, hit_terms, toUnixTimestamp64Milli(ts) AS ts_ms, kafka_topic FROM chat.messages WHERE id = {id:String}',
      { id: events[10]!.id },
    );
    expect(masked).toMatchObject({ status: 'masked', delivered_text: 'message ***', hit_terms: ['x'], kafka_topic: s.topics.messages });
    expect(Number(masked.ts_ms)).toBe(events[10]!.ts);
    expect(Number((await one<{ n: string }>('SELECT count() AS n FROM chat.messages WHERE id = {id:String}', { id: invalid.id })).n)).toBe(0);

    // The invalid event is in the DLQ with the reason and its origin.
    const letters: DlqEvent[] = [];
    const reader = kafka.consumer({ groupId: `ingest-it-${RUN}-dlq-reader` });
    await reader.connect();
    await reader.subscribe({ topic: s.topics.dlq, fromBeginning: true });
    await reader.run({ eachMessage: async ({ message }) => void letters.push(dlqEvent.parse(JSON.parse(message.value!.toString()))) });
    await waitFor('dead letter', async () => letters.length >= 1);
    await reader.disconnect();
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ v: 1, topic: s.topics.messages });
    expect(letters[0]!.reason).toMatch(/^schema_invalid: status/);
    expect(JSON.parse(letters[0]!.payload)).toMatchObject({ id: invalid.id });
    // The ops endpoints report what happened.
    const metrics = await (await fetch(`http://127.0.0.1:${proc.port}/metrics`)).text();
    expect(metrics).toMatch(/tribune_ingest_rows_inserted_total\{table="chat.messages"\} 401\b/);
    expect(metrics).toMatch(/tribune_ingest_rows_inserted_total\{table="chat.moderation_events"\} 10\b/);
    expect(metrics).toMatch(new RegExp(`tribune_ingest_dlq_events_total\\{topic="${s.topics.messages.replaceAll('.', '\\.')}"\\} 1\\b`));
    const ready = await fetch(`http://127.0.0.1:${proc.port}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', failures: {} });
    process.stdout.write(`ingest basic: ${expected} rows loaded in ${seconds.toFixed(1)} s (incl. process start and group join)\n`);
  }, 90_000);

  it('tells data ClickHouse refuses (not retriable) from an unavailable table (retriable)', async () => {
    const sink = new ClickHouseRowSink({ url: clickhouse.url, username: 'default', password: '' });
    try {
      const bad = await sink.insert('chat.messages', [{ id: 'x', ts: 'not a time', room: 'r' }], `${RUN}-bad`).catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(SinkError);
      expect(bad).toMatchObject({ code: 'CLICKHOUSE_DATA_REJECTED', retriable: false });
      const missing = await sink.insert(`chat.missing_${RUN.replaceAll('-', '')}`, [{ id: 'x' }], `${RUN}-missing`).catch((e: unknown) => e);
      expect(missing).toMatchObject({ code: 'CLICKHOUSE_UNAVAILABLE', retriable: true, clickhouseCode: '60' });
    } finally {
      await sink.close();
    }
  }, 90_000);

  it('rows a crashed predecessor loaded but never committed are not loaded again, even with different slicing', async () => {
    const s = await scenario('resume', { BATCH_MAX_ROWS: '7' });
    const room = `${RUN}-resume`;
    const events = Array.from({ length: 20 }, (_, i) => messageEvent(room, i));
    const partition = 0;
    await producer.send({ topic: s.topics.messages, acks: -1, messages: events.map((e) => ({ key: e.room, partition, value: JSON.stringify(e) })) });

    // The predecessor loaded offsets 0..9 as one slice, then died before committing.
    const route = buildRoutes(s.prefix).get(s.topics.messages)!;
    const rows = events.slice(0, 10).map((e, offset) => {
      const r = route.parse(Buffer.from(JSON.stringify(e)), { topic: s.topics.messages, partition, offset: String(offset) });
      if (r.kind !== 'ok') throw new Error('fixture must be valid');
      return r.value.row;
    });
    const sink = new ClickHouseRowSink({ url: clickhouse.url, username: 'default', password: '' });
    await sink.insert('chat.messages', rows, deduplicationToken(s.topics.messages, partition, '0', '9'));
    await sink.close();

    await ingest(s);
    await waitFor('rest loaded', async () => (await loaded('chat.messages', s.topics.messages)).rows >= 20);
    // Give a duplicate the chance to show up before asserting there is none.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await loaded('chat.messages', s.topics.messages)).toEqual({ rows: 20, ids: 20 });
    expect(await perMinuteTotal([room])).toBe(20);
  }, 90_000);

  it('loads a stream crossing a month boundary (one insert per month) into both tables, exactly once', async () => {
    const s = await scenario('month', { BATCH_MAX_ROWS: '1000' });
    const room = `${RUN}-month`;
    const boundary = Date.UTC(2026, 10, 1);
    // 60 events on one partition, 30 ms apart around midnight UTC of Nov 1st, a few out of order.
    const events = Array.from({ length: 60 }, (_, i) => ({ ...messageEvent(room, i), ts: boundary + (i - 30) * 30 + (i % 7 === 0 ? -200 : 0) }));
    const moderation: ModerationEvent[] = events.map((m) => ({
      v: 1,
      id: `${m.id}-mod`,
      ts: m.ts,
      room,
      messageId: m.id,
      userId: m.user.id,
      source: 'engine',
      action: 'mask',
      node: 'node-it',
      rulesVersion: 1,
    }));
    await producer.send({ topic: s.topics.messages, acks: -1, messages: events.map((e) => ({ key: room, partition: 0, value: JSON.stringify(e) })) });
    await producer.send({ topic: s.topics.moderation, acks: -1, messages: moderation.map((e) => ({ key: room, partition: 0, value: JSON.stringify(e) })) });

    await ingest(s);
    await waitFor('messages loaded', async () => (await loaded('chat.messages', s.topics.messages)).rows >= 60);
    await waitFor('moderation loaded', async () => (await loaded('chat.moderation_events', s.topics.moderation)).rows >= 60);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await loaded('chat.messages', s.topics.messages)).toEqual({ rows: 60, ids: 60 });
    expect(await loaded('chat.moderation_events', s.topics.moderation)).toEqual({ rows: 60, ids: 60 });
    const months = await (
      await ch.query({
        query: 'SELECT toYYYYMM(ts) AS month, count() AS n FROM chat.messages WHERE kafka_topic = {topic:String} GROUP BY month ORDER BY month',
        query_params: { topic: s.topics.messages },
        format: 'JSONEachRow',
      })
    ).json<{ month: number; n: string }>();
    const expectedOctober = events.filter((e) => e.ts < boundary).length;
    expect(months.map((m) => [Number(m.month), Number(m.n)])).toEqual([
      [202610, expectedOctober],
      [202611, 60 - expectedOctober],
    ]);
    expect(await perMinuteTotal([room])).toBe(60);
  }, 90_000);

  it('stays exactly-once when ingest is SIGKILLed in the middle of a stream and restarted', async () => {
    const s = await scenario('kill', { BATCH_MAX_ROWS: '25', BATCH_MAX_WAIT_MS: '100' });
    const rooms = Array.from({ length: 8 }, (_, i) => `${RUN}-kill-${i}`);
    const TOTAL = 3000;
    const events = Array.from({ length: TOTAL }, (_, i) => messageEvent(rooms[i % rooms.length]!, i));

    let sent = 0;
    const stream = (async () => {
      // 60 sends of 50 over ~6 s: the kill lands while messages keep coming.
      for (let i = 0; i < TOTAL; i += 50) {
        await produce(s.topics.messages, events.slice(i, i + 50));
        sent = i + 50;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    const first = await ingest(s);
    await waitFor('some rows loaded', async () => (await loaded('chat.messages', s.topics.messages)).rows > 200, 60_000, 50);
    const atKill = await loaded('chat.messages', s.topics.messages);
    expect(await first.stop('SIGKILL')).toBe('SIGKILL');
    const sentAtKill = sent;

    const second = await ingest(s);
    await stream;
    const final = await waitFor(
      'all loaded after restart',
      async () => {
        const l = await loaded('chat.messages', s.topics.messages);
        return l.rows >= TOTAL ? l : undefined;
      },
      90_000,
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(await loaded('chat.messages', s.topics.messages)).toEqual({ rows: TOTAL, ids: TOTAL });
    expect(final.ids).toBe(TOTAL);
    expect(await perMinuteTotal(rooms)).toBe(TOTAL);
    const metrics = await (await fetch(`http://127.0.0.1:${second.port}/metrics`)).text();
    const skipped = /tribune_ingest_already_loaded_total\{[^}]*\} (\d+)/.exec(metrics)?.[1] ?? '0';
    // A graceful stop leaves the group and exits 0.
    const stopStarted = Date.now();
    expect(await second.stop('SIGTERM')).toBe(0);
    const stopMs = Date.now() - stopStarted;
    process.stdout.write(
      `ingest kill: killed at ${atKill.rows} rows loaded / ${sentAtKill} produced; after restart ${TOTAL} rows, ${TOTAL} distinct ids; redelivered-but-loaded skipped by the restarted process: ${skipped}; SIGTERM stop ${stopMs} ms\n`,
    );
  }, 150_000);
});
