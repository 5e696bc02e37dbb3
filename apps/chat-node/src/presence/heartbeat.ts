import type { RedisClient } from '../redis/redis-connections';
import type { NodeHeartbeat, RedisNames } from '@tribune/contracts';
import type { Logger } from '@tribune/service-kit';

export interface HeartbeatDeps {
  commands: RedisClient;
  names: RedisNames;
  nodeId: string;
  url: string;
  intervalMs: number;
  logger: Logger;
  /** Read at each beat so the console sees the version and load as they are now. */
  status: () => Pick<NodeHeartbeat, 'rulesVersion' | 'connections' | 'load'>;
  /** Other state the node re-asserts on every beat (its presence counts), so Redis heals after losing its data. */
  reassert?: () => Promise<void>;
}

/** The node announces itself under a key with a TTL of three beats, so a dead node disappears on its own. */
export function startHeartbeat(deps: HeartbeatDeps) {
  const log = deps.logger.child({ module: 'heartbeat' });
  const key = deps.names.node(deps.nodeId);
  const startedAt = Date.now();
  const ttlSeconds = Math.ceil((deps.intervalMs * 3) / 1000);
  const write = async () => {
    const body: NodeHeartbeat = { v: 1, nodeId: deps.nodeId, url: deps.url, startedAt, ts: Date.now(), ...deps.status() };
    await deps.commands.set(key, JSON.stringify(body), 'EX', ttlSeconds);
    await deps.reassert?.();
  };
  // Beats still on the wire: stop() waits for them, or a late SET would re-create the key after
  // the DEL and list a dead node for a whole TTL.
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  const beat = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    const running = write().finally(() => inFlight.delete(running));
    inFlight.add(running);
    return running;
  };
  const timer = setInterval(() => {
    beat().catch((err: unknown) => log.warn({ err }, 'heartbeat_failed'));
  }, deps.intervalMs);
  timer.unref();
  return {
    /** Beats once now (at start, so the node is listed before it takes traffic). */
    beat,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.allSettled([...inFlight]);
      await deps.commands.del(key);
    },
  };
}
