import { Cluster, Redis } from 'ioredis';
import type { Logger } from '@tribune/service-kit';

/** One Redis or a Redis Cluster: every command the node sends works on both (keys sharing a slot carry a hash tag). */
export type RedisClient = Redis | Cluster;

export interface RedisTarget {
  url: string;
  /** Seed nodes of a Redis Cluster; null: one Redis at `url`. */
  clusterNodes: { host: string; port: number }[] | null;
}

/**
 * A node holds two connections: one for commands and one in subscriber mode (a Redis
 * connection that subscribed can run nothing else). On a cluster, each is an ioredis `Cluster`; the
 * subscriber also opens one sharded subscriber per master (`shardedSubscribers`), where room channels live.
 */
export interface RedisConnections {
  commands: RedisClient;
  subscriber: RedisClient;
  /** True on a cluster: room channels use SSUBSCRIBE / SPUBLISH (a classic PUBLISH is broadcast to every shard). */
  sharded: boolean;
  close(): Promise<void>;
}

export function createRedisConnections(target: RedisTarget, nodeId: string, logger: Logger): RedisConnections {
  const log = logger.child({ module: 'redis' });
  const options = (role: string, offlineQueue: boolean) => ({
    // Named per node and role: `CLIENT LIST` shows who is who.
    connectionName: `tribune-chat-node-${nodeId}-${role}`,
    maxRetriesPerRequest: 2,
    // Commands fail at once while Redis is down. Queued, a send's publish waited up to ~7 s and went out
    // seconds late to whichever node had resubscribed first, acked `accepted` as if delivered; failing, the
    // sender is told at once that its recorded message was not delivered (ack reason `not_delivered`).
    // The subscriber keeps its queue: SUBSCRIBE is replayed by ioredis on reconnect either way.
    enableOfflineQueue: offlineQueue,
  });
  const retry = (attempt: number) => Math.min(attempt * 200, 2000);
  const make = (role: string, offlineQueue: boolean): RedisClient => {
    const client: RedisClient = target.clusterNodes
      ? new Cluster(target.clusterNodes, {
          redisOptions: options(role, offlineQueue),
          enableOfflineQueue: offlineQueue,
          clusterRetryStrategy: retry,
          // Commands of one tick are sent per master in one write (what a pipeline is on one Redis).
          enableAutoPipelining: role === 'commands',
          shardedSubscribers: role === 'subscriber',
        })
      : new Redis(target.url, { ...options(role, offlineQueue), retryStrategy: retry });
    client.on('error', (err: Error) => log.warn({ role, err: err.message }, 'redis_error'));
    client.on('end', () => log.debug({ role }, 'redis_connection_ended'));
    return client;
  };
  const commands = make('commands', false);
  const subscriber = make('subscriber', true);
  return {
    commands,
    subscriber,
    sharded: target.clusterNodes !== null,
    async close() {
      await Promise.allSettled([commands.quit(), subscriber.quit()]);
    },
  };
}

/**
 * Runs commands in one round trip where the deployment allows it: a pipeline on one Redis; on a cluster, where a
 * pipeline must stay on one node, each command on its own (auto-pipelined per master by the commands connection).
 * Replies come back in order, as `pipeline.exec()` gives them.
 */
export async function execAll(client: RedisClient, commands: (string | number)[][]): Promise<[Error | null, unknown][]> {
  if (commands.length === 0) return [];
  if (client instanceof Redis) return (await client.pipeline(commands).exec()) ?? [];
  return Promise.all(
    commands.map(([name, ...args]) =>
      client.call(String(name), ...args).then(
        (reply): [Error | null, unknown] => [null, reply],
        (err: unknown): [Error | null, unknown] => [err instanceof Error ? err : new Error(String(err)), null],
      ),
    ),
  );
}

/** The masters of a cluster (scripts are loaded on each), or the one Redis. */
export function masters(client: RedisClient): Redis[] {
  return client instanceof Cluster ? client.nodes('master') : [client];
}
