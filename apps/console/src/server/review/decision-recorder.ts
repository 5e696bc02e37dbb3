import type { ModerationEvent } from '@tribune/contracts';
import { topicName } from '@tribune/contracts';
import type { Logger } from '@tribune/service-kit';
import { Kafka, logLevel, type Producer } from 'kafkajs';

/** Port: records an operator's decision in `chat.moderation` (ingest loads it into ClickHouse). */
export interface DecisionRecorder {
  /** Resolves once Kafka acknowledged it (acks=all); throws otherwise. */
  record(event: ModerationEvent): Promise<void>;
  close(): Promise<void>;
}

/**
 * An idempotent, acks=all kafkajs producer keyed by room (the topic's key, as the nodes write it). Connected on first
 * use and again after a failure, so a console started before Kafka still serves every page but the decisions.
 */
export function createKafkaDecisionRecorder(opts: { brokers: string[]; topicPrefix: string; logger: Logger }): DecisionRecorder {
  const log = opts.logger.child({ module: 'decision_recorder' });
  const kafka = new Kafka({ clientId: 'tribune-console', brokers: opts.brokers, logLevel: logLevel.NOTHING, retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 1000 } });
  const topic = topicName(opts.topicPrefix, 'moderation');
  let producer: Producer | null = null;
  let connecting: Promise<Producer> | null = null;

  function connected(): Promise<Producer> {
    if (producer) return Promise.resolve(producer);
    connecting ??= (async () => {
      const p = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      try {
        await p.connect();
        producer = p;
        return p;
      } finally {
        connecting = null;
      }
    })();
    return connecting;
  }

  return {
    async record(event) {
      const p = await connected();
      try {
        await p.send({ topic, acks: -1, timeout: 5000, messages: [{ key: event.room, value: JSON.stringify(event) }] });
      } catch (err) {
        log.warn({ err: err instanceof Error ? err.message : String(err), id: event.id }, 'decision_record_failed');
        // Start over with a fresh connection next time.
        producer = null;
        await p.disconnect().catch(() => undefined);
        throw err;
      }
    },
    async close() {
      const p = producer;
      producer = null;
      await p?.disconnect();
    },
  };
}
