/**
 * The one registry of names that cross a process boundary: Kafka topics, ClickHouse tables,
 * Redis keys and channels. A deployment (or a test run) may prefix topics and Redis keys so
 * several stacks share one cluster without seeing each other.
 */

export const TOPICS = {
  messages: 'chat.messages',
  moderation: 'chat.moderation',
  dlq: 'chat.dlq',
} as const;
export type TopicKey = keyof typeof TOPICS;

/** Partitions created for each topic by the local stack (production clusters choose their own). */
export const TOPIC_PARTITIONS: Record<TopicKey, number> = { messages: 12, moderation: 6, dlq: 1 };

/**
 * How long Kafka keeps each topic (`retention.ms`), set when the topics are created. Kafka is the transport, ClickHouse
 * the archive: a week covers an ingest outage and a replay, and bounds how long an erased user's events outlive the
 * erasure in Kafka (docs/privacy.md). Segments roll daily (`segment.ms`) so retention can drop them: the bound is
 * retention + one segment, eight days.
 */
export const TOPIC_RETENTION_MS: Record<TopicKey, number> = { messages: 7 * 86_400_000, moderation: 7 * 86_400_000, dlq: 7 * 86_400_000 };
export const TOPIC_SEGMENT_MS = 86_400_000;

export function topicName(prefix: string, key: TopicKey): string {
  return `${prefix}${TOPICS[key]}`;
}

export const CLICKHOUSE = {
  database: 'chat',
  messages: 'chat.messages',
  moderationEvents: 'chat.moderation_events',
  messagesPerMinute: 'chat.messages_per_minute',
  /** Rollups of clickhouse/migrations/0003 (per second: kept 7 days; per minute: forever). */
  messages1s: 'chat.messages_1s',
  messages1m: 'chat.messages_1m',
  moderation1s: 'chat.moderation_1s',
  moderation1m: 'chat.moderation_1m',
  /** Messages per hour (0005): whole hours of long totals. */
  messages1h: 'chat.messages_1h',
} as const;

/** A room's recent-history list (`roomHistory`): its length and the TTL after the room's last message. */
export const ROOM_HISTORY = { length: 50, ttlSeconds: 24 * 3600 } as const;

/** Redis keys and channels, all under one configurable prefix (default `tribune`). */
export function redisNames(prefix: string) {
  return {
    /** Pub/sub: a new rules version was published ({@link RulesAnnouncement}). */
    rulesChannel: `${prefix}:rules`,
    /** String: the current rules snapshot as JSON ({@link RulesSnapshot}). */
    rulesSnapshot: `${prefix}:rules:snapshot`,
    /**
     * Pub/sub: a node found no snapshot (Redis lost its data, or nothing was published yet) and asks the console to
     * publish the current one now ({@link RulesResyncRequest}); the console answers within milliseconds instead of
     * at its next reconcile.
     */
    rulesResync: `${prefix}:rules:resync`,
    // `{room}` is a Redis Cluster hash tag: a room's channel and history list share a slot, so the publish and the
    // history write stay one MULTI on a cluster too (a shard channel is hashed like a key: SPUBLISH).
    /** Pub/sub: messages fanned out to every node holding viewers of a room ({@link FanoutEnvelope}). */
    roomChannel: (room: string) => `${prefix}:room:{${room}}`,
    /** List: recent accepted messages of a room, newest first, for `joined.history`. */
    roomHistory: (room: string) => `${prefix}:history:{${room}}`,
    /** Hash: viewers of a room per node id. */
    roomViewers: (room: string) => `${prefix}:viewers:${room}`,
    /** String with TTL: a node's heartbeat ({@link NodeHeartbeat}). */
    node: (nodeId: string) => `${prefix}:node:${nodeId}`,
    nodePattern: `${prefix}:node:*`,
    // Sanctions. `{userId}` is a Redis Cluster hash tag: a user's timeout, bans and sanctions index share a slot, so a
    // node's one MGET of the keys that can stop a send and the write script (key + index) work on a cluster too.
    /** String with TTL: the user is timed out (muted) in the room until the key expires; shared by every node. */
    userTimeout: (room: string, userId: string) => `${prefix}:timeout:${room}:{${userId}}`,
    /**
     * String, TTL = the ban's expiry (none: until lifted): the user is banned from the room. Value: the expiry in ms
     * since epoch, `0` for a ban without one. Read by every node on every send, like the timeout.
     */
    userBan: (room: string, userId: string) => `${prefix}:ban:${room}:{${userId}}`,
    /** String, as `userBan`: the user is banned from every room (room ids cannot hold `*`). */
    userGlobalBan: (userId: string) => `${prefix}:ban:*:{${userId}}`,
    /**
     * Hash: the user's sanctions for listing ({@link SanctionRecord} JSON by field `timeout:<room>`, `ban:<room>` or
     * `ban:*`); the keys above are what is enforced, a field whose key is gone is stale and dropped when read.
     */
    userSanctions: (userId: string) => `${prefix}:sanctions:{${userId}}`,
    // Flood state (spam counters shared by every node). `{room}` is a cluster hash tag: one message's keys share a slot.
    /** Hash: a user's token buckets, slow-mode times and recent normalised texts in the room. */
    floodUser: (room: string, userId: string) => `${prefix}:flood:{${room}}:u:${userId}`,
    /** Sorted set: users who sent one normalised text (by its hash) in the room, scored by time (raids). */
    floodRaid: (room: string, textHash: string) => `${prefix}:flood:{${room}}:raid:${textHash}`,
    // Review queue of held messages (docs: apps/console/README.md, "Review queue"). `{review}` is a cluster hash tag:
    // the enqueue MULTI and the console's claim script touch all three keys, which must share one slot.
    /** Hash: held message id → {@link HeldMessage} JSON, while it waits for a decision. */
    reviewItems: `${prefix}:review:{review}:items`,
    /** Sorted set: held message ids scored by their `ts` (the console expires the oldest). */
    reviewQueue: `${prefix}:review:{review}:queue`,
    /** Hash: room → how many of its messages wait (the queue-depth metric). */
    reviewDepth: `${prefix}:review:{review}:depth`,
    /** Pub/sub: {@link ReviewEvent}s, what the console's live queue streams to moderators. */
    reviewChannel: `${prefix}:review:events`,
    // Live counters (issue 10; LIVE_STATS in live-stats.ts). `{room}` is a cluster hash tag: a room's keys share a slot.
    /** Hash with a TTL: a room's per-second counters and viewer levels of one minute (unix seconds of its start). */
    liveRoomMinute: (room: string, minute: number) => `${prefix}:live:{${room}}:m:${minute}`,
    /** HyperLogLog with a TTL: the room's senders in that minute (PFCOUNT over several = chatters over them). */
    liveRoomChatters: (room: string, minute: number) => `${prefix}:live:{${room}}:chatters:${minute}`,
    /** Sorted set with a TTL: messages per sender in the room in that minute (top chatters). */
    liveRoomSenders: (room: string, minute: number) => `${prefix}:live:{${room}}:senders:${minute}`,
    /** Sorted set: rooms scored by their last counted second (the overview's room list); idle ones are trimmed. */
    liveRooms: `${prefix}:live:rooms`,
  };
}
export type RedisNames = ReturnType<typeof redisNames>;
