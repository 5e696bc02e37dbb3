import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { createLogger, createMetricsRegistry, type Logger } from '@tribune/service-kit';
import { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { readConfig, type Config } from '../config';
import { createAuthService, type AuthService } from './auth/auth-service';
import { createPgLoginThrottle } from './auth/login-throttle';
import { createPrisma, type Db } from './db/prisma';
import { createOperatorAdmin, type OperatorAdmin } from './operators/operator-admin';
import { createApiTokenService, type ApiTokenService } from './tokens/api-token-service';
import { createConsoleMetrics, METRICS_PREFIX, type ConsoleMetrics } from './ops/console-metrics';
import { createAutoProtection, type AutoProtection } from './protection/auto-protection';
import { clickhouseRoomTraffic } from './protection/room-traffic';
import { moderationRulesValidator } from './rules/moderation-rules-validator';
import { createRedisRulesStore } from './rules/redis-rules-store';
import { createRulesService, type RulesService } from './rules/rules-service';
import { createKafkaDecisionRecorder, type DecisionRecorder } from './review/decision-recorder';
import { createReviewFeed, type ReviewFeed } from './review/review-feed';
import { createReviewQueueStore } from './review/review-queue-store';
import { createReviewService, type ReviewService } from './review/review-service';
import { createMessageRemoval, type MessageRemoval } from './moderation-actions/message-removal';
import { createSanctionsService, type SanctionsService } from './moderation-actions/sanctions-service';

/** Everything a request handler may use; built once per process from the config. */
export interface Services {
  config: Config;
  logger: Logger;
  db: Db;
  redis: Redis;
  clickhouse: ClickHouseClient;
  /** The Explore workspace's client: the read-only user (CLICKHOUSE_READER_USER), never the console's own. */
  clickhouseReader: ClickHouseClient;
  rules: RulesService;
  auth: AuthService;
  /** API tokens: Bearer resolution (createContext), admin management. */
  tokens: ApiTokenService;
  /** Operator management (admins). */
  operators: OperatorAdmin;
  /** Automatic protection of armed rooms (start-console.ts runs its checks). */
  protection: AutoProtection;
  /** The review queue of held messages: decisions, expiry; `reviewFeed` streams it live. */
  review: ReviewService;
  reviewFeed: ReviewFeed;
  decisions: DecisionRecorder;
  /** Timeouts and bans (enforced by the nodes through Redis). */
  sanctions: SanctionsService;
  /** Deleting messages and purging a user's from a room. */
  removal: MessageRemoval;
  metrics: Registry;
  instruments: ConsoleMetrics;
  close(): Promise<void>;
}

export function createServices(config: Config, logger = createLogger({ name: 'console', level: config.LOG_LEVEL, pretty: config.LOG_PRETTY })): Services {
  const db = createPrisma(config.DATABASE_URL);
  // Commands fail fast while Redis is down instead of queueing forever behind a request.
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
  redis.on('error', (err) => logger.warn({ module: 'redis', err: err.message }, 'redis_error'));
  const clickhouse = createClient({
    url: config.CLICKHOUSE_URL,
    username: config.CLICKHOUSE_USER,
    password: config.CLICKHOUSE_PASSWORD,
    request_timeout: 10_000,
  });
  const clickhouseReader = createClient({
    url: config.CLICKHOUSE_URL,
    username: config.CLICKHOUSE_READER_USER ?? config.CLICKHOUSE_USER,
    password: config.CLICKHOUSE_READER_PASSWORD ?? config.CLICKHOUSE_PASSWORD,
    // Past max_execution_time (EXPLORE_MAX_SECONDS) ClickHouse answers with TIMEOUT_EXCEEDED; the socket waits longer.
    request_timeout: (config.EXPLORE_MAX_SECONDS + 10) * 1000,
  });
  const metrics = createMetricsRegistry(METRICS_PREFIX);
  const reviewStore = createReviewQueueStore(redis, config.REDIS_PREFIX);
  const instruments = createConsoleMetrics(metrics, { reviewDepths: () => reviewStore.depths() });
  const decisions = createKafkaDecisionRecorder({ brokers: config.KAFKA_BROKERS, topicPrefix: config.KAFKA_TOPIC_PREFIX, logger });
  const review = createReviewService({
    db,
    redis,
    prefix: config.REDIS_PREFIX,
    store: reviewStore,
    recorder: decisions,
    expireAfterMs: config.REVIEW_EXPIRE_MINUTES * 60_000,
    logger,
    onDecision: (decision) => instruments.reviewDecisions.inc({ decision }),
  });
  const reviewFeed = createReviewFeed(redis, config.REDIS_PREFIX, logger);
  const rules = createRulesService({
    db,
    store: createRedisRulesStore(redis, config.REDIS_PREFIX),
    validate: moderationRulesValidator,
    extraExemptRoles: config.SPAM_EXEMPT_ROLES,
    logger,
    onPublished: (version) => {
      instruments.rulesPublished.inc();
      instruments.rulesVersion.set(version);
    },
  });
  const rulesVersion = () => rules.currentVersion();
  const sanctions = createSanctionsService({ db, redis, prefix: config.REDIS_PREFIX, recorder: decisions, rulesVersion, logger });
  const removal = createMessageRemoval({ db, redis, prefix: config.REDIS_PREFIX, recorder: decisions, rulesVersion, logger });
  const auth = createAuthService({ db, throttle: createPgLoginThrottle(db), sessionTtlMs: config.SESSION_TTL_HOURS * 3600_000, sessionIdleMs: config.SESSION_IDLE_MINUTES * 60_000, logger });
  const tokens = createApiTokenService({ db, logger });
  const operators = createOperatorAdmin(db);
  const protection = createAutoProtection({
    db,
    rules,
    traffic: clickhouseRoomTraffic(clickhouse),
    logger,
    lagSeconds: config.AUTO_PROTECTION_LAG_SECONDS,
    onOutcome: (_room, outcome) => instruments.protectionChecks.inc({ outcome }),
  });
  return {
    config,
    logger,
    db,
    redis,
    clickhouse,
    clickhouseReader,
    rules,
    auth,
    tokens,
    operators,
    protection,
    review,
    reviewFeed,
    decisions,
    sanctions,
    removal,
    metrics,
    instruments,
    async close() {
      await Promise.allSettled([reviewFeed.close(), decisions.close()]);
      await Promise.allSettled([db.$disconnect(), redis.quit(), clickhouse.close(), clickhouseReader.close()]);
    },
  };
}

// Kept on globalThis so Next's dev reloads and its separate route bundles share one pool per process.
const holder = globalThis as unknown as { __tribuneConsole?: Services };

/** The process-wide services, created on first use (config read lazily, once). */
export function getServices(): Services {
  holder.__tribuneConsole ??= createServices(readConfig());
  return holder.__tribuneConsole;
}
