import { topicName } from '@tribune/contracts';
import { Partitioners } from 'kafkajs';
import { closeServer, createLogger, createMetricsRegistry, createOpsServer, installProcessGuards, installShutdown, listen, loadConfigOrExit } from '@tribune/service-kit';
import { configSchema } from './config';
import { BatchProcessor } from './consumer/batch-processor';
import { IngestConsumer } from './consumer/ingest-consumer';
import { createKafka } from './consumer/kafka-client';
import { KafkaDeadLetterSink } from './dlq/kafka-dead-letter-sink';
import { createIngestMetrics, METRICS_PREFIX } from './metrics';
import { buildRoutes } from './rows/routes';
import { ClickHouseRowSink } from './sink/clickhouse-row-sink';

const config = loadConfigOrExit(configSchema, 'ingest');
const logger = createLogger({ name: 'ingest', level: config.LOG_LEVEL, pretty: config.LOG_PRETTY });
const registry = createMetricsRegistry(METRICS_PREFIX);
const metrics = createIngestMetrics(registry);

const routes = buildRoutes(config.KAFKA_TOPIC_PREFIX);
const sink = new ClickHouseRowSink({ url: config.CLICKHOUSE_URL, username: config.CLICKHOUSE_USER, password: config.CLICKHOUSE_PASSWORD, deduplicate: config.INGEST_DEDUP });
const kafka = createKafka({ clientId: config.KAFKA_CLIENT_ID, brokers: config.KAFKA_BROKERS, logger });
// Idempotent with one request in flight: a retried send can neither duplicate nor reorder dead letters.
const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
const admin = kafka.admin();

const processor = new BatchProcessor({
  routes,
  sink,
  deadLetters: new KafkaDeadLetterSink(producer, topicName(config.KAFKA_TOPIC_PREFIX, 'dlq')),
  metrics,
  logger,
  options: {
    maxRows: config.BATCH_MAX_ROWS,
    maxAttempts: config.INSERT_MAX_ATTEMPTS,
    backoffBaseMs: 200,
    backoffCapMs: config.INSERT_BACKOFF_MAX_MS,
    pauseMs: config.PAUSE_ON_FAILURE_MS,
    skipLoaded: config.INGEST_DEDUP,
  },
});

// Set when the process stops because something broke, so the shutdown ends with exit code 1.
let fatal: unknown = null;
const shutdown = installShutdown(
  logger,
  [
    { name: 'consumer', run: () => consumer.stop() },
    { name: 'producer', run: () => producer.disconnect() },
    { name: 'admin', run: () => admin.disconnect() },
    { name: 'clickhouse', run: () => sink.close() },
    { name: 'ops_server', run: () => closeServer(server) },
    {
      name: 'exit_status',
      run: () => {
        if (fatal) throw fatal;
      },
    },
  ],
  { timeoutMs: config.SHUTDOWN_TIMEOUT_MS },
);
// Offsets are committed only after ClickHouse acknowledged, so a drain-and-exit on a fault loses nothing.
installProcessGuards({ logger, registry, prefix: METRICS_PREFIX, shutdown });

const consumer = new IngestConsumer(
  kafka,
  processor,
  {
    groupId: config.KAFKA_GROUP_ID,
    topics: [...routes.keys()],
    sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
    maxWaitMs: config.BATCH_MAX_WAIT_MS,
    partitionsConcurrency: config.KAFKA_PARTITIONS_CONCURRENCY,
    maxBytesPerPartition: config.KAFKA_MAX_BYTES_PER_PARTITION,
    maxBytes: config.KAFKA_MAX_BYTES,
  },
  logger,
  // kafkajs gave up restarting: exit non-zero so the supervisor restarts a clean process.
  (err) => {
    fatal = err;
    shutdown('consumer_crash').catch(() => process.exit(1));
  },
);

const server = createOpsServer({
  registry,
  checks: [
    {
      name: 'kafka',
      check: async () => {
        if (consumer.failure) throw consumer.failure;
        await admin.describeCluster();
        if (!consumer.consuming) throw new Error('not consuming: joining the consumer group (a dead member holds partitions until its session expires)');
      },
    },
    { name: 'clickhouse', check: () => sink.ping() },
  ],
});

// Test-only switch (the chaos suite's negative control): say it loudly, it loads replays twice.
if (!config.INGEST_DEDUP) logger.warn('dedup_disabled_replays_will_duplicate');

try {
  await listen(server, config.HOST, config.PORT);
  logger.info({ port: config.PORT }, 'ops_server_listening');
  await Promise.all([producer.connect(), admin.connect()]);
  await consumer.start();
  logger.info({ topics: [...routes.keys()], clickhouse: config.CLICKHOUSE_URL, brokers: config.KAFKA_BROKERS }, 'ingest_started');
} catch (err) {
  logger.fatal({ err }, 'ingest_start_failed');
  fatal = err;
  await shutdown('start_failed');
}
