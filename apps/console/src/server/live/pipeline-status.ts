import type { ClickHouseClient } from '@clickhouse/client';
import { CLICKHOUSE, topicName, type TopicKey } from '@tribune/contracts';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { z } from 'zod';

export interface PipelineStatus {
  /** Ingest's consumer lag per topic (sum over partitions of high watermark − committed offset); null when unknown. */
  lag: { topic: string; lag: number | null }[];
  /** Messages that became queryable per second (per-second rollup, last 10 s by event time). */
  ingestRowsPerSecond: number | null;
  /** now − the newest second in the per-second rollup, ms: how far the archive is behind the chat. */
  freshnessMs: number | null;
  /** Events in the DLQ topic (retained). */
  dlq: number | null;
  /** True when the DLQ count rose since the previous read. */
  dlqGrowing: boolean;
  error?: string;
}

/** Sum over partitions of (high − committed); a partition never committed counts from its low watermark. */
export function consumerLag(topicOffsets: { partition: number; high: string; low: string }[], committed: { partition: number; offset: string }[]): number {
  const done = new Map(committed.map((c) => [c.partition, Number(c.offset)]));
  let lag = 0;
  for (const p of topicOffsets) {
    const at = done.get(p.partition);
    const from = at === undefined || at < 0 ? Number(p.low) : at;
    lag += Math.max(0, Number(p.high) - from);
  }
  return lag;
}

const freshRow = z.object({ newest: z.coerce.number(), recent: z.coerce.number() });

/** Reads Kafka (admin) and ClickHouse (rollup) for the overview's pipeline panel, at most once per `cacheMs`. */
export function createPipelineStatus(opts: { brokers: string[]; topicPrefix: string; groupId: string; clickhouse: ClickHouseClient; cacheMs?: number; now?: () => number }) {
  const now = opts.now ?? Date.now;
  const kafka = new Kafka({ clientId: 'tribune-console-live', brokers: opts.brokers, logLevel: logLevel.NOTHING, retry: { retries: 1 }, connectionTimeout: 2000 });
  let admin: Admin | null = null;
  let cached: { at: number; value: Promise<PipelineStatus> } | null = null;
  let lastDlq: number | null = null;
  let growingUntil = 0;

  async function connected(): Promise<Admin> {
    if (admin) return admin;
    const a = kafka.admin();
    await a.connect();
    admin = a;
    return a;
  }

  async function kafkaPart(): Promise<Pick<PipelineStatus, 'lag' | 'dlq'>> {
    const a = await connected();
    const topics: TopicKey[] = ['messages', 'moderation'];
    const lag = await Promise.all(
      topics.map(async (key) => {
        const topic = topicName(opts.topicPrefix, key);
        const [offsets, committed] = await Promise.all([a.fetchTopicOffsets(topic), a.fetchOffsets({ groupId: opts.groupId, topics: [topic] })]);
        return { topic, lag: consumerLag(offsets, committed[0]?.partitions ?? []) };
      }),
    );
    const dlqOffsets = await a.fetchTopicOffsets(topicName(opts.topicPrefix, 'dlq'));
    const dlq = dlqOffsets.reduce((n, p) => n + Math.max(0, Number(p.high) - Number(p.low)), 0);
    return { lag, dlq };
  }

  async function clickhousePart(): Promise<Pick<PipelineStatus, 'ingestRowsPerSecond' | 'freshnessMs'>> {
    const result = await opts.clickhouse.query({
      query: `SELECT toUInt64(toUnixTimestamp(max(second))) AS newest, sumIf(messages, second >= now() - 10) AS recent
              FROM ${CLICKHOUSE.messages1s} WHERE second >= now() - INTERVAL 1 HOUR`,
      format: 'JSONEachRow',
    });
    const [row] = z.array(freshRow).parse(await result.json());
    const newest = row && row.newest > 0 ? row.newest * 1000 : null;
    // The newest second holds events up to its end: freshness counts from there.
    return { ingestRowsPerSecond: row ? row.recent / 10 : null, freshnessMs: newest === null ? null : Math.max(0, now() - (newest + 1000)) };
  }

  async function read(): Promise<PipelineStatus> {
    const [k, c] = await Promise.allSettled([kafkaPart(), clickhousePart()]);
    const errors: string[] = [];
    if (k.status === 'rejected') {
      errors.push(`kafka: ${String((k.reason as Error)?.message ?? k.reason)}`);
      const broken = admin;
      admin = null;
      await broken?.disconnect().catch(() => undefined);
    }
    if (c.status === 'rejected') errors.push(`clickhouse: ${String((c.reason as Error)?.message ?? c.reason)}`);
    const dlq = k.status === 'fulfilled' ? k.value.dlq : null;
    if (dlq !== null && lastDlq !== null && dlq > lastDlq) growingUntil = now() + 60_000;
    if (dlq !== null) lastDlq = dlq;
    return {
      lag: k.status === 'fulfilled' ? k.value.lag : [],
      dlq,
      dlqGrowing: now() < growingUntil,
      ingestRowsPerSecond: c.status === 'fulfilled' ? c.value.ingestRowsPerSecond : null,
      freshnessMs: c.status === 'fulfilled' ? c.value.freshnessMs : null,
      ...(errors.length ? { error: errors.join('; ') } : {}),
    };
  }

  return {
    /** The latest status, read again when the cached one is older than `cacheMs` (2 s). */
    get(): Promise<PipelineStatus> {
      if (!cached || now() - cached.at >= (opts.cacheMs ?? 2000)) cached = { at: now(), value: read() };
      return cached.value;
    },
    async close(): Promise<void> {
      await admin?.disconnect().catch(() => undefined);
      admin = null;
    },
  };
}
