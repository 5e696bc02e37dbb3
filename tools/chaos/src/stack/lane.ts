import { Redis } from 'ioredis';
import { createWriteStream, writeFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { prepareCluster } from '@tribune/devstack';
import { AppProcess, freePorts } from '@tribune/devstack/testing';
import { redisNames, signViewerToken, topicName } from '@tribune/contracts';
import type { ChaosStack, Log } from './chaos-stack';

export const CHAOS_TOKEN_SECRET = 'chaos-suite-token-secret-0123456789';

/** A chat node or ingest this lane started, with its log file. */
export interface LaneApp {
  name: string;
  app: AppProcess;
}

/**
 * One scenario's slice of the shared stack: its own topics, Redis prefix, consumer group and rooms,
 * so its oracle sees only its own messages; and every app process it started, stopped at the end.
 */
export class Lane {
  readonly topicPrefix: string;
  readonly redisPrefix: string;
  readonly groupId: string;
  /** Every room of this lane starts with it (ClickHouse rows are counted by it). */
  readonly roomPrefix: string;
  private readonly apps: LaneApp[] = [];
  private readonly logs: WriteStream[] = [];
  private readonly killed = new Set<AppProcess>();

  constructor(
    readonly stack: ChaosStack,
    readonly name: string,
    runId: string,
    private readonly log: Log,
  ) {
    this.topicPrefix = `chaos-${runId}-${name}.`;
    this.redisPrefix = `chaos-${runId}-${name}`;
    this.groupId = `chaos-${runId}-${name}-ingest`;
    this.roomPrefix = `${name}-${runId}-`;
  }

  get messagesTopic(): string {
    return topicName(this.topicPrefix, 'messages');
  }

  room(i: number | string): string {
    return `${this.roomPrefix}${i}`;
  }

  /** Creates the lane's topics; retried, as a broker that just started may not lead the new partitions yet. */
  async prepareTopics(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await prepareCluster(this.stack.brokers, this.topicPrefix);
        return;
      } catch (err) {
        if (attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  nodeEnv(nodeId: string, extra: Record<string, string> = {}): Record<string, string> {
    return {
      NODE_ID: nodeId,
      KAFKA_BROKERS: this.stack.brokers.join(','),
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      REDIS_URL: this.stack.redisUrl,
      REDIS_PREFIX: this.redisPrefix,
      CHAT_TOKEN_SECRET: CHAOS_TOKEN_SECRET,
      // Every client of the suite comes from 127.0.0.1.
      MAX_CONNECTIONS_PER_IP: '19000',
      LOG_LEVEL: 'info',
      ...extra,
    };
  }

  async startNodes(count: number, extra: Record<string, string> = {}): Promise<LaneApp[]> {
    // Nodes are ready once a rules snapshot is published, as a console does at boot. The lane's own: no words and
    // no spam rules (the suite measures the pipeline, not moderation), written only if none is there yet.
    const redis = new Redis(this.stack.redisUrl);
    try {
      await redis.set(redisNames(this.redisPrefix).rulesSnapshot, JSON.stringify({ v: 1, version: 1, publishedAt: Date.now(), rules: { words: [], spam: [] } }), 'NX');
    } finally {
      redis.disconnect();
    }
    const ports = await freePorts(count);
    return Promise.all(ports.map((port, i) => this.startApp('chat-node', `${this.name}-node-${i + 1}`, port, this.nodeEnv(`${this.name}-node-${i + 1}`, extra))));
  }

  /** Ingest on this lane's topics and group; a SIGKILLed member is noticed by the group after 6 s (the broker's minimum). */
  async startIngest(extra: Record<string, string> = {}, name = `${this.name}-ingest`): Promise<LaneApp> {
    const [port] = await freePorts(1);
    return this.startApp(
      'ingest',
      name,
      port!,
      {
        KAFKA_BROKERS: this.stack.brokers.join(','),
        KAFKA_TOPIC_PREFIX: this.topicPrefix,
        KAFKA_GROUP_ID: this.groupId,
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        CLICKHOUSE_URL: this.stack.clickhouseUrl,
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        ...extra,
      },
    );
  }

  /** Starts an app and waits for its /readyz; output goes to `<logs>/<name>.log` (appended across restarts). */
  async startApp(app: string, name: string, port: number, env: Record<string, string>, waitReady = true): Promise<LaneApp> {
    const proc = AppProcess.spawn({ app, port, env, name });
    const out = createWriteStream(join(this.stack.logDir, `${name}.log`), { flags: 'a' });
    this.logs.push(out);
    proc.child.stdout?.on('data', (chunk: Buffer) => out.write(chunk));
    proc.child.stderr?.on('data', (chunk: Buffer) => out.write(chunk));
    const entry = { name, app: proc };
    this.apps.push(entry);
    if (waitReady) await proc.waitReady(120_000);
    return entry;
  }

  /** SIGKILL, as the kernel's OOM killer or a pulled plug would; resolves once the process is gone. */
  async kill(entry: LaneApp): Promise<void> {
    this.killed.add(entry.app);
    await entry.app.stop('SIGKILL', 1000);
  }

  /** Apps of this lane that exited while nobody asked them to (name → exit code or signal). */
  unexpectedExits(): string[] {
    return this.apps.filter(({ app }) => !this.killed.has(app) && (app.child.exitCode !== null || app.child.signalCode !== null)).map(({ name, app }) => `${name} (${app.child.exitCode ?? app.child.signalCode})`);
  }

  /** The sender-side log as JSON lines (`<logs>/<lane>-sends.jsonl`), for a post-mortem of what the oracle found. */
  saveRecords(records: object[]): string {
    const file = join(this.stack.logDir, `${this.name}-sends.jsonl`);
    writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    return file;
  }

  async stop(): Promise<void> {
    await Promise.all(this.apps.map(({ app, name }) => app.stop('SIGTERM', 5000).catch((err: unknown) => this.log(`${name}: stop failed: ${String(err)}`))));
    await Promise.all(this.logs.map((s) => new Promise((r) => s.end(r))));
  }
}

/** A viewer JWT for `user`, signed with the suite's secret. */
export function viewerToken(user: string): Promise<string> {
  return signViewerToken({ sub: user, name: user, roles: [] }, { key: { kid: null, secret: CHAOS_TOKEN_SECRET }, ttlSeconds: 2 * 3600 }).then((t) => t.token);
}
