import { EventEmitter } from 'node:events';
import { redisNames, reviewEvent, type ReviewEvent } from '@tribune/contracts';
import type { Logger } from '@tribune/service-kit';
import type { Redis } from 'ioredis';

/** The review channel, heard once per console process and handed to every live queue (tRPC subscription). */
export interface ReviewFeed {
  /** Resolves once the channel is subscribed: an event published afterwards reaches `listener`. */
  listen(listener: (event: ReviewEvent) => void): Promise<() => void>;
  close(): Promise<void>;
}

export function createReviewFeed(redis: Redis, prefix: string, logger: Logger): ReviewFeed {
  const log = logger.child({ module: 'review_feed' });
  const channel = redisNames(prefix).reviewChannel;
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  let subscriber: Redis | null = null;
  let subscribed: Promise<void> | null = null;

  function ensureSubscribed(): Promise<void> {
    subscribed ??= (async () => {
      const sub = redis.duplicate();
      sub.on('error', (err: Error) => log.warn({ err: err.message }, 'review_feed_redis_error'));
      sub.on('message', (_channel: string, payload: string) => {
        try {
          const parsed = reviewEvent.safeParse(JSON.parse(payload));
          if (parsed.success) emitter.emit('event', parsed.data);
          else log.warn('review_event_invalid');
        } catch {
          log.warn('review_event_invalid');
        }
      });
      subscriber = sub;
      await sub.subscribe(channel);
    })().catch((err: unknown) => {
      subscribed = null;
      throw err;
    });
    return subscribed;
  }

  return {
    async listen(listener) {
      await ensureSubscribed();
      emitter.on('event', listener);
      return () => emitter.off('event', listener);
    },
    async close() {
      const sub = subscriber;
      subscriber = null;
      subscribed = null;
      await sub?.quit().catch(() => undefined);
    },
  };
}
