import type { Redis } from 'ioredis';
import { redisNames } from '@tribune/contracts';
import type { Logger } from '@tribune/service-kit';

/**
 * Answers nodes that found no rules snapshot in Redis (it lost its data, or this is a fresh install): a request on
 * the resync channel makes the console reconcile now — republishing the latest committed version when Redis lacks
 * it — instead of at its next reconcile tick. Requests arriving together are answered once.
 */
export function listenForResyncRequests(redis: Redis, prefix: string, reconcile: () => Promise<unknown>, logger: Logger): () => Promise<void> {
  const log = logger.child({ module: 'rules_resync' });
  const channel = redisNames(prefix).rulesResync;
  // A subscribed connection can run nothing else: its own, which ioredis resubscribes after a reconnect.
  const subscriber = redis.duplicate();
  subscriber.on('error', (err: Error) => log.warn({ err: err.message }, 'redis_error'));
  let queued: NodeJS.Timeout | null = null;
  subscriber.on('message', (from: string) => {
    if (from !== channel || queued) return;
    queued = setTimeout(() => {
      queued = null;
      reconcile()
        .then(() => log.info('rules_resync_answered'))
        .catch((err: unknown) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'rules_resync_failed'));
    }, 100);
  });
  subscriber.subscribe(channel).catch((err: unknown) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'rules_resync_subscribe_failed'));
  return async () => {
    if (queued) clearTimeout(queued);
    await subscriber.quit().catch(() => undefined);
  };
}
