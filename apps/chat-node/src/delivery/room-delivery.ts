import type { ChatMessage, ServerFrame } from '@tribune/contracts';
import type { ChatMetrics } from '../metrics';
import { encodeSharedFrame } from '../transport/frame-codec';
import type { RoomCounters } from '../stats/room-stats';
import type { Session } from '../transport/session';
import { HistoryRing, type DeliveredBefore } from './history-ring';
import { planLanes, type Random } from './lane-plan';
import { RoomBatcher } from './room-batcher';
import { SlicedWriter } from './sliced-writer';
import { ViewerBudget } from './viewer-budget';

export interface DeliverySettings {
  /** Under load, at most one frame per room per this many ms. */
  flushMs: number;
  /** Most messages in one flush (and so in one frame). */
  maxBatch: number;
  /** Most messages per second one viewer is given in one room before the overload policy samples. */
  maxViewerRate: number;
  /** Messages of the room kept on the node for joins and `since`. */
  ringSize: number;
  /** Most distinct samples (each encoded once) per flush when the room is sampled. */
  maxLanes: number;
  /** Most time writing one frame to the room's viewers may hold the event loop before yielding to I/O. */
  sliceMs: number;
}

export type DeliveryMetrics = Pick<ChatMetrics, 'framesOut' | 'deliveries' | 'deliveriesSampledOut' | 'deliverySampledFraction' | 'deliveryBatch' | 'fanoutSeconds'>;

export interface RoomDeliveryOptions {
  room: string;
  settings: DeliverySettings;
  metrics: DeliveryMetrics;
  /** The room's live figures: per message its delivery latency here, and the deliveries the overload policy withheld. */
  counters?: RoomCounters;
  random?: Random;
  now?: () => number;
}

/** What a joining viewer is given: `history` newest first, and with `since`, whether it is all that was missed. */
export interface CatchUp {
  history: ChatMessage[];
  recovered?: boolean;
}

/**
 * One room on this node: who is delivered to (the audience), the batch being gathered, the
 * overload budget and the history ring. A flushed batch is recorded in the ring and written to
 * every viewer as bytes encoded once (one encoding per sample lane when the room is sampled).
 */
export class RoomDelivery {
  private readonly audience = new Set<Session>();
  private readonly ring: HistoryRing;
  private readonly batcher: RoomBatcher<ChatMessage>;
  private readonly writer: SlicedWriter;
  private readonly budget: ViewerBudget;
  private readonly random: Random;
  private readonly now: () => number;
  private seeded = false;
  private seeding: Promise<void> | null = null;
  /**
   * Ids deleted lately (bounded): a copy still on its way — a history read from Redis just before the deletion, a
   * backfill, an envelope overtaken by its `deleted` — is never put back.
   */
  private readonly deletedIds = new Set<string>();

  constructor(private readonly options: RoomDeliveryOptions) {
    const { settings } = options;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.ring = new HistoryRing(settings.ringSize);
    this.budget = new ViewerBudget(settings.maxViewerRate, this.now());
    this.writer = new SlicedWriter({ sliceMs: settings.sliceMs, onIdle: () => this.batcher.resume() });
    // While a frame is still being written (a large room on a busy node), the next batch keeps gathering.
    this.batcher = new RoomBatcher({
      intervalMs: settings.flushMs,
      maxBatch: settings.maxBatch,
      now: this.now,
      ready: () => this.writer.idle,
      onFlush: (batch) => this.write(batch),
    });
  }

  get audienceSize(): number {
    return this.audience.size;
  }

  /** A message from the room channel (already parsed once for the node). */
  add(message: ChatMessage): void {
    if (this.deletedIds.has(message.id)) return;
    this.batcher.add(message);
  }

  /** A frame that must not overtake the messages before it (`deleted`, `notice`): flush, then send to all. */
  broadcast(frame: ServerFrame): void {
    this.batcher.flush();
    if (this.audience.size === 0) return;
    const bytes = encodeSharedFrame(frame);
    let written = 0;
    this.writeEach((session) => {
      if (session.sendShared(bytes)) written += 1;
    }, () => this.options.metrics.framesOut.inc({ type: frame.type }, written));
  }

  /**
   * Queues a write to the audience as it is now (sliced, in order behind the room's earlier frames). A viewer that
   * left before its turn is skipped; one admitted after this was queued has these messages from the ring already.
   */
  private writeEach(each: (session: Session) => void, done: () => void): void {
    const audience = this.audience;
    this.writer.push({
      sessions: [...audience],
      each: (session) => {
        if (audience.has(session)) each(session);
      },
      done,
    });
  }

  /** A message this node delivered and still holds, by id. */
  find(id: string): ChatMessage | undefined {
    return this.ring.get(id);
  }

  /**
   * Moderators removed messages of the room: those `match` picks leave the ring (so no later join or `since` is
   * given them) and every viewer here is told `deleted` for each id in `ids` and each one the ring held. Pending
   * messages are flushed first, so a message still in the batch is delivered, then deleted, never left behind.
   */
  removeMessages(match: (message: ChatMessage) => boolean, ids: readonly string[] = []): string[] {
    this.batcher.flush();
    const removed = this.ring.remove(match);
    for (const id of new Set([...ids, ...removed])) {
      this.rememberDeleted(id);
      this.broadcast({ type: 'deleted', room: this.options.room, id });
    }
    return removed;
  }

  private rememberDeleted(id: string): void {
    this.deletedIds.add(id);
    // Insertion order: the oldest goes first.
    if (this.deletedIds.size > DELETED_IDS_KEPT) this.deletedIds.delete(this.deletedIds.values().next().value!);
  }

  /**
   * Fills the ring from the shared history (Redis) once, when the node has none for the room:
   * the first join after subscribing, or after the subscriber reconnected (a gap). Single-flight.
   */
  async seed(load: () => Promise<ChatMessage[]>): Promise<void> {
    if (this.seeded) return;
    this.seeding ??= load()
      .then((older) => {
        const pending = new Set(this.batcher.peekPending().map((m) => m.id));
        this.ring.prependOlder(
          older.filter((m) => !this.deletedIds.has(m.id)),
          pending,
        );
        this.seeded = true;
      })
      .finally(() => (this.seeding = null));
    await this.seeding;
  }

  /**
   * The history for a join, taken from the ring. Must be followed, synchronously, by `admit`:
   * the ring holds exactly the messages already flushed, so what is flushed afterwards reaches
   * the viewer live and nothing is given twice or skipped.
   */
  catchUp(since: string | undefined, limit: number): CatchUp {
    if (since === undefined) return { history: this.ring.recent(limit) };
    const recovery = this.ring.since(since);
    if (!recovery.complete) return { history: this.ring.recent(limit), recovered: false };
    return { history: recovery.messages.reverse(), recovered: true };
  }

  admit(session: Session): void {
    this.audience.add(session);
  }

  remove(session: Session): void {
    this.audience.delete(session);
  }

  /**
   * The room channel was interrupted: what the ring holds is no longer contiguous, so it starts over (a `since`
   * from before the gap is answered `recovered: false`). Returns what it held, for `backfill`.
   */
  markGap(): DeliveredBefore {
    const before = this.ring.delivered();
    this.ring.clear();
    this.seeded = false;
    return before;
  }

  /**
   * After the channel came back: the room's shared history (newest first, as Redis keeps it) is compared with what
   * this node had delivered before the gap, and every message it never delivered — published while this node's
   * subscription was down, or to a restarted Redis before the subscription was renewed — is delivered now, oldest
   * first. Messages older than the oldest it held are left alone (they predate this node's view of the room).
   */
  backfill(newestFirst: readonly ChatMessage[], before: DeliveredBefore): number {
    if (before.oldestTs === undefined) return 0;
    const pending = new Set(this.batcher.peekPending().map((m) => m.id));
    let added = 0;
    for (let i = newestFirst.length - 1; i >= 0; i--) {
      const message = newestFirst[i]!;
      if (message.ts < before.oldestTs || before.ids.has(message.id) || this.ring.has(message.id) || pending.has(message.id) || this.deletedIds.has(message.id)) continue;
      this.batcher.add(message);
      pending.add(message.id);
      added += 1;
    }
    return added;
  }

  stop(): void {
    this.batcher.stop();
    this.writer.clear();
    this.audience.clear();
  }

  private write(batch: ChatMessage[]): void {
    const { metrics } = this.options;
    const now = this.now();
    for (const message of batch) {
      this.ring.push(message);
      metrics.fanoutSeconds.observe(Math.max(0, now - message.ts) / 1000);
    }
    metrics.deliveryBatch.observe(batch.length);
    const viewers = this.audience.size;
    if (viewers === 0) return;
    const budget = this.budget.take(batch.length, now);
    if (budget >= batch.length) this.writeAll(batch);
    else this.writeSampled(batch, budget);
  }

  /** The room's latency figures, once its frame was handed to the last viewer's socket (one observation per message). */
  private delivered(batch: readonly ChatMessage[]): void {
    this.options.counters?.delivered(this.options.room, this.now(), batch);
  }

  /** The common case: one encoding, the same bytes to every viewer. */
  private writeAll(batch: ChatMessage[]): void {
    const bytes = encodeSharedFrame(frameOf(this.options.room, batch));
    let written = 0;
    const { metrics } = this.options;
    this.writeEach(
      (session) => {
        if (session.sendShared(bytes)) written += 1;
      },
      () => {
        metrics.framesOut.inc({ type: batch.length === 1 ? 'message' : 'messages' }, written);
        metrics.deliveries.inc(written * batch.length);
        metrics.deliverySampledFraction.set(0);
        this.delivered(batch);
      },
    );
  }

  /**
   * The overload policy: each viewer is given one lane of `budget` messages (a fair sample, see
   * planLanes), and its own messages in the batch whether or not its lane holds them.
   */
  private writeSampled(batch: ChatMessage[], budget: number): void {
    const { room, settings, metrics } = this.options;
    const lanes = planLanes(batch.length, budget, Math.min(settings.maxLanes, this.audience.size), this.random);
    const laneBytes = lanes.map((lane) => (lane.length === 0 ? null : encodeSharedFrame(frameOf(room, lane.map((i) => batch[i]!)))));
    const bySender = new Map<string, number[]>();
    batch.forEach((m, i) => {
      const own = bySender.get(m.user.id);
      if (own) own.push(i);
      else bySender.set(m.user.id, [i]);
    });
    // Frames of a sender whose lane lacks some of its own messages, by lane, encoded once per sender and lane.
    const echoes = new Map<string, { bytes: Buffer; count: number }>();
    const offset = Math.floor(this.random() * lanes.length);
    let offered = 0;
    let index = 0;
    let delivered = 0;
    let given = 0;
    const frames = { message: 0, messages: 0 };
    this.writeEach(
      (session) => {
        const laneNo = (index++ + offset) % lanes.length;
        const lane = lanes[laneNo]!;
        let bytes = laneBytes[laneNo] ?? null;
        let count = lane.length;
        const own = session.identity.kind === 'viewer' ? bySender.get(session.identity.user.id) : undefined;
        if (own && own.some((i) => !lane.includes(i))) {
          const key = `${laneNo}\u0000${own[0]!}`;
          let echo = echoes.get(key);
          if (!echo) {
            const merged = [...new Set([...lane, ...own])].sort((a, b) => a - b);
            echo = { bytes: encodeSharedFrame(frameOf(room, merged.map((i) => batch[i]!))), count: merged.length };
            echoes.set(key, echo);
          }
          bytes = echo.bytes;
          count = echo.count;
        }
        offered += batch.length;
        given += count;
        if (bytes && session.sendShared(bytes)) {
          delivered += count;
          frames[count === 1 ? 'message' : 'messages'] += 1;
        }
      },
      () => {
        metrics.deliveries.inc(delivered);
        metrics.deliveriesSampledOut.inc(offered - given);
        if (offered > 0) metrics.deliverySampledFraction.set((offered - given) / offered);
        if (offered > given) this.options.counters?.add(room, this.now(), 'sampled', offered - given);
        this.delivered(batch);
        if (frames.message > 0) metrics.framesOut.inc({ type: 'message' }, frames.message);
        if (frames.messages > 0) metrics.framesOut.inc({ type: 'messages' }, frames.messages);
      },
    );
  }
}

/** How many deleted ids a room remembers (see `deletedIds`). */
const DELETED_IDS_KEPT = 1000;

/** One message keeps its `message` frame; several of one room go in one `messages` frame. */
function frameOf(room: string, messages: ChatMessage[]): ServerFrame {
  if (messages.length === 1) return { type: 'message', ...messages[0]! };
  return { type: 'messages', room, messages: messages.map(({ id, user, text, ts }) => ({ id, user, text, ts })) };
}
