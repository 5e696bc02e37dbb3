import { ROOM_HISTORY, type ChatMessage, type FanoutEnvelope } from '@tribune/contracts';

/**
 * Moves room traffic between nodes: what one node publishes, every node subscribed to the room
 * (the publisher too) receives and delivers to its local viewers.
 */
export interface Fanout {
  /** Publishes an accepted message to the room and records it in the room's recent history. */
  publishMessage(message: ChatMessage): Promise<void>;
  /** Recent delivered messages of a room, newest first (the order of the Redis list, as `joined.history` carries them). */
  recentHistory(room: string, limit: number): Promise<ChatMessage[]>;
  /** Starts receiving the room's envelopes (called when the first local viewer joins). */
  subscribeRoom(room: string): Promise<void>;
  /**
   * After the subscriber connection came back: resolves once the room's subscription is live again, with the room's
   * recent history (newest first) as the shared store has it, so the node can deliver what it missed.
   */
  catchUpAfterReconnect(room: string): Promise<ChatMessage[]>;
  /**
   * A moderator deleted a message: it leaves the room's recent history and every node is told (`deleted` envelope),
   * so each drops it from its ring and tells its viewers. Resolves with the message as the history held it (null when
   * it was no longer there: the envelope still goes, nodes may hold it longer than the shared history).
   */
  deleteMessage(room: string, id: string): Promise<ChatMessage | null>;
  /** Stops receiving them (called when the last local viewer leaves). */
  unsubscribeRoom(room: string): Promise<void>;
}

export type EnvelopeHandler = (envelope: FanoutEnvelope) => void;

/** How many messages each room keeps for `joined.history`. */
export const HISTORY_LENGTH = ROOM_HISTORY.length;
/**
 * A room's history expires a day after its last message: rooms come and go (a match, a stream), and Redis must
 * not hold a list for every room that ever existed. It is also what the eviction policy may drop first.
 */
export const HISTORY_TTL_SECONDS = ROOM_HISTORY.ttlSeconds;
