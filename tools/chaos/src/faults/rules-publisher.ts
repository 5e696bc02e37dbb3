import { Redis } from 'ioredis';
import { redisNames, type RuleSetInput } from '@tribune/contracts';

export interface Publication {
  version: number;
  at: number;
  ok: boolean;
}

/**
 * Publishes a new rules version every `intervalMs` exactly as the console does (write the snapshot
 * key, then announce the version on the channel; see apps/chat-node/src/chat-node.int.test.ts). The
 * version counter lives here, as the console's lives in PostgreSQL: a Redis that lost its data does
 * not reset it. A publication that fails (Redis down) is not retried; the next tick publishes a newer
 * version, as the console's reconcile would.
 */
export class RulesPublisher {
  readonly publications: Publication[] = [];
  private readonly redis: Redis;
  private readonly names: ReturnType<typeof redisNames>;
  private version = 0;
  private timer: NodeJS.Timeout | null = null;
  private publishing: Promise<void> = Promise.resolve();

  constructor(redisUrl: string, prefix: string, private readonly intervalMs = 1000) {
    this.names = redisNames(prefix);
    // Fail fast while Redis is down (no offline queue): a tick either publishes now or not at all.
    this.redis = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 200, lazyConnect: true });
    this.redis.on('error', () => undefined);
  }

  async start(): Promise<void> {
    await this.redis.connect();
    await this.publish();
    this.timer = setInterval(() => {
      this.publishing = this.publish();
    }, this.intervalMs);
  }

  /** The highest version that reached Redis, and when. */
  lastPublished(): Publication | undefined {
    return this.publications.filter((p) => p.ok).at(-1);
  }

  /** The first version published at or after `t`. */
  firstPublishedSince(t: number): Publication | undefined {
    return this.publications.find((p) => p.ok && p.at >= t);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.publishing;
    this.redis.disconnect();
  }

  private async publish(): Promise<void> {
    const version = ++this.version;
    const rules: RuleSetInput = { words: [{ id: `chaos-word-${version}`, term: `chaosbanned${version}` }] };
    const snapshot = { v: 1, version, publishedAt: Date.now(), rules };
    try {
      await this.redis.set(this.names.rulesSnapshot, JSON.stringify(snapshot));
      await this.redis.publish(this.names.rulesChannel, JSON.stringify({ v: 1, version }));
      this.publications.push({ version, at: Date.now(), ok: true });
    } catch {
      this.publications.push({ version, at: Date.now(), ok: false });
    }
  }
}
