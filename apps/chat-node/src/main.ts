import { CLOSE_CODES, redisNames } from '@tribune/contracts';
import { closeServer, createLogger, createMetricsRegistry, createOpsServer, installProcessGuards, installShutdown, listen, loadConfigOrExit, type Logger } from '@tribune/service-kit';
import { createHs256Verifier } from './auth/viewer-token';
import { ChatNode } from './chat-node';
import { configSchema } from './config';
import { KafkaEventSink } from './events/kafka-event-sink';
import { RedisFanout } from './fanout/redis-fanout';
import { MemoryFloodStore } from './flood/memory-flood-store';
import { RedisFloodStore } from './flood/redis-flood-store';
import { ResilientFloodStore } from './flood/resilient-flood-store';
import { SendMessage } from './messaging/send-message';
import { createChatMetrics, METRICS_PREFIX } from './metrics';
import { ModActions } from './moderation/mod-actions';
import { compileRules, Moderator, type CompiledRules } from './moderation/moderator';
import { startHeartbeat } from './presence/heartbeat';
import { CoalescedPresence } from './presence/coalesced-presence';
import { RedisPresence } from './presence/redis-presence';
import { PubSub } from './redis/pubsub';
import { RedisReviewQueue } from './review/redis-review-queue';
import { RedisSanctions } from './sanctions/redis-sanctions';
import { createRedisConnections } from './redis/redis-connections';
import { admitRoom, LiveRules } from './rules/live-rules';
import { RedisRuleSource } from './rules/redis-rule-source';
import { RulesSync } from './rules/rules-sync';
import { describeRoomInForce, modeNotices } from './rules/mode-notices';
import { WsGateway } from './transport/ws-gateway';
import { createNodeLoad } from './stats/node-load';
import { RecordingEventSink } from './stats/recording-event-sink';
import { startStatsFlusher } from './stats/redis-stats-flusher';
import { RoomStats } from './stats/room-stats';
import type { NodeLoad } from '@tribune/contracts';

const config = loadConfigOrExit(configSchema, 'chat-node');
const logger = createLogger({ name: 'chat-node', level: config.log.level, pretty: config.log.pretty }).child({ node: config.nodeId });
const log = logger.child({ module: 'main' });

async function main(): Promise<void> {
  const registry = createMetricsRegistry(METRICS_PREFIX);
  const metrics = createChatMetrics(registry);
  const names = redisNames(config.redis.prefix);

  const redis = createRedisConnections(config.redis, config.nodeId, logger);
  const pubsub = new PubSub(redis.subscriber, logger, redis.sharded);
  const live = new LiveRules<CompiledRules>(compileRules);
  let heartbeat: ReturnType<typeof startHeartbeat> | null = null;
  const rulesSync = new RulesSync({
    source: new RedisRuleSource(redis.commands, pubsub, names, config.nodeId),
    requireSnapshot: config.rulesRequireSnapshot,
    live,
    pollMs: config.rulesPollMs,
    logger,
    metrics,
    // Beat at once so the console's nodes page shows the version in force, not the one of the last beat.
    onApplied: () => {
      heartbeat?.beat().catch((err: unknown) => log.warn({ err }, 'heartbeat_failed'));
    },
  });
  const sink = new KafkaEventSink({
    brokers: config.kafka.brokers,
    topicPrefix: config.kafka.topicPrefix,
    clientId: `tribune-chat-node-${config.nodeId}`,
    transactionalId: `tribune-chat-node-${config.nodeId}`,
    lingerMs: config.kafka.lingerMs,
    logger,
    metrics,
  });

  // The node's behaviour needs the fan-out and the fan-out delivers to the node: bind late.
  let node: ChatNode | null = null;
  const fanout = new RedisFanout({ commands: redis.commands, pubsub, sharded: redis.sharded, names, nodeId: config.nodeId, logger, onEnvelope: (e) => node?.deliver(e) });
  // Joins of a room in a reconnect storm share presence writes and reads.
  const presence = new CoalescedPresence(new RedisPresence(redis.commands, names, config.nodeId));
  const sanctions = new RedisSanctions(redis.commands, names);
  const sharedFlood = new RedisFloodStore(redis.commands, names, {
    timeoutMs: config.flood.redisTimeoutMs,
    onRoundTrip: (messages, seconds) => {
      metrics.floodRoundTrips.inc();
      metrics.floodBatchMessages.inc(messages);
      metrics.floodRoundTripSeconds.observe(seconds);
    },
  });
  // On every (re)connect: a restarted Redis has lost the script, and the first batch should not pay for it.
  redis.commands.on('ready', () => {
    sharedFlood.loadScript().catch((err: unknown) => log.warn({ err }, 'flood_script_load_failed'));
  });
  const flood = new ResilientFloodStore({
    shared: sharedFlood,
    local: new MemoryFloodStore(),
    sharedConnected: () => redis.commands.status === 'ready',
    retryMs: config.flood.retryMs,
    logger,
    metrics,
  });
  const moderator = new Moderator(live, flood, metrics);
  // Live counters (stats/): what Kafka accepted is counted per room-second and flushed to Redis for the console.
  const stats = new RoomStats();
  const nodeLoad = createNodeLoad({ deliveries: metrics.deliveries, fanoutSeconds: metrics.fanoutSeconds, rooms: () => node?.localRooms().length ?? 0 });
  const countedSink = new RecordingEventSink(sink, stats, () => nodeLoad.recorded());
  const sendMessage = new SendMessage({ nodeId: config.nodeId, moderator, sink: countedSink, fanout, sanctions, reviewQueue: new RedisReviewQueue(redis.commands, names), logger, metrics });
  node = new ChatNode({
    admitRoom: (room) => admitRoom(live.current(), room),
    roomNotice: (room) => describeRoomInForce(live.current()?.rooms?.get(room)),
    fanout,
    presence,
    sendMessage,
    modActions: new ModActions({ nodeId: config.nodeId, sink, fanout, sanctions, rulesVersion: () => live.version, logger }),
    maxPendingSends: config.limits.maxPendingSends,
    maxRoomsPerConnection: 20,
    delivery: config.delivery,
    roomLingerMs: config.roomLingerMs,
    counters: stats,
    logger,
    metrics,
  });
  const chat = node;
  // A new version in force changed a room's status or modes: this node tells its own viewers of the room.
  live.onSwap((previous, next) => {
    for (const { room, text } of modeNotices(previous, next)) {
      chat.notice(room, text);
      log.info({ room, version: next.version, text }, 'room_modes_notice');
    }
  });
  pubsub.onReconnect(() => chat.fanoutReconnected());
  const statsFlusher = startStatsFlusher({ commands: redis.commands, names, nodeId: config.nodeId, stats, localViewers: () => chat.localCounts(), logger });
  let load: NodeLoad | undefined;
  const loadTimer = setInterval(() => {
    nodeLoad
      .sample()
      .then((l) => (load = l))
      .catch((err: unknown) => log.warn({ err }, 'node_load_sample_failed'));
  }, config.heartbeatMs);
  loadTimer.unref();

  const server = createOpsServer({
    registry,
    checks: [
      { name: 'redis', check: async () => void (await redis.commands.ping()) },
      { name: 'kafka', check: () => sink.check() },
      { name: 'rules', check: async () => assert(rulesSync.ready, 'no rules snapshot loaded') },
    ],
    // Degraded, not down: the flood rules still hold, per node, while Redis is unreachable.
    details: [{ name: 'flood_state', describe: () => flood.describe() }],
  });
  // /healthz answers while dependencies come up; /readyz says when the node can take traffic.
  await listen(server, config.host, config.port, config.limits.listenBacklog);
  log.info({ host: config.host, port: config.port }, 'http_listening');

  let gateway: WsGateway | null = null;
  let stopping = false;
  const shutdown = installShutdown(
    logger,
    [
      { name: 'close_sockets', run: () => gateway?.closeAll(CLOSE_CODES.SHUTTING_DOWN, 'node shutting down, reconnect to another node') },
      { name: 'close_http', run: () => closeServer(server) },
      { name: 'stop_rules', run: () => rulesSync.stop() },
      // Flushes what senders are waiting on, so every event a node took in reaches Kafka.
      { name: 'flush_kafka', run: () => sink.close() },
      { name: 'flush_stats', run: () => statsFlusher.stop() },
      { name: 'clear_presence', run: () => presence.clearLocal(node?.localRooms() ?? []) },
      { name: 'stop_heartbeat', run: () => heartbeat?.stop() },
      { name: 'close_redis', run: () => redis.close() },
    ],
    { timeoutMs: config.shutdownTimeoutMs },
  );
  // A rejection nobody handled is logged and counted and the node keeps its viewers; an uncaught exception drains
  // (viewers are told to reconnect elsewhere) and exits 1 for the supervisor.
  installProcessGuards({ logger, registry, prefix: METRICS_PREFIX, shutdown });
  process.once('SIGINT', () => (stopping = true));
  process.once('SIGTERM', () => (stopping = true));

  await untilDone('rules_sync_start', () => rulesSync.start(), () => stopping);
  await untilDone('kafka_connect', () => sink.connect(), () => stopping);
  if (stopping) return;

  gateway = new WsGateway({
    server,
    path: '/ws',
    allowedOrigins: config.allowedOrigins,
    maxConnections: config.limits.maxConnections,
    maxConnectionsPerIp: config.limits.maxConnectionsPerIp,
    maxPayloadBytes: config.limits.maxPayloadBytes,
    maxBufferedBytes: config.limits.maxBufferedBytes,
    frameBudget: config.limits.frameBudget,
    verifier: createHs256Verifier(config.viewerTokens),
    handler: node,
    logger,
    metrics,
  });
  const ws = gateway;
  heartbeat = startHeartbeat({
    commands: redis.commands,
    names,
    nodeId: config.nodeId,
    url: config.publicUrl,
    intervalMs: config.heartbeatMs,
    logger,
    status: () => ({ rulesVersion: live.version, connections: ws.connectionCount, ...(load ? { load } : {}) }),
    reassert: () => presence.reassert(node.localCounts()),
  });
  await heartbeat.beat();
  log.info({ url: config.publicUrl, rulesVersion: live.version, origins: config.allowedOrigins }, 'chat_node_ready');
}

function assert(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}

/** Start-up waits for dependencies instead of dying, so a stack can start in any order. */
async function untilDone(step: string, run: () => Promise<void>, stopped: () => boolean, logTo: Logger = log): Promise<void> {
  for (let attempt = 1; !stopped(); attempt++) {
    try {
      await run();
      return;
    } catch (err) {
      logTo.warn({ step, attempt, err: err instanceof Error ? err.message : String(err) }, 'startup_step_retrying');
      await new Promise((r) => setTimeout(r, Math.min(500 * attempt, 5000)));
    }
  }
}

main().catch((err: unknown) => {
  log.fatal({ err }, 'chat_node_failed_to_start');
  process.exit(1);
});
