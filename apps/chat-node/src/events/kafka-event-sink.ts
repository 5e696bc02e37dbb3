import { Kafka, logLevel, Partitioners, type Admin, type LogEntry, type Message, type Producer } from 'kafkajs';
import { topicName, type ModerationEvent } from '@tribune/contracts';
import type { Logger } from '@tribune/service-kit';
import { UnavailableError } from '../errors';
import type { ChatMetrics } from '../metrics';
import type { EventBatch } from './build-events';
import type { EventSink } from './event-sink';

export interface KafkaEventSinkOptions {
  brokers: string[];
  topicPrefix: string;
  clientId: string;
  /**
   * The producer's transactional id, one per node (`tribune-chat-node-<NODE_ID>`): a restarted node fences its
   * predecessor's open transaction at once instead of leaving consumers waiting for the transaction timeout.
   */
  transactionalId: string;
  /** How long an open transaction of a node that died may hold back read_committed consumers (ingest). */
  transactionTimeoutMs?: number;
  /** How long a record waits for others to share its produce request (0 = next tick). */
  lingerMs: number;
  /** Most records in one produce request. */
  maxBatch?: number;
  /** A record not yet sent after this long is answered `unavailable` without being sent (never a late accept). */
  ackDeadlineMs?: number;
  /** While Kafka is down, how often the broker is probed to find it back. */
  probeIntervalMs?: number;
  logger: Logger;
  metrics: Pick<ChatMetrics, 'kafkaProduceSeconds' | 'kafkaProduceErrors' | 'kafkaDown'>;
}

/** How often queued records are checked against their deadline while a produce request is in flight. */
const SWEEP_MS = 250;

/** A record waiting for its outcome; `resolve`/`reject` settle it once (later calls do nothing). */
/** A message's events, or decisions alone (a moderator's action). */
type Records = { message?: EventBatch['message']; moderation: ModerationEvent[] };
type Pending = { batch: Records; at: number; resolve: () => void; reject: (err: Error) => void };

/** The produce request in flight: `abandoned` once its senders were told `unavailable` (it will be aborted). */
type Sending = { items: Pending[]; abandoned: boolean; committing: boolean };

/**
 * Produces message and moderation events with a transactional producer (idempotent, acks=all, one request in
 * flight so retries cannot reorder or duplicate): a message's `chat.messages` event and its `chat.moderation`
 * decisions are committed together or not at all, so a failure between the two writes can no longer leave one
 * without the other (ingest reads `read_committed`). Records are grouped: while one produce request
 * is in flight, the next ones accumulate and go out together, so throughput grows with load
 * without adding more than `lingerMs` of latency when idle. Each caller's promise settles with
 * its own request, so a sender is acked only after Kafka accepted its event.
 *
 * Outages fail fast and truthfully. When a produce request fails (kafkajs gave up its bounded retries, ~2.5 s), the
 * sink is `down`: that request's records and every record still queued (never sent) are answered `unavailable`,
 * and so is every new record until a metadata probe (every `probeIntervalMs`) finds the broker again. A queued
 * record older than `ackDeadlineMs` (3 s: 2 s of margin for a busy event loop before the 5 s a sender is promised) is answered `unavailable` without being sent, checked every 250 ms even while
 * a request is in flight, and a failed transaction's abort is not waited for. A request still unconfirmed at the
 * deadline before its commit was issued is abandoned: its senders hear `unavailable` at once and the transaction is
 * aborted, never committed, whatever the broker answers later — so read_committed readers (ingest) never see it and
 * the answer stays true. Only records whose commit is on the wire wait for its outcome (answering them early could
 * tell a sender "not sent" of a message Kafka kept); the client's connection retries are bounded to keep that short.
 */
export class KafkaEventSink implements EventSink {
  private producer: Producer;
  private readonly makeProducer: () => Producer;
  private readonly log: Logger;
  private readonly topics: { messages: string; moderation: string };
  private readonly maxBatch: number;
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private sending: Sending | null = null;
  private connected = false;
  private closed = false;
  /** Since when Kafka is known unreachable (a produce request failed), or null. */
  private downSince: number | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private readonly admin: Admin;
  private readonly ackDeadlineMs: number;

  constructor(private readonly options: KafkaEventSinkOptions) {
    this.log = options.logger.child({ module: 'kafka_sink' });
    this.topics = { messages: topicName(options.topicPrefix, 'messages'), moderation: topicName(options.topicPrefix, 'moderation') };
    this.maxBatch = options.maxBatch ?? 500;
    this.ackDeadlineMs = options.ackDeadlineMs ?? 3000;
    const kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      connectionTimeout: 3000,
      // Reconnecting to a dead broker gives up after ~2.5 s (kafkajs's default retries for ~20 s), so a commit on
      // the wire when the broker died fails within the 5 s a sender is promised instead of holding its senders.
      retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1000 },
      // A request to a broker that hangs (not one that died: that fails at once) is retried after 10 s, not 30 s.
      // Not shorter: at load 30 a 3 s timeout fired on requests the broker was still answering, and their retries
      // overlapped the transaction's own requests ("concurrent operation on the same transaction", retried, acked).
      requestTimeout: 10_000,
      logLevel: logLevel.WARN,
      logCreator: () => (entry: LogEntry) => this.kafkaLog(entry),
    });
    const makeProducer = (): Producer => {
      const producer = kafka.producer({
        idempotent: true,
        transactionalId: options.transactionalId,
        transactionTimeout: options.transactionTimeoutMs ?? 10_000,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
        // Bounded, unlike the idempotent default (retry forever): a sender waits for its ack, so after ~2.4 s of
        // failing (10+20+40+80+160+320+600+600+600 ms between attempts) we tell it "unavailable" instead of holding
        // it, inside the 5 s a sender is promised. The first retries are short on purpose: back-to-back transactions
        // meet the broker's retriable CONCURRENT_TRANSACTIONS while the previous commit's markers are written, a
        // state that lasts 2–5 ms (measured); a 100 ms first retry made it the ack's p99 (200 senders: ack p50
        // 0.8 s, p99 2.1 s, with the node 60 % idle). Many attempts, not few: four ran out on it right after a
        // broker restart (a healthy broker marked down).
        retry: { retries: 9, initialRetryTime: 10, maxRetryTime: 600 },
      });
      producer.on(producer.events.CONNECT, () => (this.connected = true));
      producer.on(producer.events.DISCONNECT, () => (this.connected = false));
      return producer;
    };
    this.makeProducer = makeProducer;
    this.producer = makeProducer();
    // Readiness and the recovery probe ask the cluster for metadata; one bounded attempt, like the readiness check.
    this.admin = kafka.admin({ retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 500 } });
  }

  async connect(): Promise<void> {
    await this.producer.connect();
    await this.admin.connect();
    this.connected = true;
    this.log.info({ topics: this.topics }, 'kafka_producer_connected');
  }

  healthy(): boolean {
    return this.connected && !this.closed && this.downSince === null;
  }

  /** Readiness: the producer is usable and the cluster answers a metadata request now (not only at start). */
  async check(): Promise<void> {
    if (this.closed) throw new Error('event sink is closed');
    if (!this.connected) throw new Error('producer not connected');
    if (this.downSince !== null) throw new Error(`Kafka unreachable for ${Math.round((Date.now() - this.downSince) / 1000)} s`);
    await this.admin.describeCluster();
  }

  record(batch: EventBatch): Promise<void> {
    return this.enqueue(batch);
  }

  recordModeration(events: ModerationEvent[]): Promise<void> {
    return this.enqueue({ moderation: events });
  }

  private enqueue(batch: Records): Promise<void> {
    if (this.closed) return Promise.reject(new UnavailableError('kafka', 'event sink is closed'));
    if (this.downSince !== null) return Promise.reject(new UnavailableError('kafka', 'Kafka is unreachable'));
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const once = (settle: () => void) => {
        if (settled) return;
        settled = true;
        settle();
      };
      this.queue.push({ batch, at: Date.now(), resolve: () => once(resolve), reject: (err) => once(() => reject(err)) });
      if (this.inFlight) this.sweepSoon();
      if (this.queue.length >= this.maxBatch) this.flushSoon(0);
      else this.flushSoon(this.options.lingerMs);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    this.sweepTimer = null;
    while (this.inFlight || this.queue.length > 0) {
      if (this.inFlight) await this.inFlight;
      else await this.flush();
    }
    await this.producer.disconnect();
    await this.admin.disconnect();
  }

  /**
   * While a request is in flight the queue is not looked at by flush(); this sweep answers queued records that
   * passed their deadline without waiting for that request's retries (a sender hears within the deadline).
   */
  private sweepSoon(): void {
    if (this.sweepTimer || this.closed) return;
    this.sweepTimer = setTimeout(() => {
      this.sweepTimer = null;
      const now = Date.now();
      this.expireQueued(now);
      this.abandonStale(now);
      if (this.queue.length > 0 || (this.sending && !this.sending.abandoned)) this.sweepSoon();
    }, SWEEP_MS);
    this.sweepTimer.unref();
  }

  private expireQueued(now: number): void {
    const kept: Pending[] = [];
    const expired: Pending[] = [];
    for (const p of this.queue) (now - p.at > this.ackDeadlineMs ? expired : kept).push(p);
    if (expired.length === 0) return;
    this.queue = kept;
    const error = new UnavailableError('kafka', `Kafka did not take the event within ${this.ackDeadlineMs} ms`);
    for (const item of expired) item.reject(error);
  }

  /** The request in flight, past the deadline and not committing yet: answered now, and never committed. */
  private abandonStale(now: number): void {
    const current = this.sending;
    if (!current || current.abandoned || current.committing) return;
    if (!current.items.some((p) => now - p.at > this.ackDeadlineMs)) return;
    current.abandoned = true;
    this.options.metrics.kafkaProduceErrors.inc();
    this.log.warn({ records: current.items.length, deadlineMs: this.ackDeadlineMs }, 'kafka_request_abandoned');
    const error = new UnavailableError('kafka', `Kafka did not confirm the event within ${this.ackDeadlineMs} ms; it will not be committed`);
    for (const item of current.items) item.reject(error);
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
    // Records that waited past their deadline are answered without being sent: "unavailable" is then the truth.
    this.expireQueued(Date.now());
    const items = this.queue.splice(0, this.maxBatch);
    if (items.length === 0) return Promise.resolve();
    const sending: Sending = { items, abandoned: false, committing: false };
    this.sending = sending;
    this.sweepSoon();
    this.inFlight = this.send(sending).finally(() => {
      this.inFlight = null;
      this.sending = null;
      if (this.queue.length > 0) this.flushSoon(0);
    });
    return this.inFlight;
  }

  private async send(sending: Sending): Promise<void> {
    const { items } = sending;
    const messages: Message[] = [];
    const moderation: Message[] = [];
    for (const { batch } of items) {
      if (batch.message) messages.push({ key: batch.message.room, value: JSON.stringify(batch.message) });
      for (const event of batch.moderation) moderation.push({ key: event.room, value: JSON.stringify(event) });
    }
    const topicMessages: { topic: string; messages: Message[] }[] = [];
    if (messages.length > 0) topicMessages.push({ topic: this.topics.messages, messages });
    if (moderation.length > 0) topicMessages.push({ topic: this.topics.moderation, messages: moderation });
    const stop = this.options.metrics.kafkaProduceSeconds.startTimer();
    try {
      // One transaction per produce request: every message of the batch and all its decisions, atomically.
      const transaction = await this.producer.transaction();
      try {
        await transaction.sendBatch({ acks: -1, topicMessages });
        if (sending.abandoned) {
          // Its senders were told `unavailable`: abort, so no read_committed reader ever sees these records. Awaited
          // (the broker answered, so it is quick): the next transaction cannot begin while this one is open.
          try {
            await transaction.abort();
          } catch (abortErr) {
            this.log.warn({ err: abortErr }, 'kafka_abort_failed');
            this.markDown(new UnavailableError('kafka', 'Kafka did not abort an abandoned transaction', { cause: abortErr }));
          }
          return;
        }
        sending.committing = true;
        await transaction.commit();
      } catch (err) {
        // Aborted (or, with the broker gone, left to the transaction timeout): never visible to read_committed
        // readers. Not awaited: with the broker gone the abort runs its own retries (~3 s), and the senders must
        // hear "unavailable" now; the producer is replaced before sends are taken again anyway.
        transaction.abort().catch((abortErr: unknown) => this.log.warn({ err: abortErr }, 'kafka_abort_failed'));
        throw err;
      }
      stop();
      for (const item of items) item.resolve();
    } catch (err) {
      this.options.metrics.kafkaProduceErrors.inc();
      this.log.error({ err, records: items.length }, 'kafka_produce_failed');
      const error = new UnavailableError('kafka', 'Kafka did not accept the event', { cause: err });
      for (const item of items) item.reject(error);
      this.markDown(error);
    }
  }

  private async renewProducer(): Promise<void> {
    const old = this.producer;
    await old.disconnect().catch((err: unknown) => this.log.warn({ err }, 'kafka_old_producer_disconnect_failed'));
    const fresh = this.makeProducer();
    await fresh.connect();
    this.producer = fresh;
    this.connected = true;
  }

  /** Answers everything still queued (never sent) at once, refuses new records, and probes until Kafka is back. */
  private markDown(error: UnavailableError): void {
    for (const item of this.queue.splice(0)) item.reject(error);
    if (this.downSince !== null || this.closed) return;
    this.downSince = Date.now();
    this.options.metrics.kafkaDown.set(1);
    this.log.error({ since: this.downSince }, 'kafka_down_refusing_sends');
    const probe = () => {
      this.probeTimer = null;
      if (this.closed) return;
      this.admin
        .describeCluster()
        // A fresh producer before sends are taken again: the one that gave up mid-outage may keep sequence
        // numbers the broker no longer agrees with (the chaos suite saw acked batches silently dropped after a
        // broker restart); a new one gets a new producer epoch, which also fences anything the old one left open.
        .then(() => this.renewProducer())
        .then(() => {
          this.log.info({ downMs: Date.now() - (this.downSince ?? Date.now()) }, 'kafka_back_accepting_sends');
          this.downSince = null;
          this.options.metrics.kafkaDown.set(0);
        })
        .catch(() => {
          this.probeTimer = setTimeout(probe, this.options.probeIntervalMs ?? 1000);
          this.probeTimer.unref();
        });
    };
    this.probeTimer = setTimeout(probe, this.options.probeIntervalMs ?? 1000);
    this.probeTimer.unref();
  }

  private kafkaLog({ level, log }: LogEntry): void {
    const { message, ...fields } = log;
    const event = 'kafkajs';
    // kafkajs logs every retriable CONCURRENT_TRANSACTIONS answer (and its retry) as an error; between back-to-back
    // transactions it is the normal case, retried within milliseconds, so it is not one. A send that finally fails
    // is still logged by send() as `kafka_produce_failed`.
    if (isConcurrentTransactions(message) || isConcurrentTransactions(fields.error)) {
      this.log.debug({ ...fields, kafka_message: message }, event);
      return;
    }
    if (level === logLevel.ERROR) this.log.error({ ...fields, kafka_message: message }, event);
    else if (level === logLevel.WARN) this.log.warn({ ...fields, kafka_message: message }, event);
    else this.log.debug({ ...fields, kafka_message: message }, event);
  }
}

/** The broker's text for CONCURRENT_TRANSACTIONS (error 51), as kafkajs puts it in its log entries. */
function isConcurrentTransactions(text: unknown): boolean {
  return typeof text === 'string' && text.includes('another concurrent operation on the same transaction');
}
