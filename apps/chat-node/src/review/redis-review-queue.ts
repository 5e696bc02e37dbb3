import type { RedisClient } from '../redis/redis-connections';
import type { HeldMessage, RedisNames, ReviewEvent } from '@tribune/contracts';
import type { ReviewQueue } from './review-queue';

/**
 * The review queue in Redis, shared by every node and the console: the item in a hash, its id in a sorted set by
 * `ts` (the console expires the oldest), the room's depth counter, and a `held` event on the review channel — in
 * one MULTI, so a moderator never sees an item the queue does not hold, or the reverse.
 */
export class RedisReviewQueue implements ReviewQueue {
  constructor(
    private readonly commands: RedisClient,
    private readonly names: RedisNames,
  ) {}

  async enqueue(item: HeldMessage): Promise<void> {
    const { names } = this;
    const event: ReviewEvent = { v: 1, kind: 'held', item };
    const results = await this.commands
      .multi()
      .hset(names.reviewItems, item.id, JSON.stringify(item))
      .zadd(names.reviewQueue, item.ts, item.id)
      .hincrby(names.reviewDepth, item.room, 1)
      .publish(names.reviewChannel, JSON.stringify(event))
      .exec();
    const failed = results?.find(([err]) => err !== null);
    if (!results || failed) throw failed?.[0] ?? new Error('transaction aborted');
  }
}
