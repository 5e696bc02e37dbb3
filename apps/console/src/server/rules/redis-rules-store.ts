import { redisNames, rulesSnapshot, type RulesAnnouncement, type RulesSnapshot } from '@tribune/contracts';
import type { Redis } from 'ioredis';

/**
 * Writes the snapshot and announces it in one atomic step, and only when it is newer than what
 * Redis holds (or the same version again, for a republish), so a slow writer can never roll nodes back.
 */
const PUBLISH_IF_NEWER = `
local cur = redis.call('GET', KEYS[1])
if cur then
  local ok, obj = pcall(cjson.decode, cur)
  if ok and type(obj) == 'table' and tonumber(obj['version']) and tonumber(obj['version']) > tonumber(ARGV[2]) then
    return 0
  end
end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('PUBLISH', KEYS[2], ARGV[3])
return 1
`;

export interface RulesStore {
  /** true when written and announced; false when Redis already holds a newer version. */
  publish(snapshot: RulesSnapshot): Promise<boolean>;
  currentVersion(): Promise<number | null>;
}

export function createRedisRulesStore(redis: Redis, prefix: string): RulesStore {
  const names = redisNames(prefix);
  return {
    async publish(snapshot) {
      const announcement: RulesAnnouncement = { v: 1, version: snapshot.version };
      const result = await redis.eval(
        PUBLISH_IF_NEWER,
        2,
        names.rulesSnapshot,
        names.rulesChannel,
        JSON.stringify(snapshot),
        String(snapshot.version),
        JSON.stringify(announcement),
      );
      return result === 1;
    },
    async currentVersion() {
      const raw = await redis.get(names.rulesSnapshot);
      if (!raw) return null;
      const parsed = rulesSnapshot.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data.version : null;
    },
  };
}
