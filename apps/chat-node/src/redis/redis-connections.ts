import { Redis } from 'ioredis';
import type { Logger } from '@tribune/service-kit';

/**
 * A node holds two connections: one for commands and one in subscriber mode (a Redis
 * connection that subscribed can run nothing else).
 */
export interface RedisConnections {
  commands: Redis;
  subscriber: Redis;
  close(): Promise<void>;
}

export function createRedisConnections(url: string, nodeId: string, logger: Logger): RedisConnections {
  const log = logger.child({ module: 'redis' });
  const make = (role: string, offlineQueue: boolean) => {
    const client = new Redis(url, {
      // Named per node and role: `CLIENT LIST` shows who is who.
      connectionName: `tribune-chat-node-${nodeId}-${role}`,
      maxRetriesPerRequest: 2,
      // Commands fail at once while Redis is down. Queued, a send's publish waited up to ~7 s and went out
      // seconds late to whichever node had resubscribed first, acked `accepted` as if delivered; failing, the
      // sender is told at once that its recorded message was not delivered (ack reason `not_delivered`).
      // The subscriber keeps its queue: SUBSCRIBE is replayed by ioredis on reconnect either way.
      enableOfflineQueue: offlineQueue,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    client.on('error', (err: Error) => log.warn({ role, err: err.message }, 'redis_error'));
    client.on('end', () => log.debug({ role }, 'redis_connection_ended'));
    return client;
  };
  const commands = make('commands', false);
  const subscriber = make('subscriber', true);
  return {
    commands,
    subscriber,
    async close() {
      await Promise.allSettled([commands.quit(), subscriber.quit()]);
    },
  };
}
