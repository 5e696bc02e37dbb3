import { envBool, envList, envLogLevel, envPort } from '@tribune/service-kit';
import { z } from 'zod';

const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);
/** `host:port` (a bracketed IPv6 host included): kafkajs would otherwise fail on it only when it connects. */
const broker = z.string().regex(/^\S+:\d{1,5}$/, 'expected host:port');

/** Environment of the ingest process; keys are the variable names (reported by name when wrong). */
export const configSchema = z.object({
  LOG_LEVEL: envLogLevel,
  LOG_PRETTY: envBool,
  HOST: z.string().default('0.0.0.0'),
  /** Ops endpoints: /healthz, /readyz, /metrics. */
  PORT: envPort.default(7100),
  KAFKA_BROKERS: envList(broker, '127.0.0.1:9092'),
  KAFKA_TOPIC_PREFIX: z.string().default(''),
  KAFKA_GROUP_ID: z.string().min(1).default('tribune-ingest'),
  KAFKA_CLIENT_ID: z.string().min(1).default('tribune-ingest'),
  /** How long the group waits for a silent member before taking its partitions (a SIGKILLed ingest). */
  // What a SIGKILL costs: the dead member's partitions wait this long before a rebalance hands them on (no loss).
  KAFKA_SESSION_TIMEOUT_MS: int(10_000, 6_000),
  /** Partitions processed in parallel by this process (one ClickHouse insert each at a time). */
  KAFKA_PARTITIONS_CONCURRENCY: int(4, 1),
  /** Most bytes one fetch brings per partition (and the whole fetch): what bounds an insert under a backlog. */
  KAFKA_MAX_BYTES_PER_PARTITION: int(8 * 1024 * 1024, 64 * 1024),
  KAFKA_MAX_BYTES: int(64 * 1024 * 1024, 64 * 1024),
  CLICKHOUSE_URL: z.url().default('http://127.0.0.1:8123'),
  CLICKHOUSE_USER: z.string().default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
  /** Kafka messages per ClickHouse insert (one deduplication token each). */
  BATCH_MAX_ROWS: int(20_000, 1),
  /** Longest a fetched message waits on the broker before a (smaller) batch is handed over. */
  BATCH_MAX_WAIT_MS: int(1_000, 10),
  /** Consecutive failed attempts of one insert before the partition is paused for a while. */
  INSERT_MAX_ATTEMPTS: int(8, 1),
  INSERT_BACKOFF_MAX_MS: int(10_000, 10),
  PAUSE_ON_FAILURE_MS: int(30_000, 100),
  SHUTDOWN_TIMEOUT_MS: int(15_000, 1_000),
  /**
   * TEST ONLY (the chaos suite's negative control). `0` turns off every duplicate guard — the
   * insert_deduplication_token and ClickHouse's block deduplication (`insert_deduplicate=0`), and the
   * lineage skip of rows a crashed predecessor loaded — so a replay after a crash is loaded twice.
   * Never set it in production.
   */
  INGEST_DEDUP: envBool.default(true),
});

export type Config = z.infer<typeof configSchema>;
