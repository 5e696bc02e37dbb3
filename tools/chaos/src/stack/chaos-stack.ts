import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { StdioOptions } from 'node:child_process';
import { createClient } from '@clickhouse/client';
import { migrateClickHouse, portOpen, redisPing, startChdbServer, startKafka, startRedisServer, type ChdbServerHandle, type KafkaHandle, type RedisServerHandle } from '@tribune/devstack';
import { REPO_ROOT } from './repo-root';

/**
 * Private ports: the suite SIGKILLs these services, so it never attaches to the machine's shared
 * Redis (6379), PostgreSQL (5432), Kafka (9092/19092) or ClickHouse (8123/19123). Below Linux's
 * ephemeral range (32768–60999): a first try on 49092 failed when a client socket of some other
 * process held that port as its local end, and a restarted broker must get its port back.
 */
export const CHAOS_PORTS = { kafka: 24092, clickhouse: 24123, redis: 26379, postgres: 25432 } as const;

export type Log = (line: string) => void;

/** A log file per service under the run's directory; its fd is handed to the child as stdout/stderr. */
function logStdio(logDir: string, name: string): { stdio: StdioOptions; close: () => void } {
  const fd = openSync(join(logDir, `${name}.log`), 'a');
  return { stdio: ['ignore', fd, fd], close: () => closeSync(fd) };
}

/**
 * The suite's own Kafka, embedded ClickHouse (chdb) and Redis (nothing on disk, so a SIGKILL loses
 * every key), started with devstack's launchers, each of which can be SIGKILLed and started again
 * on the same port and data directory.
 */
const KAFKA_READY_MS = 180_000;

export class ChaosStack {
  private kafka: KafkaHandle | null = null;
  private chdb: ChdbServerHandle | null = null;
  private redis: RedisServerHandle | null = null;
  private readonly fds: (() => void)[] = [];

  private constructor(
    readonly dataDir: string,
    readonly logDir: string,
    private readonly log: Log,
  ) {}

  readonly brokers = [`127.0.0.1:${CHAOS_PORTS.kafka}`];
  readonly clickhouseUrl = `http://127.0.0.1:${CHAOS_PORTS.clickhouse}`;
  readonly redisUrl = `redis://127.0.0.1:${CHAOS_PORTS.redis}`;

  /** Refuses to start when any private port already answers (another chaos run, or a stranger). */
  static async start(dataDir: string, log: Log): Promise<ChaosStack> {
    const ports = [CHAOS_PORTS.kafka, CHAOS_PORTS.kafka + 1, CHAOS_PORTS.clickhouse, CHAOS_PORTS.redis];
    for (const port of ports) if (await portOpen('127.0.0.1', port)) throw new Error(`port ${port} is already in use: is another chaos run going? (the suite never attaches to a service it did not start)`);
    const logDir = join(dataDir, 'logs');
    mkdirSync(logDir, { recursive: true });
    const stack = new ChaosStack(dataDir, logDir, log);
    try {
      const t0 = Date.now();
      await Promise.all([stack.startKafka(), stack.startChdb(), stack.startRedis()]);
      const client = createClient({ url: stack.clickhouseUrl });
      try {
        await migrateClickHouse(client, join(REPO_ROOT, 'clickhouse/migrations'));
      } finally {
        await client.close();
      }
      log(`stack ready in ${((Date.now() - t0) / 1000).toFixed(1)} s: kafka ${stack.brokers[0]}, chdb ${stack.clickhouseUrl}, redis ${stack.redisUrl} (logs in ${logDir})`);
      return stack;
    } catch (err) {
      await stack.stop();
      throw err;
    }
  }

  /**
   * A broker restarted after a SIGKILL recovers its logs first: 20 s on a quiet machine, 69 s measured at load 20+
   * (helpers' stacks beside it), over devstack's 90 s default once. The scenario's own bound still caps the run.
   */
  async startKafka(): Promise<void> {
    const out = this.output('kafka');
    this.kafka = await startKafka({ port: CHAOS_PORTS.kafka, dataDir: join(this.dataDir, 'kafka'), cacheDir: join(REPO_ROOT, '.data', 'cache'), topicPrefix: 'chaos-stack.', stdio: out, heap: '512m', readyTimeoutMs: KAFKA_READY_MS });
  }

  async startChdb(): Promise<void> {
    this.chdb = await startChdbServer({ port: CHAOS_PORTS.clickhouse, dataDir: join(this.dataDir, 'clickhouse'), logLevel: 'warn', stdio: this.output('chdb') });
  }

  async startRedis(): Promise<void> {
    this.redis = await startRedisServer({ port: CHAOS_PORTS.redis, dataDir: join(this.dataDir, 'redis'), persist: false, stdio: this.output('redis') });
  }

  /** SIGKILLs the broker (the whole JVM process group) and resolves once it is gone. */
  async killKafka(): Promise<void> {
    await this.kafka?.process.stop(1000, 'SIGKILL');
    this.kafka = null;
  }

  async killChdb(): Promise<void> {
    await this.chdb?.process.stop(1000, 'SIGKILL');
    this.chdb = null;
  }

  async killRedis(): Promise<void> {
    await this.redis?.process.stop(1000, 'SIGKILL');
    this.redis = null;
  }

  /** Starts again whatever a scenario left killed, so the next one finds the whole stack. */
  async heal(): Promise<string[]> {
    const healed: string[] = [];
    if (!this.kafka) await this.startKafka().then(() => healed.push('kafka'));
    if (!this.chdb) await this.startChdb().then(() => healed.push('chdb'));
    if (!this.redis) await this.startRedis().then(() => healed.push('redis'));
    return healed;
  }

  redisUp(): Promise<boolean> {
    return redisPing('127.0.0.1', CHAOS_PORTS.redis);
  }

  /** Stops what is still running (SIGTERM, then SIGKILL), last started first. */
  async stop(): Promise<void> {
    const stops = [this.redis, this.chdb, this.kafka].filter((h) => h !== null).map((h) => h.stop().catch((err: unknown) => this.log(`stop failed: ${String(err)}`)));
    await Promise.all(stops);
    this.redis = this.chdb = this.kafka = null;
    for (const close of this.fds.splice(0)) close();
  }

  private output(name: string): StdioOptions {
    const { stdio, close } = logStdio(this.logDir, name);
    this.fds.push(close);
    return stdio;
  }
}
