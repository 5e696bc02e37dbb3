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
  const make = (role: string) => {
    const client = new Redis(url, {
      // Named per node and role: `CLIENT LIST` shows who is who.
      connectionName: `tribune-chat-node-${nodeId}-${role}`,
      // Commands fail fast while Redis is down instead of queueing without bound.
      maxRetriesPerRequest: 2,
      enableOfflineQueue: true,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    client.on('error', (err: Error) => log.warn({ role, err: err.message }, 'redis_error'));
    client.on('end', () => log.debug({ role }, 'redis_connection_ended'));
    return client;
  };
  const commands = make('commands');
  const subscriber = make('subscriber');
  return {
    commands,
    subscriber,
    async close() {
      await Promise.allSettled([commands.quit(), subscriber.quit()]);
    },
  };
}
