import { chatMessage, redisNames, type ChatMessage, type FanoutEnvelope } from '@tribune/contracts';
import type { Redis } from 'ioredis';

/** `origin` of the envelopes the console publishes on room channels. */
export const CONSOLE_ORIGIN = 'console';

/** Tells a room something, on every node (a `notice` envelope: each node sends it to its own viewers). */
export async function publishNotice(redis: Redis, prefix: string, room: string, text: string): Promise<void> {
  const envelope: FanoutEnvelope = { v: 1, kind: 'notice', origin: CONSOLE_ORIGIN, room, text };
  await redis.publish(redisNames(prefix).roomChannel(room), JSON.stringify(envelope));
}

/**
 * Takes the messages `match` picks out of the room's recent-history list (LREM of each stored JSON, exactly as the
 * nodes pushed it) and publishes `envelope` in the same MULTI, so every node drops them from its ring and tells its
 * viewers at the moment the shared history loses them. Resolves with the messages removed from the list.
 */
export async function removeFromRoom(redis: Redis, prefix: string, room: string, match: (m: ChatMessage) => boolean, envelope: FanoutEnvelope): Promise<ChatMessage[]> {
  const names = redisNames(prefix);
  const historyKey = names.roomHistory(room);
  const raw = await redis.lrange(historyKey, 0, -1);
  const removed: ChatMessage[] = [];
  const tx = redis.multi();
  for (const item of raw) {
    const parsed = parse(item);
    if (!parsed || !match(parsed)) continue;
    removed.push(parsed);
    tx.lrem(historyKey, 0, item);
  }
  const results = await tx.publish(names.roomChannel(room), JSON.stringify(envelope)).exec();
  const failed = results?.find(([err]) => err !== null);
  if (!results || failed) throw failed?.[0] ?? new Error('transaction aborted');
  return removed;
}

/** The room's recent history as the shared list holds it (newest first); unreadable items are left out. */
export async function readHistory(redis: Redis, prefix: string, room: string): Promise<ChatMessage[]> {
  return (await redis.lrange(redisNames(prefix).roomHistory(room), 0, -1)).map(parse).filter((m): m is ChatMessage => m !== null);
}

function parse(item: string): ChatMessage | null {
  try {
    const parsed = chatMessage.safeParse(JSON.parse(item));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
