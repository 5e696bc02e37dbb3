import { requireViewerTokenKey, viewerTokenEnv } from '@tribune/contracts';
import { envBool, envList, envLogLevel, envPort, envPositiveInt, loadConfig } from '@tribune/service-kit';
import { z } from 'zod';

/** The console's environment, validated once; every bad variable is reported by name. */
export const configSchema = z.object({
  PORT: envPort.default(3000),
  /** Interface `npm start` (src/cli/serve.ts) binds `next start` to. */
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: envLogLevel,
  LOG_PRETTY: envBool,
  DATABASE_URL: z.string().url().default('postgresql://postgres@127.0.0.1:5432/tribune'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z.string().default('tribune'),
  CLICKHOUSE_URL: z.string().url().default('http://127.0.0.1:8123'),
  CLICKHOUSE_USER: z.string().default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
  /**
   * The read-only ClickHouse user the Explore workspace queries as (clickhouse/migrations/0004: `tribune_console_reader`
   * on a real server); unset = CLICKHOUSE_USER / CLICKHOUSE_PASSWORD (the embedded engine has one user).
   */
  CLICKHOUSE_READER_USER: z.string().optional(),
  CLICKHOUSE_READER_PASSWORD: z.string().optional(),
  /** Explore: rows a result table shows (more are cut, and the page says so). */
  EXPLORE_MAX_ROWS: envPositiveInt.max(1_000_000).default(10_000),
  /** Explore: rows a CSV export may have (more are refused). */
  EXPLORE_CSV_MAX_ROWS: envPositiveInt.max(10_000_000).default(100_000),
  /** Explore: ClickHouse's max_execution_time for each query, seconds. */
  EXPLORE_MAX_SECONDS: envPositiveInt.max(600).default(10),
  /**
   * Viewer JWT keys the demo page signs with: the first of CHAT_TOKEN_SECRETS (kid:secret,…; its kid in the header),
   * else the legacy CHAT_TOKEN_SECRET (no kid). CHAT_TOKEN_ISSUER / CHAT_TOKEN_AUDIENCE must match the nodes'.
   */
  ...viewerTokenEnv,
  /** Lifetime of a demo viewer token: short, the page mints a new one on every connect. */
  DEMO_TOKEN_TTL_SECONDS: envPositiveInt.max(3600).default(600),
  CHAT_NODE_URLS: envList(z.string().url(), 'ws://127.0.0.1:7000/ws,ws://127.0.0.1:7001/ws'),
  /** Roles that skip spam rules besides `moderator` and `broadcaster` (comma list, e.g. `vip,bot`). */
  SPAM_EXEMPT_ROLES: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)),
  /** Lifetime of an operator session. */
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  /** A session with no request for this long ends, whatever its absolute expiry (SESSION_TTL_HOURS). */
  SESSION_IDLE_MINUTES: z.coerce.number().positive().max(7 * 24 * 60).default(30),
  /**
   * Session cookie marked `Secure` (and HSTS sent): on by default except under `next dev` (NODE_ENV=development).
   * Plain http on loopback (npm start, the e2e run) sets `COOKIE_SECURE=0`.
   */
  COOKIE_SECURE: z.enum(['1', '0', 'true', 'false', '']).optional(),
  /** Set by Next itself (`next dev` development, `next start` production); only the COOKIE_SECURE default reads it. */
  NODE_ENV: z.string().optional(),
  /** Most procedure calls one batched tRPC request may carry (the browser's httpBatchLink sends at most 10). */
  TRPC_MAX_BATCH: envPositiveInt.max(1000).default(20),
  /**
   * Which X-Forwarded-For entry is the client, counted from the right (1 = the address of the nearest proxy's peer,
   * what `next start` appends itself). Raise it by one per trusted reverse proxy in front.
   */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
  /** How often armed rooms are checked for a spike (docs/rules.md, "Automatic protection"); 0 = never. */
  AUTO_PROTECTION_CHECK_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
  /** Newest seconds a check leaves out: messages still on their way through Kafka and ingest to ClickHouse. */
  AUTO_PROTECTION_LAG_SECONDS: z.coerce.number().int().min(0).max(60).default(3),
  /** Kafka, where review decisions (approve, reject, expiry) are recorded in `chat.moderation`. */
  KAFKA_BROKERS: envList(z.string().min(1), '127.0.0.1:9092'),
  KAFKA_TOPIC_PREFIX: z.string().default(''),
  /** Ingest's consumer group, whose lag per topic the overview shows (apps/ingest KAFKA_GROUP_ID). */
  INGEST_GROUP_ID: z.string().min(1).default('tribune-ingest'),
  /** The overview's banner: ingest this many messages (summed over partitions) behind on a topic. */
  LIVE_INGEST_LAG_ALERT: envPositiveInt.default(5000),
  /** A held message not decided within this many minutes expires as rejected (fractions allowed: 0.5 = 30 s). */
  REVIEW_EXPIRE_MINUTES: z.coerce.number().positive().max(7 * 24 * 60).default(10),
  /** How often the console expires undecided held messages; 0 = never. */
  REVIEW_SWEEP_MS: z.coerce.number().int().min(0).max(600_000).default(5000),
  CONSOLE_ADMIN_EMAIL: z.string().email().default('admin@tribune.local'),
  CONSOLE_ADMIN_PASSWORD: z.string().min(8).default('tribune-admin'),
  /** The built `<tribune-chat>` bundle served at /widget.js; relative to the console's working directory (apps/console). */
  WIDGET_BUNDLE_PATH: z.string().min(1).default('../../packages/widget/dist/tribune-chat.js'),
}).superRefine(requireViewerTokenKey);

export type Config = Omit<z.infer<typeof configSchema>, 'COOKIE_SECURE'> & { COOKIE_SECURE: boolean };

/** Secure unless said otherwise, or under `next dev`. */
function cookieSecure(value: string | undefined, nodeEnv: string | undefined): boolean {
  if (value === undefined || value === '') return nodeEnv !== 'development';
  return value === '1' || value === 'true';
}

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = loadConfig(configSchema, env);
  return { ...parsed, COOKIE_SECURE: cookieSecure(parsed.COOKIE_SECURE, parsed.NODE_ENV) };
}
