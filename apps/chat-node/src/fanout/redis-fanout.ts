import { chatMessage, fanoutEnvelope, type ChatMessage, type FanoutEnvelope, type RedisNames } from '@tribune/contracts';
import type { Logger } from '@tribune/service-kit';
import { UnavailableError } from '../errors';
import type { PubSub } from '../redis/pubsub';
import type { RedisClient } from '../redis/redis-connections';
import { HISTORY_LENGTH, HISTORY_TTL_SECONDS, type EnvelopeHandler, type Fanout } from './fanout';

export interface RedisFanoutDeps {
  commands: RedisClient;
  pubsub: PubSub;
  /** A Redis Cluster: SPUBLISH to the room's shard channel (the subscribers SSUBSCRIBE; see PubSub). */
  sharded?: boolean;
  names: RedisNames;
  nodeId: string;
  logger: Logger;
  onEnvelope: EnvelopeHandler;
}

/**
 * Fan-out over Redis pub/sub (one channel per room) with history in a capped list per room. On a cluster the room's
 * channel is a shard channel and shares the history list's slot (both carry the `{room}` hash tag), so the publish
 * and the history write are still one MULTI on the master that owns the room.
 */
export class RedisFanout implements Fanout {
  private readonly log: Logger;

  constructor(private readonly deps: RedisFanoutDeps) {
    this.log = deps.logger.child({ module: 'fanout' });
  }

  async publishMessage(message: ChatMessage): Promise<void> {
    const { commands, names, nodeId } = this.deps;
    const envelope: FanoutEnvelope = { v: 1, kind: 'message', origin: nodeId, message };
    const historyKey = names.roomHistory(message.room);
    try {
      // One MULTI so the history never holds a message that was not published, or the reverse.
      const multi = commands.multi();
      const channel = names.roomChannel(message.room);
      if (this.deps.sharded) multi.spublish(channel, JSON.stringify(envelope));
      else multi.publish(channel, JSON.stringify(envelope));
      const results = await multi
        .lpush(historyKey, JSON.stringify(message))
        .ltrim(historyKey, 0, HISTORY_LENGTH - 1)
        .expire(historyKey, HISTORY_TTL_SECONDS)
        .exec();
      const failed = results?.find(([err]) => err !== null);
      if (!results || failed) throw failed?.[0] ?? new Error('transaction aborted');
    } catch (err) {
      throw new UnavailableError('redis', 'fan-out publish failed', { cause: err });
    }
  }

  async deleteMessage(room: string, id: string): Promise<ChatMessage | null> {
    const { commands, names, nodeId } = this.deps;
    const historyKey = names.roomHistory(room);
    const envelope: FanoutEnvelope = { v: 1, kind: 'deleted', origin: nodeId, room, id };
    try {
      // The exact stored JSON is what LREM removes; an item pushed meanwhile is another message, left alone.
      const raw = await commands.lrange(historyKey, 0, -1);
      let found: ChatMessage | null = null;
      const tx = commands.multi();
      for (const item of raw) {
        const parsed = safeJson(item, chatMessage);
        if (parsed?.id !== id) continue;
        found = parsed;
        tx.lrem(historyKey, 0, item);
      }
      const results = await tx.publish(names.roomChannel(room), JSON.stringify(envelope)).exec();
      const failed = results?.find(([err]) => err !== null);
      if (!results || failed) throw failed?.[0] ?? new Error('transaction aborted');
      return found;
    } catch (err) {
      throw new UnavailableError('redis', 'message deletion failed', { cause: err });
    }
  }

  async recentHistory(room: string, limit: number): Promise<ChatMessage[]> {
    const raw = await this.deps.commands.lrange(this.deps.names.roomHistory(room), 0, Math.max(0, Math.min(limit, HISTORY_LENGTH) - 1));
    const messages: ChatMessage[] = [];
    for (const item of raw) {
      const parsed = safeJson(item, chatMessage);
      if (parsed) messages.push(parsed);
      else this.log.warn({ room }, 'history_item_invalid');
    }
    return messages;
  }

  async subscribeRoom(room: string): Promise<void> {
    await this.deps.pubsub.subscribeShard(this.deps.names.roomChannel(room), (payload) => {
      const envelope = safeJson(payload, fanoutEnvelope);
      if (!envelope) {
        this.log.warn({ room }, 'fanout_envelope_invalid');
        return;
      }
      this.deps.onEnvelope(envelope);
    });
  }

  async catchUpAfterReconnect(room: string): Promise<ChatMessage[]> {
    // A PING on the subscriber connection is answered after the SUBSCRIBEs ioredis re-sent on reconnect: from then
    // on every publish reaches us live, so the history read after it covers everything before.
    await this.deps.pubsub.confirmSubscribed();
    return this.recentHistory(room, HISTORY_LENGTH);
  }

  async unsubscribeRoom(room: string): Promise<void> {
    await this.deps.pubsub.unsubscribeShard(this.deps.names.roomChannel(room));
  }
}

function safeJson<T>(text: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
