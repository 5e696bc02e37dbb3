import { redisNames } from '@tribune/contracts';
import type { Redis } from 'ioredis';
import { foldLiveHashes, minutesCovering, type LiveSecond } from './live-series';

/** A room's live seconds `[fromSecond, toSecond)` summed over the nodes: one HGETALL per minute, one round trip. */
export async function readRoomSeconds(redis: Redis, prefix: string, room: string, fromSecond: number, toSecond: number): Promise<LiveSecond[]> {
  const names = redisNames(prefix);
  const p = redis.pipeline();
  for (const m of minutesCovering(fromSecond, toSecond)) p.hgetall(names.liveRoomMinute(room, m));
  const results = (await p.exec()) ?? [];
  const hashes = results.map(([err, value]) => {
    if (err) throw err;
    return value as Record<string, string>;
  });
  return foldLiveHashes(hashes, fromSecond, toSecond);
}

/** Unique senders of the room over the minutes covering `[fromSecond, toSecond)` (HyperLogLog union: ~0.8 % error). */
export async function roomChatters(redis: Redis, prefix: string, room: string, fromSecond: number, toSecond: number): Promise<number> {
  const names = redisNames(prefix);
  const keys = minutesCovering(fromSecond, toSecond).map((m) => names.liveRoomChatters(room, m));
  return keys.length === 0 ? 0 : redis.pfcount(...keys);
}

/** The room's busiest senders over the minutes covering the range (sum of the per-minute sorted sets). */
export async function topChatters(redis: Redis, prefix: string, room: string, fromSecond: number, toSecond: number, limit = 10): Promise<{ user: string; messages: number }[]> {
  const names = redisNames(prefix);
  const keys = minutesCovering(fromSecond, toSecond).map((m) => names.liveRoomSenders(room, m));
  if (keys.length === 0) return [];
  const flat = (await redis.call('ZUNION', keys.length, ...keys, 'WITHSCORES')) as string[];
  const rows: { user: string; messages: number }[] = [];
  for (let i = 0; i < flat.length; i += 2) rows.push({ user: flat[i]!, messages: Number(flat[i + 1]) });
  return rows.sort((a, b) => b.messages - a.messages || a.user.localeCompare(b.user)).slice(0, limit);
}

/** Rooms counted in the last `sinceSeconds` (the live room index, scored by last second). */
export async function activeRooms(redis: Redis, prefix: string, nowSecond: number, sinceSeconds: number): Promise<string[]> {
  return redis.zrangebyscore(redisNames(prefix).liveRooms, nowSecond - sinceSeconds, '+inf');
}

/** Viewers of the room now, from presence (the nodes' per-room counts). */
export async function viewersNow(redis: Redis, prefix: string, room: string): Promise<number> {
  const values = await redis.hvals(redisNames(prefix).roomViewers(room));
  return values.reduce((n, v) => n + (Number(v) || 0), 0);
}
