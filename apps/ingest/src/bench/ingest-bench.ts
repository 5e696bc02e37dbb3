import { randomUUID } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { CLICKHOUSE, TOPIC_PARTITIONS, topicName } from '@tribune/contracts';
import { AppProcess } from '@tribune/devstack/testing';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { deduplicationToken } from '../batching/slices';
import { buildRoutes, type Row } from '../rows/routes';
import { benchEvent } from './bench-events';
import { cpuSeconds, ownCpuSeconds, percentile } from './proc-cpu';

export interface IngestBenchOptions {
  brokers: string[];
  clickhouseUrl: string;
  ch: ClickHouseClient;
  events: number;
  freshRate: number;
  freshSeconds: number;
  ingestPort: number;
  log: (line: string) => void;
}

export interface IngestBenchResult {
  events: number;
  produceSeconds: number;
  rawSeconds: number;
  rawInserts: number;
  ingestFromReadySeconds: number;
  ingestFromSpawnSeconds: number;
  exact: { rows: number; ids: number; rollup1s: number; rollup1m: number };
  ingestCpuSeconds: number | null;
  /** Ingest's own account: inserts into chat.messages and the time spent waiting for them. */
  inserts: { count: number; seconds: number; alreadyLoaded: number; aborted: number };
  loadgenCpuSeconds: number;
  fresh: { sent: number; seconds: number; p50: number; p99: number; max: number; pollMs: number; rows: number };
}

const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 100);
const RAW_ROWS_PER_INSERT = 100_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The bench's own reads, asked again once when a kept-alive connection was closed under them (`socket hang up`). */
async function again<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (!(err instanceof Error) || !/socket hang up|ECONNRESET/.test(err.message)) throw err;
    return read();
  }
}

async function count(ch: ClickHouseClient, topic: string): Promise<number> {
  const rows = await again(async () => (await ch.query({ query: `SELECT count() AS n FROM ${CLICKHOUSE.messages} WHERE kafka_topic = {topic:String}`, query_params: { topic }, format: 'JSONEachRow' })).json<{ n: string }>());
  return Number(rows[0]?.n ?? 0);
}

/** Sends `events` to the topic, partition i % partitions, in sends of 2,000; returns the offset of every event. */
async function produceAll(producer: Producer, topic: string, payloads: Buffer[], partitions: number): Promise<void> {
  for (let i = 0; i < payloads.length; i += 2_000) {
    await producer.send({ topic, acks: -1, messages: payloads.slice(i, i + 2_000).map((value, k) => ({ partition: (i + k) % partitions, value })) });
  }
}

/**
 * (a) of issue 10 §5: the same rows loaded by a raw bulk insert and by ingest from Kafka, into the same ClickHouse in
 * the same run; exactly-once checked on the result; then message → queryable at a steady rate.
 */
export async function ingestBench(o: IngestBenchOptions): Promise<IngestBenchResult> {
  const run = randomUUID().slice(0, 8);
  const prefix = `ingest-bench-${run}.`;
  const topic = topicName(prefix, 'messages');
  const partitions = TOPIC_PARTITIONS.messages;
  const kafka = new Kafka({ clientId: `ingest-bench-${run}`, brokers: o.brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  // A broker that just started may not lead its new partitions yet: ask again for a while.
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: [
          { topic, numPartitions: partitions },
          { topic: topicName(prefix, 'moderation'), numPartitions: TOPIC_PARTITIONS.moderation },
          { topic: topicName(prefix, 'dlq'), numPartitions: 1 },
        ],
      });
      break;
    } catch (err) {
      if (attempt >= 20) throw err;
      await sleep(1_000);
    }
  }
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const cpu0 = ownCpuSeconds();
  let ingest: AppProcess | null = null;
  try {
    // The events, as chat nodes would produce them.
    const base = Date.now() - 60_000;
    const events = Array.from({ length: o.events }, (_, i) => benchEvent(run, i, base + Math.floor((i * 50_000) / o.events)));
    const payloads = events.map((e) => Buffer.from(JSON.stringify(e)));
    const t0 = performance.now();
    await produceAll(producer, topic, payloads, partitions);
    const produceSeconds = (performance.now() - t0) / 1000;
    o.log(`produced ${o.events} events in ${produceSeconds.toFixed(1)} s`);

    // Raw: the same rows (ingest's own mapping, lineage of a sibling topic name) in bulk inserts of 100k, one client.
    const route = buildRoutes(prefix).get(topic)!;
    const rawTopic = `${topic}-raw`;
    const rows: Row[] = payloads.map((p, i) => {
      const r = route.parse(p, { topic: rawTopic, partition: i % partitions, offset: String(Math.floor(i / partitions)) });
      if (r.kind !== 'ok') throw new Error(`bench event ${i} is not loadable: ${r.kind}`);
      // Rooms of the same length but their own, so the exactness check below sees ingest's rows only.
      return { ...r.value.row, room: String(r.value.row.room).replace(/^ib/, 'ir') };
    });
    const columns = Object.keys(rows[0]!) as [string, ...string[]];
    const t1 = performance.now();
    let rawInserts = 0;
    for (let i = 0; i < rows.length; i += RAW_ROWS_PER_INSERT) {
      const slice = rows.slice(i, i + RAW_ROWS_PER_INSERT);
      await o.ch.insert({
        table: CLICKHOUSE.messages,
        columns,
        values: slice.map((r) => columns.map((c) => r[c])),
        format: 'JSONCompactEachRow',
        clickhouse_settings: { insert_deduplication_token: deduplicationToken(rawTopic, 0, String(i), String(i + slice.length - 1)), deduplicate_blocks_in_dependent_materialized_views: 1 },
      });
      rawInserts++;
    }
    const rawSeconds = (performance.now() - t1) / 1000;
    o.log(`raw bulk insert: ${o.events} rows in ${rawSeconds.toFixed(2)} s (${rawInserts} inserts)`);

    // Ingest: a fresh consumer group reads the topic from the beginning.
    const spawned = performance.now();
    ingest = await AppProcess.start({
      app: 'ingest',
      port: o.ingestPort,
      env: {
        LOG_LEVEL: 'warn',
        KAFKA_BROKERS: o.brokers.join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        KAFKA_GROUP_ID: `ingest-bench-${run}`,
        CLICKHOUSE_URL: o.clickhouseUrl,
        HOST: '127.0.0.1',
      },
      // A V8 CPU profile of ingest (written when it stops), for "where the time went".
      ...(process.env.BENCH_CPU_PROF_DIR ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] } : {}),
    });
    const ready = performance.now();
    const ingestCpu0 = cpuSeconds(ingest.child.pid);
    let loaded = 0;
    while (loaded < o.events && performance.now() - ready < 600_000) {
      await sleep(POLL_MS);
      loaded = await count(o.ch, topic);
    }
    const done = performance.now();
    if (loaded < o.events) throw new Error(`ingest loaded ${loaded} of ${o.events} in 10 minutes`);
    const ingestCpu1 = cpuSeconds(ingest.child.pid);
    const metrics = await (await fetch(`${ingest.httpUrl}/metrics`)).text();
    const metric = (name: string) => Number(new RegExp(`^${name}\\{table="chat\\.messages"\\} (\\S+)$`, 'm').exec(metrics)?.[1] ?? Number.NaN);
    const sumOf = (re: RegExp) => [...metrics.matchAll(re)].reduce((n, m) => n + Number(m[1]), 0);
    const inserts = {
      count: metric('tribune_ingest_insert_duration_seconds_count'),
      seconds: metric('tribune_ingest_insert_duration_seconds_sum'),
      // Redeliveries (a rebalance under load hands partitions back and forth): events fetched again and skipped.
      alreadyLoaded: sumOf(/^tribune_ingest_already_loaded_total\{[^}]*\} (\S+)$/gm),
      aborted: sumOf(/^tribune_ingest_batches_total\{[^}]*outcome="aborted"[^}]*\} (\S+)$/gm),
    };
    o.log(`ingest: ${o.events} rows queryable ${((done - ready) / 1000).toFixed(2)} s after it was ready (${((done - spawned) / 1000).toFixed(2)} s after spawn)`);

    await sleep(1_000); // a duplicate gets the chance to show up
    const [exact] = await again(async () =>
      (await o.ch.query({
        query: `SELECT
                  (SELECT count() FROM ${CLICKHOUSE.messages} WHERE kafka_topic = {topic:String}) AS rows,
                  (SELECT uniqExact(id) FROM ${CLICKHOUSE.messages} WHERE kafka_topic = {topic:String}) AS ids,
                  (SELECT sum(messages) FROM ${CLICKHOUSE.messages1s} WHERE room IN {rooms:Array(String)}) AS rollup1s,
                  (SELECT sum(messages) FROM ${CLICKHOUSE.messages1m} WHERE room IN {rooms:Array(String)}) AS rollup1m`,
        query_params: { topic, rooms: [...new Set(events.map((e) => e.room))] },
        format: 'JSONEachRow',
      })).json<Record<string, string>>(),
    );

    // Freshness: a steady rate while ingest runs; a message is queryable once its partition's highest loaded offset
    // reaches it (offsets from the producer's acknowledgements; polled every POLL_MS).
    const sentAt = new Map<string, number>(); // `${partition}:${offset}` → ms
    const perTick = Math.max(1, Math.round(o.freshRate / 50));
    const total = o.freshRate * o.freshSeconds;
    const freshStart = performance.now();
    let sent = 0;
    const sending = (async () => {
      while (sent < total) {
        const due = Math.min(total, Math.floor(((performance.now() - freshStart) / 1000) * o.freshRate) + perTick);
        const n = due - sent;
        if (n > 0) {
          const first = sent;
          sent = due;
          const at = performance.now();
          const msgs = Array.from({ length: n }, (_, k) => ({ partition: (first + k) % partitions, value: Buffer.from(JSON.stringify(benchEvent(`${run}f`, first + k, Date.now()))) }));
          const meta = await producer.send({ topic, acks: -1, messages: msgs });
          const perPartition = new Map<number, number>();
          for (const m of msgs) perPartition.set(m.partition, (perPartition.get(m.partition) ?? 0) + 1);
          for (const md of meta) for (let k = 0; k < (perPartition.get(md.partition) ?? 0); k++) sentAt.set(`${md.partition}:${BigInt(md.baseOffset ?? 0) + BigInt(k)}`, at);
        }
        await sleep(20);
      }
    })();
    const seenThrough = new Map<number, bigint>();
    const latencies: number[] = [];
    const deadline = freshStart + (o.freshSeconds + 30) * 1000;
    let sendingDone = false;
    void sending.then(() => (sendingDone = true), () => (sendingDone = true));
    while (performance.now() < deadline) {
      await sleep(POLL_MS);
      const now = performance.now();
      const marks = await again(async () =>
        (await o.ch.query({ query: `SELECT kafka_partition AS p, toString(max(kafka_offset)) AS o FROM ${CLICKHOUSE.messages} WHERE kafka_topic = {topic:String} GROUP BY p`, query_params: { topic }, format: 'JSONEachRow' })).json<{ p: number; o: string }>(),
      );
      for (const { p, o: off } of marks) {
        const from = seenThrough.get(p) ?? -1n;
        const to = BigInt(off);
        for (let x = from + 1n; x <= to; x++) {
          const at = sentAt.get(`${p}:${x}`);
          if (at !== undefined) {
            latencies.push(now - at);
            sentAt.delete(`${p}:${x}`);
          }
        }
        if (to > from) seenThrough.set(p, to);
      }
      if (sendingDone && sentAt.size === 0) break;
    }
    await sending;
    const freshSeconds = (performance.now() - freshStart) / 1000;
    const result: IngestBenchResult = {
      events: o.events,
      produceSeconds,
      rawSeconds,
      rawInserts,
      ingestFromReadySeconds: (done - ready) / 1000,
      ingestFromSpawnSeconds: (done - spawned) / 1000,
      exact: { rows: Number(exact?.rows), ids: Number(exact?.ids), rollup1s: Number(exact?.rollup1s), rollup1m: Number(exact?.rollup1m) },
      inserts,
      ingestCpuSeconds: ingestCpu0 !== null && ingestCpu1 !== null ? ingestCpu1 - ingestCpu0 : null,
      loadgenCpuSeconds: ownCpuSeconds() - cpu0,
      fresh: { sent, seconds: freshSeconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: percentile(latencies, 100), pollMs: POLL_MS, rows: latencies.length },
    };
    if (sentAt.size > 0) o.log(`freshness: ${sentAt.size} messages not queryable within 30 s of the end`);
    return result;
  } finally {
    await ingest?.stop('SIGTERM');
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic, topicName(prefix, 'moderation'), topicName(prefix, 'dlq')] }).catch(() => undefined);
    await admin.disconnect();
  }
}
