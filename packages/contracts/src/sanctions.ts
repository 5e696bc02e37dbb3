import { z } from 'zod';

/**
 * Sanctions in Redis, written by the console (timeouts, bans, lifts) and by the nodes (timeout rules, `mod` frames),
 * read by every node on every send. Layout (keys in ./names): one enforcement key per sanction — `userTimeout`,
 * `userBan`, `userGlobalBan` — whose TTL is the expiry, and a per-user index hash `userSanctions` for listing.
 */

/** One active sanction as listed for a user (field of `userSanctions`); `room` null = global, `until` null = no expiry. */
export const sanctionRecord = z.object({
  v: z.literal(1),
  kind: z.enum(['timeout', 'ban']),
  room: z.string().nullable(),
  userId: z.string(),
  /** ms since epoch; null: until lifted. */
  until: z.number().int().nullable(),
  /** Who gave it: an operator's or token's label, a moderator viewer (`viewer:<id>`), or `engine` (a timeout rule). */
  by: z.string(),
  reason: z.string().nullable(),
  ts: z.number().int(),
});
export type SanctionRecord = z.infer<typeof sanctionRecord>;

/** The field of a sanction in `userSanctions`. */
export function sanctionField(kind: SanctionRecord['kind'], room: string | null): string {
  return `${kind}:${room ?? '*'}`;
}

/**
 * EVAL with KEYS = [enforcement key, index hash], ARGV = [value, ttl seconds (0 = none), field, record JSON]: sets the
 * enforcement key and indexes the record in one step. The index lives as long as its longest sanction: its TTL only
 * grows, and a sanction without expiry makes it permanent (a lift removes the field; a permanent index whose last
 * field went is deleted by Redis as an empty hash).
 */
export const SANCTION_WRITE_SCRIPT = `
local ttl = tonumber(ARGV[2])
if ttl > 0 then redis.call('SET', KEYS[1], ARGV[1], 'EX', ttl) else redis.call('SET', KEYS[1], ARGV[1]) end
local fresh = redis.call('EXISTS', KEYS[2]) == 0
redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
if ttl == 0 then
  redis.call('PERSIST', KEYS[2])
else
  local current = redis.call('TTL', KEYS[2])
  if fresh or (current >= 0 and current < ttl) then redis.call('EXPIRE', KEYS[2], ttl) end
end
return 1
`;
