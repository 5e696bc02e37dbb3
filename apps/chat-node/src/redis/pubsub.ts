import type { Logger } from '@tribune/service-kit';
import type { RedisClient } from './redis-connections';

export type ChannelHandler = (payload: string) => void;

/**
 * Routes messages of one subscriber connection to a handler per channel, and tells listeners
 * when the connection came back after a drop (pub/sub is at-most-once: whatever was published
 * meanwhile is lost, so they must resync from state).
 *
 * Two kinds of channel: classic ones (rules, resync: few messages, every node hears them) and shard channels
 * (rooms: the bulk of the traffic). On one Redis both are classic SUBSCRIBE. On a cluster (`sharded`), a room is
 * SSUBSCRIBEd on the master owning its slot, so a room's traffic stays on one shard instead of being broadcast
 * over the cluster bus to every node, as a classic PUBLISH is.
 */
export class PubSub {
  private readonly handlers = new Map<string, ChannelHandler>();
  private readonly reconnectListeners = new Set<() => void>();
  private readyOnce = false;
  private readonly log: Logger;

  private shardsReadyOnce = false;

  constructor(
    private readonly subscriber: RedisClient,
    logger: Logger,
    /** Shard channels through SSUBSCRIBE (a cluster whose subscriber has `shardedSubscribers`). */
    private readonly sharded = false,
  ) {
    this.log = logger.child({ module: 'pubsub' });
    const route = (channel: string, payload: string) => {
      const handler = this.handlers.get(channel);
      if (!handler) return;
      try {
        handler(payload);
      } catch (err) {
        this.log.error({ channel, err }, 'pubsub_handler_failed');
      }
    };
    subscriber.on('message', route);
    subscriber.on('smessage', route);
    subscriber.on('ready', () => {
      if (!this.readyOnce) {
        this.readyOnce = true;
        return;
      }
      this.reconnected('ready');
    });
    // A cluster's sharded subscribers come back on their own schedule (a master lost, slots moved): ioredis
    // re-SSUBSCRIBEs the channels and says `subscribersReady`; the first one is the start.
    subscriber.on('subscribersReady', () => {
      if (!this.shardsReadyOnce) {
        this.shardsReadyOnce = true;
        return;
      }
      this.reconnected('shards_ready');
    });
    if (subscriber.status === 'ready') this.readyOnce = true;
  }

  private reconnected(cause: string): void {
    // ioredis resubscribes our channels by itself (autoResubscribe); we only resync state.
    this.log.info({ channels: this.handlers.size, cause }, 'pubsub_reconnected');
    for (const listener of this.reconnectListeners) listener();
  }

  async subscribe(channel: string, handler: ChannelHandler): Promise<void> {
    this.handlers.set(channel, handler);
    await this.subscriber.subscribe(channel);
  }

  async unsubscribe(channel: string): Promise<void> {
    this.handlers.delete(channel);
    await this.subscriber.unsubscribe(channel);
  }

  /** A room's channel: SSUBSCRIBE on a cluster (resolves once the owning master confirmed it), SUBSCRIBE otherwise. */
  async subscribeShard(channel: string, handler: ChannelHandler): Promise<void> {
    if (!this.sharded) return this.subscribe(channel, handler);
    this.handlers.set(channel, handler);
    await this.subscriber.ssubscribe(channel);
  }

  async unsubscribeShard(channel: string): Promise<void> {
    if (!this.sharded) return this.unsubscribe(channel);
    this.handlers.delete(channel);
    await this.subscriber.sunsubscribe(channel);
  }

  /**
   * Resolves when every SUBSCRIBE sent before it on this connection has been processed by Redis. On a cluster the
   * shard subscriptions are on other connections, one per master, which ioredis re-SSUBSCRIBEs before it emits
   * `subscribersReady` (what triggers a resync there): the PING only covers the classic channels.
   */
  async confirmSubscribed(): Promise<void> {
    await this.subscriber.ping();
  }

  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }
}
