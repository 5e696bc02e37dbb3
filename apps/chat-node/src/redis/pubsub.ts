import type { Redis } from 'ioredis';
import type { Logger } from '@tribune/service-kit';

export type ChannelHandler = (payload: string) => void;

/**
 * Routes messages of one subscriber connection to a handler per channel, and tells listeners
 * when the connection came back after a drop (pub/sub is at-most-once: whatever was published
 * meanwhile is lost, so they must resync from state).
 */
export class PubSub {
  private readonly handlers = new Map<string, ChannelHandler>();
  private readonly reconnectListeners = new Set<() => void>();
  private readyOnce = false;
  private readonly log: Logger;

  constructor(
    private readonly subscriber: Redis,
    logger: Logger,
  ) {
    this.log = logger.child({ module: 'pubsub' });
    subscriber.on('message', (channel: string, payload: string) => {
      const handler = this.handlers.get(channel);
      if (!handler) return;
      try {
        handler(payload);
      } catch (err) {
        this.log.error({ channel, err }, 'pubsub_handler_failed');
      }
    });
    subscriber.on('ready', () => {
      if (!this.readyOnce) {
        this.readyOnce = true;
        return;
      }
      // ioredis resubscribes our channels by itself (autoResubscribe); we only resync state.
      this.log.info({ channels: this.handlers.size }, 'pubsub_reconnected');
      for (const listener of this.reconnectListeners) listener();
    });
    if (subscriber.status === 'ready') this.readyOnce = true;
  }

  async subscribe(channel: string, handler: ChannelHandler): Promise<void> {
    this.handlers.set(channel, handler);
    await this.subscriber.subscribe(channel);
  }

  async unsubscribe(channel: string): Promise<void> {
    this.handlers.delete(channel);
    await this.subscriber.unsubscribe(channel);
  }

  /** Resolves when every SUBSCRIBE sent before it on this connection has been processed by Redis. */
  async confirmSubscribed(): Promise<void> {
    await this.subscriber.ping();
  }

  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }
}
