import { Redis } from 'ioredis';

/** Deletes every key under `prefix:` (a test stack's leftovers); refuses a prefix without `test`. */
export async function clearTestPrefix(url: string, prefix: string): Promise<number> {
  if (!prefix.includes('test')) throw new Error(`refusing to clear Redis prefix "${prefix}": it does not contain "test"`);
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
