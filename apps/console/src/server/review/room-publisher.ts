import { ROOM_HISTORY, redisNames, type ChatMessage, type FanoutEnvelope } from '@tribune/contracts';
import type { Redis } from 'ioredis';

/**
 * Delivers a message to a room the way a node does (chat-node `fanout/redis-fanout.ts`): the envelope on the room's
 * channel, which every node holding viewers of the room receives, and the room's recent-history list, in one MULTI.
 */
export async function publishRoomMessage(redis: Redis, prefix: string, message: ChatMessage): Promise<void> {
  const names = redisNames(prefix);
  const envelope: FanoutEnvelope = { v: 1, kind: 'message', origin: 'console', message };
  const historyKey = names.roomHistory(message.room);
  const results = await redis
    .multi()
    .publish(names.roomChannel(message.room), JSON.stringify(envelope))
    .lpush(historyKey, JSON.stringify(message))
    .ltrim(historyKey, 0, ROOM_HISTORY.length - 1)
    .expire(historyKey, ROOM_HISTORY.ttlSeconds)
    .exec();
  const failed = results?.find(([err]) => err !== null);
  if (!results || failed) throw failed?.[0] ?? new Error('transaction aborted');
}
