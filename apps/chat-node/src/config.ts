import { z } from 'zod';
import { requireViewerTokenKey, VIEWER_TOKEN_MAX_LIFETIME_SECONDS, viewerTokenEnv, viewerTokenKeys } from '@tribune/contracts';
import { envBool, envLogLevel, envPort, envPositiveInt } from '@tribune/service-kit';

/** Distinct samples (each encoded once) per flush of an overloaded room: bounds the encoding cost. */
const DELIVERY_MAX_LANES = 8;

/** Environment of a chat node. Keys are the variable names, so a bad one is reported by name. */
export const envSchema = z.object({
  NODE_ID: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/).optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Not 0: the advertised URL and the default node id are derived from it. */
  PORT: envPort.min(1).default(7000),
  PUBLIC_URL: z.string().url().optional(),
  /** Viewer JWT keys (CHAT_TOKEN_SECRETS=kid:secret,… and/or the legacy CHAT_TOKEN_SECRET), `iss` and `aud`. */
  ...viewerTokenEnv,
  /** Longest `exp - iat` a viewer token may have. */
  CHAT_TOKEN_MAX_LIFETIME_SECONDS: envPositiveInt.default(VIEWER_TOKEN_MAX_LIFETIME_SECONDS),
  /** Comma list of allowed Origin header values; `*` allows any (dev default). */
  ALLOWED_ORIGINS: z.string().default('*'),
  /** Below the 20,000-fd process limit, leaving room for Kafka, Redis and the ops endpoints. */
  MAX_CONNECTIONS: envPositiveInt.max(19_000).default(18_000),
  MAX_CONNECTIONS_PER_IP: envPositiveInt.default(50),
  /** Connections the kernel holds for the node before it accepts them (capped by net.core.somaxconn). */
  LISTEN_BACKLOG: envPositiveInt.max(65_535).default(4096),
  /** Bytes queued to one socket after which the reader is considered stuck and disconnected. */
  MAX_BUFFERED_BYTES: envPositiveInt.default(1024 * 1024),
  MAX_PAYLOAD_BYTES: envPositiveInt.max(1024 * 1024).default(8 * 1024),
  /** Sends awaiting Kafka per connection before further sends are refused with rate_limited. */
  MAX_PENDING_SENDS: envPositiveInt.default(32),
  /** Frame budget of one connection (guests too): any frame, then joins/leaves, then invalid frames. */
  MAX_FRAMES_PER_SECOND: envPositiveInt.default(50),
  MAX_FRAME_BURST: envPositiveInt.default(200),
  MAX_JOINS_PER_SECOND: envPositiveInt.default(2),
  MAX_JOIN_BURST: envPositiveInt.default(30),
  MAX_INVALID_FRAMES_PER_MINUTE: envPositiveInt.default(6),
  MAX_INVALID_FRAME_BURST: envPositiveInt.default(20),
  RULES_POLL_SECONDS: z.coerce.number().positive().default(30),
  /** 0: with no snapshot published, enforce the empty set (a node run without a console). Default: wait for one. */
  RULES_REQUIRE_SNAPSHOT: envBool.default(true),
  HEARTBEAT_SECONDS: z.coerce.number().positive().default(5),
  /**
   * Producer batching window; 0 sends each message on its own. Each window is one transaction (three requests and a
   * commit marker per partition), so it sets the broker's CPU: at 200 msg/s over two nodes, 2 ms cost the broker ~60 %
   * of a core, 10 ms ~40 %, 25 ms ~25 % (ack p50 6, 11, 18 ms).
   */
  KAFKA_LINGER_MS: z.coerce.number().int().min(0).max(100).default(10),
  SHUTDOWN_TIMEOUT_MS: envPositiveInt.default(10_000),
  /** Under load, at most one frame per room per this many ms; a quiet room is flushed at once. */
  DELIVERY_FLUSH_MS: envPositiveInt.max(1000).default(50),
  /** Most messages in one flushed batch (one frame). */
  DELIVERY_MAX_BATCH: envPositiveInt.max(1000).default(100),
  /** Messages per second a viewer can follow in one room; past it, each viewer is given a fair sample. */
  DELIVERY_MAX_VIEWER_RATE: envPositiveInt.default(60),
  /** Most ms writing one frame to a room's viewers holds the event loop before the rest yields to I/O (acks, Redis). */
  DELIVERY_SLICE_MS: envPositiveInt.max(1000).default(4),
  /** Messages per room kept on the node for join history and `join.since` recovery. */
  HISTORY_RING_SIZE: envPositiveInt.min(50).max(10_000).default(500),
  /** How long a room stays subscribed (its ring fed) after its last local viewer left. */
  ROOM_LINGER_SECONDS: z.coerce.number().min(0).max(3600).default(30),
  /** A flood-state round trip Redis has not answered within this is answered from node-local state. */
  FLOOD_REDIS_TIMEOUT_MS: envPositiveInt.max(5_000).default(250),
  /** While flood state is node-local, how often one batch tries Redis again. */
  FLOOD_RETRY_MS: envPositiveInt.default(1_000),
  KAFKA_BROKERS: z.string().default('127.0.0.1:9092'),
  KAFKA_TOPIC_PREFIX: z.string().default(''),
  /** One Redis URL; with REDIS_CLUSTER=1, a comma list of seed nodes (`redis://host:port,…` or `host:port,…`). */
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  /** 1: Redis Cluster (ioredis `Cluster`); room channels use sharded pub/sub (SSUBSCRIBE / SPUBLISH). */
  REDIS_CLUSTER: envBool.default(false),
  REDIS_PREFIX: z.string().min(1).default('tribune'),
  LOG_LEVEL: envLogLevel,
  LOG_PRETTY: envBool,
}).superRefine(requireViewerTokenKey).superRefine((env, ctx) => {
  if (!env.REDIS_CLUSTER) return;
  for (const seed of splitList(env.REDIS_URL)) {
    if (!parseSeed(seed)) ctx.addIssue({ code: 'custom', path: ['REDIS_URL'], message: `cluster seed "${seed}" is not host:port or redis://host:port` });
  }
});

function splitList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** `redis://host:port` or `host:port` → a seed node of the cluster. */
function parseSeed(seed: string): { host: string; port: number } | null {
  try {
    const url = new URL(seed.includes('://') ? seed : `redis://${seed}`);
    const port = Number(url.port || 6379);
    if (url.protocol !== 'redis:' || !url.hostname || !Number.isInteger(port) || port < 1 || port > 65535) return null;
    return { host: url.hostname, port };
  } catch {
    return null;
  }
}

/** The validated environment shaped for the composition root. */
export const configSchema = envSchema.transform((env) => ({
  nodeId: env.NODE_ID ?? `node-${env.PORT}`,
  host: env.HOST,
  port: env.PORT,
  publicUrl: env.PUBLIC_URL ?? `ws://127.0.0.1:${env.PORT}/ws`,
  viewerTokens: {
    keys: viewerTokenKeys(env),
    issuer: env.CHAT_TOKEN_ISSUER,
    audience: env.CHAT_TOKEN_AUDIENCE,
    maxLifetimeSeconds: env.CHAT_TOKEN_MAX_LIFETIME_SECONDS,
  },
  allowedOrigins: env.ALLOWED_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean),
  limits: {
    maxConnections: env.MAX_CONNECTIONS,
    maxConnectionsPerIp: env.MAX_CONNECTIONS_PER_IP,
    listenBacklog: env.LISTEN_BACKLOG,
    maxBufferedBytes: env.MAX_BUFFERED_BYTES,
    maxPayloadBytes: env.MAX_PAYLOAD_BYTES,
    maxPendingSends: env.MAX_PENDING_SENDS,
    frameBudget: {
      framesPerSecond: env.MAX_FRAMES_PER_SECOND,
      framesBurst: env.MAX_FRAME_BURST,
      joinsPerSecond: env.MAX_JOINS_PER_SECOND,
      joinsBurst: env.MAX_JOIN_BURST,
      invalidPerMinute: env.MAX_INVALID_FRAMES_PER_MINUTE,
      invalidBurst: env.MAX_INVALID_FRAME_BURST,
    },
  },
  rulesPollMs: env.RULES_POLL_SECONDS * 1000,
  rulesRequireSnapshot: env.RULES_REQUIRE_SNAPSHOT,
  heartbeatMs: env.HEARTBEAT_SECONDS * 1000,
  shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
  delivery: {
    flushMs: env.DELIVERY_FLUSH_MS,
    maxBatch: env.DELIVERY_MAX_BATCH,
    maxViewerRate: env.DELIVERY_MAX_VIEWER_RATE,
    ringSize: env.HISTORY_RING_SIZE,
    maxLanes: DELIVERY_MAX_LANES,
    sliceMs: env.DELIVERY_SLICE_MS,
  },
  roomLingerMs: env.ROOM_LINGER_SECONDS * 1000,
  flood: { redisTimeoutMs: env.FLOOD_REDIS_TIMEOUT_MS, retryMs: env.FLOOD_RETRY_MS },
  kafka: {
    brokers: env.KAFKA_BROKERS.split(',').map((b) => b.trim()).filter(Boolean),
    topicPrefix: env.KAFKA_TOPIC_PREFIX,
    lingerMs: env.KAFKA_LINGER_MS,
  },
  redis: {
    url: env.REDIS_URL,
    prefix: env.REDIS_PREFIX,
    /** Seed nodes when the deployment is a Redis Cluster; null: one Redis at `url`. */
    clusterNodes: env.REDIS_CLUSTER ? splitList(env.REDIS_URL).map((seed) => parseSeed(seed)!) : null,
  },
  log: { level: env.LOG_LEVEL, pretty: env.LOG_PRETTY },
}));

export type Config = z.infer<typeof configSchema>;
