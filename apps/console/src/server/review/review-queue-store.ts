import { heldMessage, redisNames, type HeldMessage, type ReviewEvent } from '@tribune/contracts';
import type { Redis } from 'ioredis';

/**
 * Takes one held message out of the queue (item, id, room depth) atomically and returns it; nil when it is gone
 * (another console decided it first). KEYS: items, queue, depth. ARGV: id.
 */
const CLAIM = `
local v = redis.call('HGET', KEYS[1], ARGV[1])
if not v then return false end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
local room = cjson.decode(v).room
if redis.call('HINCRBY', KEYS[3], room, -1) <= 0 then redis.call('HDEL', KEYS[3], room) end
return v
`;

/** The console's side of the review queue the nodes fill (chat-node `review/redis-review-queue.ts`). */
export interface ReviewQueueStore {
  /** Waiting messages of a room (null: every room), oldest first. */
  list(room: string | null): Promise<HeldMessage[]>;
  get(id: string): Promise<HeldMessage | null>;
  /** Takes it out; null when it is not (or no longer) waiting. */
  claim(id: string): Promise<HeldMessage | null>;
  /** Puts a claimed message back (its decision could not be recorded). */
  restore(item: HeldMessage): Promise<void>;
  /** Ids of messages held before `ts`, oldest first. */
  heldBefore(ts: number, limit: number): Promise<string[]>;
  /** Waiting messages per room. */
  depths(): Promise<Record<string, number>>;
  publish(event: ReviewEvent): Promise<void>;
}

export function createReviewQueueStore(redis: Redis, prefix: string): ReviewQueueStore {
  const names = redisNames(prefix);
  const parse = (raw: string | null): HeldMessage | null => {
    if (raw === null) return null;
    try {
      const parsed = heldMessage.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  };
  return {
    async list(room) {
      // The whole hash: it is bounded by the expiry (REVIEW_EXPIRE_MINUTES of held messages).
      const all = (await redis.hvals(names.reviewItems)).map(parse).filter((m): m is HeldMessage => m !== null);
      return all.filter((m) => room === null || m.room === room).sort((a, b) => a.ts - b.ts || a.id.localeCompare(b.id));
    },
    async get(id) {
      return parse(await redis.hget(names.reviewItems, id));
    },
    async claim(id) {
      const raw = (await redis.eval(CLAIM, 3, names.reviewItems, names.reviewQueue, names.reviewDepth, id)) as string | null;
      return parse(raw);
    },
    async restore(item) {
      await redis.multi().hset(names.reviewItems, item.id, JSON.stringify(item)).zadd(names.reviewQueue, item.ts, item.id).hincrby(names.reviewDepth, item.room, 1).exec();
    },
    heldBefore(ts, limit) {
      return redis.zrangebyscore(names.reviewQueue, '-inf', `(${ts}`, 'LIMIT', 0, limit);
    },
    async depths() {
      const raw = await redis.hgetall(names.reviewDepth);
      return Object.fromEntries(Object.entries(raw).map(([room, n]) => [room, Number(n)]));
    },
    async publish(event) {
      await redis.publish(names.reviewChannel, JSON.stringify(event));
    },
  };
}
