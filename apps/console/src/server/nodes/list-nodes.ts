import { nodeHeartbeat, redisNames, type NodeHeartbeat } from '@tribune/contracts';
import type { Redis } from 'ioredis';

/** Live nodes: every heartbeat key that has not expired yet (SCAN, never KEYS, on a shared Redis). */
export async function listNodeHeartbeats(redis: Redis, prefix: string): Promise<NodeHeartbeat[]> {
  const names = redisNames(prefix);
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', names.nodePattern, 'COUNT', 200);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  if (keys.length === 0) return [];
  const values = await redis.mget(...keys);
  const nodes: NodeHeartbeat[] = [];
  for (const raw of values) {
    if (!raw) continue;
    try {
      const parsed = nodeHeartbeat.safeParse(JSON.parse(raw));
      if (parsed.success) nodes.push(parsed.data);
    } catch {
      // A heartbeat that is not JSON is skipped: the page shows healthy nodes, a broken one ages out by TTL.
    }
  }
  return nodes.sort((a, b) => a.nodeId.localeCompare(b.nodeId));
}
