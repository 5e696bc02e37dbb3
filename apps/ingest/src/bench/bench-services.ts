import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@clickhouse/client';
import { migrateClickHouse, startChdbServer, startKafka } from '@tribune/devstack';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export interface BenchServices {
  brokers: string[];
  clickhouseUrl: string;
  /** Pids of the servers started for the run (their CPU is reported), empty when attached. */
  pids: { kafka?: number; clickhouse?: number };
  stop(): Promise<void>;
}

/**
 * Kafka and ClickHouse for one run: the ones the environment names (KAFKA_BROKERS + CLICKHOUSE_URL, e.g. a test stack
 * already up), else a broker and an embedded ClickHouse of the bench's own on BENCH_KAFKA_PORT / BENCH_CLICKHOUSE_PORT
 * in a temporary data directory, removed afterwards. Migrations are applied either way.
 */
export async function benchServices(log: (line: string) => void): Promise<BenchServices> {
  const env = process.env;
  const stops: (() => Promise<void>)[] = [];
  const pids: BenchServices['pids'] = {};
  let brokers: string[];
  let clickhouseUrl: string;
  try {
    if (env.KAFKA_BROKERS && env.CLICKHOUSE_URL) {
      brokers = env.KAFKA_BROKERS.split(',');
      clickhouseUrl = env.CLICKHOUSE_URL;
      log(`using Kafka ${brokers.join(',')} and ClickHouse ${clickhouseUrl} from the environment`);
    } else {
      const dataDir = mkdtempSync(join(tmpdir(), 'tribune-ingest-bench-'));
      stops.push(async () => rmSync(dataDir, { recursive: true, force: true }));
      const kafkaPort = Number(env.BENCH_KAFKA_PORT ?? 39_292);
      const chPort = Number(env.BENCH_CLICKHOUSE_PORT ?? 39_323);
      log(`starting Kafka on ${kafkaPort} and embedded ClickHouse on ${chPort} (data in ${dataDir})…`);
      const [kafka, ch] = await Promise.all([
        startKafka({ port: kafkaPort, dataDir: join(dataDir, 'kafka'), cacheDir: resolve(REPO_ROOT, '.data/cache'), topicPrefix: 'bench.', stdio: ['ignore', 'ignore', 'ignore'] }),
        startChdbServer({ port: chPort, dataDir: join(dataDir, 'clickhouse'), logLevel: 'warn', stdio: ['ignore', 'ignore', 'inherit'] }),
      ]);
      stops.push(() => kafka.stop());
      stops.push(() => ch.stop());
      pids.kafka = kafka.process?.child.pid;
      pids.clickhouse = ch.process.child.pid;
      brokers = kafka.brokers;
      clickhouseUrl = ch.url;
    }
    const client = createClient({ url: clickhouseUrl });
    try {
      await migrateClickHouse(client, resolve(REPO_ROOT, 'clickhouse/migrations'));
    } finally {
      await client.close();
    }
  } catch (err) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    throw err;
  }
  return {
    brokers,
    clickhouseUrl,
    pids,
    stop: async () => {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
    },
  };
}
