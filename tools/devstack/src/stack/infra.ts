import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StdioOptions } from 'node:child_process';
import { httpOk, type ManagedProcess } from '../process/child-process';
import { createClient } from '@clickhouse/client';
import { startChdbServer } from '../clickhouse/chdb-process';
import { migrateClickHouse } from '../clickhouse/migrate';
import { portOpen, prepareCluster, startKafka } from '../kafka/kafka-launcher';
import { ensurePostgres, recreateTestDatabase } from '../services/postgres';
import { ensureRedis } from '../services/redis';

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export interface InfraOptions {
  /** Root of this stack's state (`.data` for dev, `.data/test` for tests). */
  dataDir: string;
  /** Where caches shared by every stack live (the Kafka classpath). */
  cacheDir: string;
  kafkaBrokers?: string;
  kafkaPort: number;
  topicPrefix: string;
  clickhouseUrl?: string;
  clickhousePort: number;
  databaseUrl?: string;
  /** Use servers already answering on the local ports (dev); a test stack refuses them instead. */
  attachExisting: boolean;
  /** Drop and recreate the database first (tests only; refused for a name without `test`). */
  freshDatabase?: boolean;
  redisUrl?: string;
  redisPrefix: string;
  migrationsDir?: string;
  /** Output of the processes started (Kafka, chdb, redis-server): inherited unless `attach` takes it. */
  attach?: (name: string, proc: ManagedProcess) => void;
  onStep?: (step: string, ms: number, detail?: string) => void;
}

export interface Infra {
  /** Environment every app of the stack needs to reach it. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/tribune';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * Starts (or attaches to) Kafka, ClickHouse, PostgreSQL and Redis in parallel, applies the ClickHouse
 * migrations, and returns the env for the apps plus a stop that undoes only what it started.
 */
export async function startInfra(o: InfraOptions): Promise<Infra> {
  const stops: { name: string; stop: () => Promise<void> }[] = [];
  const step = async <T>(name: string, fn: () => Promise<T>, detail?: (t: T) => string): Promise<T> => {
    const t0 = Date.now();
    const value = await fn();
    o.onStep?.(name, Date.now() - t0, detail?.(value));
    return value;
  };
  const stop = async () => {
    // Reverse order: the last started is the first stopped.
    for (const s of stops.reverse()) await s.stop().catch(() => undefined);
  };
  const stdio = (): StdioOptions => (o.attach ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit']);
  const attached = <T extends { process?: ManagedProcess }>(name: string, handle: T): T => {
    if (handle.process) o.attach?.(name, handle.process);
    return handle;
  };

  // The console's Explore reads as a read-only user (production: 0004's tribune_console_reader). An embedded server this
  // stack starts gets one, with a password made for this run; an attached or given server is used as it is.
  let reader: { CLICKHOUSE_READER_USER: string; CLICKHOUSE_READER_PASSWORD: string } | null = null;

  try {
    const settled = await Promise.allSettled([
      step(
        'clickhouse',
        async () => {
          if (o.clickhouseUrl) return o.clickhouseUrl;
          // A server already answering on the port (another stack, a real ClickHouse) is used as is.
          const local = `http://127.0.0.1:${o.clickhousePort}`;
          if (o.attachExisting && (await httpOk(`${local}/ping`).catch(() => false))) {
            o.onStep?.('clickhouse_attached', 0, `${local} already answers: using it`);
            return local;
          }
          const readerPassword = randomBytes(18).toString('base64url');
          const handle = await startChdbServer({
            port: o.clickhousePort,
            dataDir: join(o.dataDir, 'clickhouse'),
            stdio: stdio(),
            onSpawn: (p) => attached('clickhouse', { process: p }),
            env: { CLICKHOUSE_READONLY_USERS: `tribune_console_reader:${readerPassword}` },
          });
          reader = { CLICKHOUSE_READER_USER: 'tribune_console_reader', CLICKHOUSE_READER_PASSWORD: readerPassword };
          stops.push({ name: 'clickhouse', stop: handle.stop });
          return handle.url;
        },
        (url) => url,
      ),
      step(
        'kafka',
        async () => {
          if (o.kafkaBrokers) {
            const brokers = o.kafkaBrokers.split(',').map((b) => b.trim());
            await prepareCluster(brokers, o.topicPrefix);
            return brokers;
          }
          if (o.attachExisting && (await portOpen('127.0.0.1', o.kafkaPort))) {
            const brokers = [`127.0.0.1:${o.kafkaPort}`];
            await prepareCluster(brokers, o.topicPrefix);
            o.onStep?.('kafka_attached', 0, `${brokers[0]} already answers: using it`);
            return brokers;
          }
          const handle = await startKafka({ port: o.kafkaPort, dataDir: join(o.dataDir, 'kafka'), cacheDir: o.cacheDir, topicPrefix: o.topicPrefix, stdio: stdio(), onSpawn: (p) => attached('kafka', { process: p }) });
          stops.push({ name: 'kafka', stop: handle.stop });
          return handle.brokers;
        },
        (b) => b.join(','),
      ),
      step(
        'postgres',
        async () => {
          const url = o.databaseUrl ?? DEFAULT_DATABASE_URL;
          const handle = await ensurePostgres({ url, dataDir: join(o.dataDir, 'postgres'), explicit: o.databaseUrl !== undefined && !o.freshDatabase });
          stops.push({ name: 'postgres', stop: handle.stop });
          if (o.freshDatabase) await recreateTestDatabase(url);
          return url;
        },
        (u) => u.replace(/\/\/[^@]*@/, '//…@'),
      ),
      step(
        'redis',
        async () => {
          const url = o.redisUrl ?? DEFAULT_REDIS_URL;
          const handle = await ensureRedis({ url, dataDir: join(o.dataDir, 'redis'), explicit: o.redisUrl !== undefined, stdio: stdio(), onSpawn: (p) => attached('redis', { process: p }) });
          stops.push({ name: 'redis', stop: handle.stop });
          return url;
        },
        (u) => u,
      ),
    ]);
    // Wait for every service before failing, so a stop undoes all that did start.
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const [clickhouseUrl, brokers, databaseUrl, redisUrl] = settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as [string, string[], string, string];

    await step(
      'clickhouse_migrations',
      async () => {
        const client = createClient({ url: clickhouseUrl, username: process.env.CLICKHOUSE_USER ?? 'default', password: process.env.CLICKHOUSE_PASSWORD ?? '' });
        try {
          return await migrateClickHouse(client, o.migrationsDir ?? resolve(REPO_ROOT, 'clickhouse/migrations'), { secrets: process.env });
        } finally {
          await client.close();
        }
      },
      (r) => `${r.applied.length} applied, ${r.alreadyApplied.length} already applied, ${r.skipped.length} access-control statements skipped`,
    );

    return {
      env: {
        KAFKA_BROKERS: brokers.join(','),
        KAFKA_TOPIC_PREFIX: o.topicPrefix,
        CLICKHOUSE_URL: clickhouseUrl,
        ...(reader ?? {}),
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        REDIS_PREFIX: o.redisPrefix,
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
