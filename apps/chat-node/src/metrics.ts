import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Every metric a chat node exports on /metrics, registered once and passed down. */
/** This app's part of the one metric scheme, `tribune_<app>_…` (ARCHITECTURE.md, "Metrics"). */
export const METRICS_PREFIX = 'tribune_chat_node_';

export function createChatMetrics(registry: Registry) {
  const registers = [registry];
  return {
    connections: new Gauge({ name: 'tribune_chat_node_connections', help: 'Open WebSocket connections', labelNames: ['kind'] as const, registers }),
    connectionSlots: new Gauge({ name: 'tribune_chat_node_connection_slots', help: 'Connection slots held: open connections and handshakes in progress', registers }),
    connectionsRefused: new Counter({
      name: 'tribune_chat_node_connections_refused_total',
      help: 'Connections closed at the handshake, by reason',
      labelNames: ['reason'] as const,
      registers,
    }),
    disconnects: new Counter({ name: 'tribune_chat_node_disconnects_total', help: 'Connections closed by the node, by reason', labelNames: ['reason'] as const, registers }),
    framesIn: new Counter({ name: 'tribune_chat_node_frames_in_total', help: 'Client frames received, by type', labelNames: ['type'] as const, registers }),
    framesRefused: new Counter({ name: 'tribune_chat_node_frames_refused_total', help: 'Client frames over the connection budget, by verdict (refuse, close)', labelNames: ['verdict'] as const, registers }),
    framesOut: new Counter({ name: 'tribune_chat_node_frames_out_total', help: 'Server frames sent, by type', labelNames: ['type'] as const, registers }),
    messages: new Counter({ name: 'tribune_chat_node_messages_total', help: 'Messages handled, by final status', labelNames: ['status'] as const, registers }),
    moderationSeconds: new Histogram({
      name: 'tribune_chat_node_moderation_seconds',
      help: 'Time to judge one message against the rules on this node (words and per-message spam rules; the flood store has its own metrics)',
      buckets: [0.000_002, 0.000_005, 0.000_01, 0.000_025, 0.000_05, 0.000_1, 0.000_25, 0.001, 0.005, 0.025],
      registers,
    }),
    fanoutSeconds: new Histogram({
      name: 'tribune_chat_node_fanout_seconds',
      help: 'From message timestamp to the flush of its batch to local sockets (includes Kafka, Redis and batching)',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    deliveries: new Counter({
      name: 'tribune_chat_node_deliveries_total',
      help: 'Messages written to viewer sockets (one per message and viewer), counted once per flushed batch',
      registers,
    }),
    deliveriesSampledOut: new Counter({
      name: 'tribune_chat_node_deliveries_sampled_out_total',
      help: 'Messages a viewer was not given because the room ran faster than DELIVERY_MAX_VIEWER_RATE (overload policy)',
      registers,
    }),
    deliverySampledFraction: new Gauge({
      name: 'tribune_chat_node_delivery_sampled_fraction',
      help: 'Share of (message, viewer) deliveries the overload policy left out at the last flush (0 when not sampling)',
      registers,
    }),
    deliveryBatch: new Histogram({
      name: 'tribune_chat_node_delivery_batch_messages',
      help: 'Messages per flushed room batch (one frame per viewer)',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
      registers,
    }),
    kafkaProduceSeconds: new Histogram({
      name: 'tribune_chat_node_kafka_produce_seconds',
      help: 'Time for Kafka to acknowledge one produced batch',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers,
    }),
    kafkaProduceErrors: new Counter({ name: 'tribune_chat_node_kafka_produce_errors_total', help: 'Produced batches Kafka did not accept', registers }),
    kafkaDown: new Gauge({ name: 'tribune_chat_node_kafka_down', help: '1 while Kafka is unreachable and sends are refused with unavailable', registers }),
    heldQueued: new Counter({ name: 'tribune_chat_node_held_queued_total', help: 'Held messages put in the review queue (outcome queued) or refused by Redis (failed)', labelNames: ['outcome'] as const, registers }),
    fanoutErrors: new Counter({ name: 'tribune_chat_node_fanout_errors_total', help: 'Accepted messages whose Redis publish failed', registers }),
    sanctionErrors: new Counter({
      name: 'tribune_chat_node_sanction_errors_total',
      help: 'Timeout checks (check) or mutes (apply) that failed against Redis',
      labelNames: ['op'] as const,
      registers,
    }),
    floodChecks: new Counter({
      name: 'tribune_chat_node_flood_checks_total',
      help: 'Messages whose flood rules (rate, slow mode, duplicate, raid) were answered, by store (redis = shared by every node, local = this node only)',
      labelNames: ['store'] as const,
      registers,
    }),
    floodStoreLocal: new Gauge({ name: 'tribune_chat_node_flood_store_local', help: '1 while flood counters are node-local because Redis is unreachable', registers }),
    floodStoreErrors: new Counter({ name: 'tribune_chat_node_flood_store_errors_total', help: 'Flood-state answers Redis failed or timed out (answered locally)', registers }),
    floodRoundTrips: new Counter({ name: 'tribune_chat_node_flood_redis_round_trips_total', help: 'Redis round trips (pipelines) made for flood state', registers }),
    floodBatchMessages: new Counter({ name: 'tribune_chat_node_flood_redis_messages_total', help: 'Messages carried by those round trips', registers }),
    floodRoundTripSeconds: new Histogram({
      name: 'tribune_chat_node_flood_redis_seconds',
      help: 'Time for one flood-state pipeline to Redis and back',
      buckets: [0.000_1, 0.000_25, 0.000_5, 0.001, 0.002, 0.005, 0.01, 0.025, 0.1, 0.5],
      registers,
    }),
    rulesVersion: new Gauge({ name: 'tribune_chat_node_rules_version', help: 'Version of the rule set this node enforces', registers }),
    rulesStale: new Gauge({
      name: 'tribune_chat_node_rules_stale',
      help: '1 while the published rules snapshot cannot be applied (the node keeps older rules, or has none and is not ready)',
      registers,
    }),
    rulesInvalid: new Counter({ name: 'tribune_chat_node_rules_invalid_total', help: 'Rule snapshots refused as invalid', registers }),
    rulesReloads: new Counter({ name: 'tribune_chat_node_rules_reloads_total', help: 'Rule snapshots fetched, by trigger', labelNames: ['trigger'] as const, registers }),
  };
}

export type ChatMetrics = ReturnType<typeof createChatMetrics>;
