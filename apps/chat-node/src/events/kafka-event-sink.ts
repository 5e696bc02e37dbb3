import { Kafka, logLevel, Partitioners, type LogEntry, type Message, type Producer } from 'kafkajs';
import { topicName } from '@tribune/contracts';
import type { Logger } from '@tribune/service-kit';
import { UnavailableError } from '../errors';
import type { ChatMetrics } from '../metrics';
import type { EventBatch } from './build-events';
import type { EventSink } from './event-sink';

export interface KafkaEventSinkOptions {
  brokers: string[];
  topicPrefix: string;
  clientId: string;
  /** How long a record waits for others to share its produce request (0 = next tick). */
  lingerMs: number;
  /** Most records in one produce request. */
  maxBatch?: number;
  logger: Logger;
  metrics: Pick<ChatMetrics, 'kafkaProduceSeconds' | 'kafkaProduceErrors'>;
}

type Pending = { batch: EventBatch; resolve: () => void; reject: (err: Error) => void };

/**
 * Produces message and moderation events with an idempotent producer (acks=all, one request in
 * flight so retries cannot reorder or duplicate). Records are grouped: while one produce request
 * is in flight, the next ones accumulate and go out together, so throughput grows with load
 * without adding more than `lingerMs` of latency when idle. Each caller's promise settles with
 * its own request, so a sender is acked only after Kafka accepted its event.
 */
export class KafkaEventSink implements EventSink {
  private readonly producer: Producer;
  private readonly log: Logger;
  private readonly topics: { messages: string; moderation: string };
  private readonly maxBatch: number;
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private connected = false;
  private closed = false;

  constructor(private readonly options: KafkaEventSinkOptions) {
    this.log = options.logger.child({ module: 'kafka_sink' });
    this.topics = { messages: topicName(options.topicPrefix, 'messages'), moderation: topicName(options.topicPrefix, 'moderation') };
    this.maxBatch = options.maxBatch ?? 500;
    const kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      connectionTimeout: 3000,
      logLevel: logLevel.WARN,
      logCreator: () => (entry: LogEntry) => this.kafkaLog(entry),
    });
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      // Bounded, unlike the idempotent default (retry forever): a sender waits for its ack, so
      // after ~5 s of failing we tell it "unavailable" instead of holding it indefinitely.
      retry: { retries: 8, initialRetryTime: 100, maxRetryTime: 1000 },
    });
    this.producer.on(this.producer.events.CONNECT, () => (this.connected = true));
    this.producer.on(this.producer.events.DISCONNECT, () => (this.connected = false));
  }

  async connect(): Promise<void> {
    await this.producer.connect();
    this.connected = true;
    this.log.info({ topics: this.topics }, 'kafka_producer_connected');
  }

  healthy(): boolean {
    return this.connected && !this.closed;
  }

  record(batch: EventBatch): Promise<void> {
    if (this.closed) return Promise.reject(new UnavailableError('kafka', 'event sink is closed'));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ batch, resolve, reject });
      if (this.queue.length >= this.maxBatch) this.flushSoon(0);
      else this.flushSoon(this.options.lingerMs);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.inFlight || this.queue.length > 0) {
      if (this.inFlight) await this.inFlight;
      else await this.flush();
    }
    await this.producer.disconnect();
  }

  private flushSoon(delayMs: number): void {
    if (this.inFlight) return; // the running flush picks the queue up when it finishes
    if (this.timer && delayMs > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      // send() settles every caller's promise itself and never rejects; the catch is for a bug in this class.
      this.flush().catch((err: unknown) => this.log.error({ err }, 'kafka_flush_failed'));
    }, delayMs);
  }

  private flush(): Promise<void> {
    const items = this.queue.splice(0, this.maxBatch);
    if (items.length === 0) return Promise.resolve();
    this.inFlight = this.send(items).finally(() => {
      this.inFlight = null;
      if (this.queue.length > 0) this.flushSoon(0);
    });
    return this.inFlight;
  }

  private async send(items: Pending[]): Promise<void> {
    const messages: Message[] = [];
    const moderation: Message[] = [];
    for (const { batch } of items) {
      messages.push({ key: batch.message.room, value: JSON.stringify(batch.message) });
      for (const event of batch.moderation) moderation.push({ key: event.room, value: JSON.stringify(event) });
    }
    const topicMessages = [{ topic: this.topics.messages, messages }];
    if (moderation.length > 0) topicMessages.push({ topic: this.topics.moderation, messages: moderation });
    const stop = this.options.metrics.kafkaProduceSeconds.startTimer();
    try {
      await this.producer.sendBatch({ acks: -1, topicMessages });
      stop();
      for (const item of items) item.resolve();
    } catch (err) {
      this.options.metrics.kafkaProduceErrors.inc();
      this.log.error({ err, records: items.length }, 'kafka_produce_failed');
      const error = new UnavailableError('kafka', 'Kafka did not accept the event', { cause: err });
      for (const item of items) item.reject(error);
    }
  }

  private kafkaLog({ level, log }: LogEntry): void {
    const { message, ...fields } = log;
    const event = 'kafkajs';
    if (level === logLevel.ERROR) this.log.error({ ...fields, kafka_message: message }, event);
    else if (level === logLevel.WARN) this.log.warn({ ...fields, kafka_message: message }, event);
    else this.log.debug({ ...fields, kafka_message: message }, event);
  }
}
