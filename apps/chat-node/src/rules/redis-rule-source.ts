import type { RedisClient } from '../redis/redis-connections';
import { rulesAnnouncement, type RedisNames, type RulesResyncRequest } from '@tribune/contracts';
import type { PubSub } from '../redis/pubsub';
import type { RuleSource, RuleSourceListener } from './rule-source';

/** Snapshots from the Redis key the console writes; announcements from its pub/sub channel. */
export class RedisRuleSource implements RuleSource {
  private stopReconnect: (() => void) | null = null;

  constructor(
    private readonly commands: RedisClient,
    private readonly pubsub: PubSub,
    private readonly names: RedisNames,
    private readonly nodeId: string,
  ) {}

  async requestRepublish(): Promise<void> {
    const request: RulesResyncRequest = { v: 1, node: this.nodeId };
    await this.commands.publish(this.names.rulesResync, JSON.stringify(request));
  }

  fetch(): Promise<string | null> {
    return this.commands.get(this.names.rulesSnapshot);
  }

  async watch(listener: RuleSourceListener): Promise<void> {
    this.stopReconnect = this.pubsub.onReconnect(() => listener.reconnected());
    await this.pubsub.subscribe(this.names.rulesChannel, (payload) => {
      let version: number | null = null;
      try {
        const parsed = rulesAnnouncement.safeParse(JSON.parse(payload));
        if (parsed.success) version = parsed.data.version;
      } catch {
        // An unreadable announcement still means "something changed": resync from the snapshot.
      }
      listener.announced(version);
    });
  }

  async unwatch(): Promise<void> {
    this.stopReconnect?.();
    await this.pubsub.unsubscribe(this.names.rulesChannel);
  }
}
