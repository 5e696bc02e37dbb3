import type { Logger } from '@tribune/service-kit';
import { deduplicationToken, sliceMessages, type Slice } from '../batching/slices';
import type { DeadLetter, DeadLetterSink } from '../dlq/dead-letters';
import type { IngestMetrics } from '../metrics';
import type { Route, RoutedRow, Row } from '../rows/routes';
import type { StepResult } from '../rows/step-result';
import type { LoadedMark, RowSink } from '../sink/row-sink';
import { toSinkError } from '../sink/sink-errors';
import { backoffMs, sleep } from './retry';

/** One Kafka message as the processor needs it (kafkajs' KafkaMessage satisfies this). */
export interface BatchMessage {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
}

/** The messages of one topic-partition handed over by one fetch. */
export interface PartitionBatch {
  topic: string;
  partition: number;
  highWatermark: string;
  messages: BatchMessage[];
}

/** What the consumer lets the processor do while it works on a batch (kafkajs' eachBatch payload, narrowed). */
export interface BatchControls {
  /** Marks an offset processed: the next fetch of this partition starts after it. */
  resolveOffset(offset: string): void;
  /** Commits `nextOffset` (last loaded + 1) for the group. */
  commit(nextOffset: string): Promise<void>;
  heartbeat(): Promise<void>;
  isRunning(): boolean;
  /** True when the partition was revoked or sought: stop, the new owner takes over. */
  isStale(): boolean;
  /** Pauses this partition; returns the resume function. */
  pause(): () => void;
}

export interface BatchProcessorOptions {
  maxRows: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  pauseMs: number;
  /** False only for the chaos suite's negative control (`INGEST_DEDUP=0`): rows a predecessor loaded are not looked for. */
  skipLoaded?: boolean;
}

export type BatchOutcome = 'done' | 'aborted' | 'paused';

/** Dead letters carry the original payload, cut so the letter itself fits in a Kafka message. */
const MAX_DLQ_PAYLOAD_CHARS = 256 * 1024;

function eventId(value: Buffer | null): string | undefined {
  try {
    const parsed: unknown = value ? JSON.parse(value.toString('utf8')) : undefined;
    return typeof parsed === 'object' && parsed !== null && 'id' in parsed && typeof parsed.id === 'string' ? parsed.id : undefined;
  } catch {
    return undefined;
  }
}

/** A message not loaded yet, with what its route made of it. */
interface Parsed {
  offset: string;
  message: BatchMessage;
  result: StepResult<RoutedRow>;
}

type Attempt<T> = { kind: 'done'; value: T } | { kind: 'rejected'; reason: string } | { kind: 'aborted' } | { kind: 'paused' };

/**
 * Loads a partition's batch into ClickHouse slice by slice. Invariants:
 *  - an offset is committed only after its row was acknowledged by ClickHouse or its dead letter by Kafka;
 *  - a failed write is retried (same rows, same token) until it succeeds or the partition is paused;
 *    nothing is skipped;
 *  - on first sight of a partition (start, rebalance), rows a crashed predecessor loaded but did not
 *    commit are found through their lineage columns and not loaded again;
 *  - slices are inserted in offset order and each one's rows share one ClickHouse partition (month),
 *    so every insert is one part, stored whole or not at all: the highest loaded offset vouches for
 *    every offset below it.
 */
export class BatchProcessor {
  /** Highest offset known to be loaded per `topic:partition` since this member got the partition. */
  private readonly loaded = new Map<string, bigint>();
  private readonly log: Logger;

  constructor(
    private readonly deps: {
      routes: Map<string, Route>;
      sink: RowSink;
      deadLetters: DeadLetterSink;
      metrics: IngestMetrics;
      logger: Logger;
      options: BatchProcessorOptions;
    },
  ) {
    this.log = deps.logger.child({ module: 'batch_processor' });
  }

  /** After a rebalance another member may have loaded more: re-read the lineage before trusting memory. */
  forgetPartitions(): void {
    this.loaded.clear();
  }

  async process(batch: PartitionBatch, controls: BatchControls): Promise<BatchOutcome> {
    const { topic, partition, messages } = batch;
    const route = this.deps.routes.get(topic);
    if (!route) throw new Error(`no route for topic ${topic}`);
    const first = messages[0];
    if (!first) return 'done';

    const key = `${topic}:${partition}`;
    let known = this.loaded.get(key);
    if (known === undefined && this.deps.options.skipLoaded === false) {
      known = BigInt(first.offset) - 1n;
      this.loaded.set(key, known);
    }
    if (known === undefined) {
      const found = await this.attempt(route.table, controls, () => this.deps.sink.loadedThrough(route.table, topic, partition, first.offset));
      if (found.kind !== 'done') return found.kind === 'rejected' ? 'aborted' : found.kind;
      const trusted = found.value && this.sameEvents(batch, found.value) ? found.value.offset : null;
      // Below the first fetched offset everything is committed already.
      known = trusted ?? BigInt(first.offset) - 1n;
      this.loaded.set(key, known);
      if (trusted !== null) this.log.info({ topic, partition, loadedThrough: String(trusted), firstOffset: first.offset }, 'redelivery_found_loaded');
    }

    const through = known;
    const skipped = messages.filter((m) => BigInt(m.offset) <= through).length;
    if (skipped > 0) {
      this.deps.metrics.alreadyLoaded.inc({ topic }, skipped);
      if (!(await this.commitThrough(batch, controls, through.toString()))) return 'aborted';
    }

    // Parsed before slicing: a slice is cut where the rows' ClickHouse partition (month) changes.
    const pending: Parsed[] = messages
      .filter((m) => BigInt(m.offset) > through)
      .map((message) => ({ offset: message.offset, message, result: route.parse(message.value, { topic, partition, offset: message.offset }) }));
    const slices = sliceMessages(pending, { maxRows: this.deps.options.maxRows, partOf: (p) => (p.result.kind === 'ok' ? p.result.value.part : null) });
    for (const slice of slices) {
      if (!controls.isRunning() || controls.isStale()) return this.count(topic, 'aborted');
      const outcome = await this.loadSlice(route, batch, slice, controls);
      if (outcome !== 'done') {
        // A failed attempt may have been stored all the same (a timeout after ClickHouse committed),
        // and the redelivery may be sliced differently: ask ClickHouse again before the next batch.
        this.loaded.delete(key);
        return this.count(topic, outcome);
      }
      this.loaded.set(key, BigInt(slice.lastOffset));
      if (!(await this.commitThrough(batch, controls, slice.lastOffset))) return this.count(topic, 'aborted');
      this.count(topic, 'committed');
      try {
        await controls.heartbeat();
      } catch (err) {
        this.log.warn({ topic, partition, err }, 'heartbeat_failed');
        return 'aborted';
      }
    }
    return 'done';
  }

  /**
   * Whether the rows found in ClickHouse came from this incarnation of the topic. A topic deleted and
   * recreated (a wiped dev broker) restarts its offsets at 0 while ClickHouse still holds the old
   * rows: trusting them would skip new events, so lineage is trusted only when the event id stored
   * at that offset is the one Kafka has there (or, out of this batch's reach, below the high watermark).
   */
  private sameEvents(batch: PartitionBatch, mark: LoadedMark): boolean {
    const atMark = batch.messages.find((m) => BigInt(m.offset) === mark.offset);
    let ok: boolean;
    if (atMark) ok = eventId(atMark.value) === mark.id;
    else ok = mark.offset < BigInt(batch.highWatermark) && mark.offset > BigInt(batch.messages.at(-1)!.offset);
    if (!ok) this.log.error({ topic: batch.topic, partition: batch.partition, offset: String(mark.offset), storedId: mark.id }, 'lineage_mismatch_ignored');
    return ok;
  }

  private count(topic: string, outcome: 'committed' | 'aborted' | 'paused'): BatchOutcome {
    this.deps.metrics.batches.inc({ topic, outcome });
    return outcome === 'committed' ? 'done' : outcome;
  }

  private async commitThrough(batch: PartitionBatch, controls: BatchControls, lastOffset: string): Promise<boolean> {
    controls.resolveOffset(lastOffset);
    const next = BigInt(lastOffset) + 1n;
    try {
      await controls.commit(next.toString());
    } catch (err) {
      // Most often a rebalance; the rows are in ClickHouse, and whoever gets the partition finds them.
      this.log.warn({ topic: batch.topic, partition: batch.partition, offset: next.toString(), err }, 'offset_commit_failed');
      return false;
    }
    const lag = BigInt(batch.highWatermark) - next;
    this.deps.metrics.lag.set({ topic: batch.topic, partition: String(batch.partition) }, Number(lag > 0n ? lag : 0n));
    return true;
  }

  private async loadSlice(route: Route, batch: PartitionBatch, slice: Slice<Parsed>, controls: BatchControls): Promise<BatchOutcome> {
    const { topic, partition } = batch;
    const rows: { row: Row; message: BatchMessage }[] = [];
    const letters: DeadLetter[] = [];
    for (const { message, result } of slice.messages) {
      if (result.kind === 'ok') rows.push({ row: result.value.row, message });
      else if (result.kind === 'dlq') letters.push(this.letter(batch, message, result.reason));
      else this.deps.metrics.dropped.inc({ topic });
    }

    // Dead letters first: a crash after them re-sends them (the DLQ is at-least-once), never loses them.
    const sent = await this.sendLetters(letters, controls);
    if (sent !== 'done') return sent;
    if (rows.length === 0) return 'done';

    const token = deduplicationToken(topic, partition, slice.firstOffset, slice.lastOffset);
    const inserted = await this.insert(route.table, rows.map((r) => r.row), token, controls);
    if (inserted.kind === 'done') return 'done';
    if (inserted.kind !== 'rejected') return inserted.kind;

    // ClickHouse refused the data itself: isolate the bad rows one by one (each with its own
    // offset token, as deterministic as the slice's) so one bad row does not block the partition.
    this.log.warn({ topic, partition, token, reason: inserted.reason }, 'slice_rejected_isolating_rows');
    for (const { row, message } of rows) {
      const single = await this.insert(route.table, [row], deduplicationToken(topic, partition, message.offset, message.offset), controls);
      if (single.kind === 'rejected') {
        const outcome = await this.sendLetters([this.letter(batch, message, `clickhouse_rejected: ${single.reason}`)], controls);
        if (outcome !== 'done') return outcome;
      } else if (single.kind !== 'done') {
        return single.kind;
      }
    }
    return 'done';
  }

  private letter(batch: PartitionBatch, message: BatchMessage, reason: string): DeadLetter {
    const payload = message.value?.toString('utf8') ?? '';
    const truncated = payload.length > MAX_DLQ_PAYLOAD_CHARS;
    return {
      key: message.key,
      event: {
        v: 1,
        ts: Date.now(),
        topic: batch.topic,
        partition: batch.partition,
        offset: message.offset,
        reason: truncated ? `${reason} (payload truncated from ${payload.length} chars)` : reason,
        payload: truncated ? payload.slice(0, MAX_DLQ_PAYLOAD_CHARS) : payload,
      },
    };
  }

  private async sendLetters(letters: DeadLetter[], controls: BatchControls): Promise<BatchOutcome> {
    if (letters.length === 0) return 'done';
    const sent = await this.attempt('dlq', controls, () => this.deps.deadLetters.send(letters), () => true);
    if (sent.kind === 'done') {
      for (const l of letters) {
        this.deps.metrics.deadLettered.inc({ topic: l.event.topic });
        this.log.warn({ topic: l.event.topic, partition: l.event.partition, offset: l.event.offset, reason: l.event.reason }, 'event_dead_lettered');
      }
      return 'done';
    }
    return sent.kind === 'rejected' ? 'aborted' : sent.kind;
  }

  private async insert(table: string, rows: Row[], token: string, controls: BatchControls): Promise<Attempt<void>> {
    return this.attempt(table, controls, async () => {
      const end = this.deps.metrics.insertSeconds.startTimer({ table });
      await this.deps.sink.insert(table, rows, token);
      end();
      this.deps.metrics.rowsInserted.inc({ table }, rows.length);
    });
  }

  /**
   * Runs `op` until it succeeds, backing off between attempts and heartbeating so the group keeps
   * the partition here. Gives up only when the consumer stops, the partition moves, the error says
   * the data itself is bad, or after `maxAttempts` (then the partition is paused for `pauseMs`).
   */
  private async attempt<T>(
    target: string,
    controls: BatchControls,
    op: () => Promise<T>,
    retriable: (err: unknown) => boolean = (err) => toSinkError(err).retriable,
  ): Promise<Attempt<T>> {
    const { maxAttempts, backoffBaseMs, backoffCapMs, pauseMs } = this.deps.options;
    for (let attempt = 1; ; attempt++) {
      // kafkajs heartbeats only when asked: an insert waiting several seconds behind others (the embedded engine runs
      // one at a time, partitions are processed in parallel) would otherwise let the session expire and trigger a
      // rebalance that hands every partition back to be fetched again. kafkajs throttles these to its interval.
      const keepAlive = setInterval(() => {
        controls.heartbeat().catch(() => undefined);
      }, 1_000);
      try {
        const value = await op();
        clearInterval(keepAlive);
        return { kind: 'done', value };
      } catch (err) {
        clearInterval(keepAlive);
        const sinkError = toSinkError(err);
        this.deps.metrics.insertFailures.inc({ table: target, code: sinkError.clickhouseCode ?? sinkError.code });
        if (!retriable(err)) return { kind: 'rejected', reason: sinkError.message.slice(0, 500) };
        this.log.warn({ target, attempt, code: sinkError.clickhouseCode, err: sinkError.message }, 'write_failed_retrying');
        if (!controls.isRunning() || controls.isStale()) return { kind: 'aborted' };
        if (attempt >= maxAttempts) {
          const resume = controls.pause();
          setTimeout(resume, pauseMs).unref();
          this.log.error({ target, attempts: attempt, pauseMs }, 'partition_paused');
          return { kind: 'paused' };
        }
        await sleep(backoffMs(attempt, backoffBaseMs, backoffCapMs));
        try {
          await controls.heartbeat();
        } catch {
          return { kind: 'aborted' };
        }
      }
    }
  }
}
