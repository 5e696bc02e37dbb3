export interface RoomBatcherOptions<T> {
  /** Under load, at most one flush per this many ms (`DELIVERY_FLUSH_MS`). */
  intervalMs: number;
  /** A batch this large is flushed at once (bounds the frame size, `DELIVERY_MAX_BATCH`). */
  maxBatch: number;
  onFlush: (items: T[]) => void;
  /**
   * Whether a scheduled flush may go now. While it says no (the room's previous frame is still being written), what
   * arrives keeps gathering into one larger batch, so under load the batch grows instead of a queue of frames; the
   * owner calls `resume()` when it may go. A batch at its size bound, and `flush()`, go regardless.
   */
  ready?: () => boolean;
  now?: () => number;
}

/**
 * When a room's outgoing messages leave the node: a leading-edge throttle. The first message
 * after a quiet interval is flushed on the next turn of the event loop (messages that arrived in
 * the same read from Redis go with it; no timer delay, so a quiet room adds no latency); after a
 * flush, what arrives is held until `intervalMs` has passed, then sent as one batch — or later, as a larger one,
 * while the owner is not `ready` for it. Order is the order of `add`.
 */
export class RoomBatcher<T> {
  private pending: T[] = [];
  private cancel: (() => void) | null = null;
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  /** A scheduled flush found the owner not ready: nothing is scheduled until `resume()`. */
  private held = false;
  private readonly now: () => number;

  constructor(private readonly options: RoomBatcherOptions<T>) {
    this.now = options.now ?? Date.now;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** The items waiting for the next flush, in order. */
  peekPending(): readonly T[] {
    return this.pending;
  }

  add(item: T): void {
    this.pending.push(item);
    if (this.pending.length >= this.options.maxBatch) {
      this.flush();
      return;
    }
    if (this.cancel || this.held) return;
    const wait = this.lastFlushAt + this.options.intervalMs - this.now();
    if (wait <= 0) {
      const immediate = setImmediate(() => this.scheduledFlush());
      this.cancel = () => clearImmediate(immediate);
    } else {
      const timer = setTimeout(() => this.scheduledFlush(), wait);
      this.cancel = () => clearTimeout(timer);
    }
  }

  /** The owner may take a batch again (see `ready`): what was held back goes now, or when its interval has passed. */
  resume(): void {
    this.held = false;
    if (this.cancel || this.pending.length === 0) return;
    const wait = this.lastFlushAt + this.options.intervalMs - this.now();
    if (wait <= 0) {
      this.flush();
      return;
    }
    const timer = setTimeout(() => this.scheduledFlush(), wait);
    this.cancel = () => clearTimeout(timer);
  }

  private scheduledFlush(): void {
    this.cancel = null;
    if (this.options.ready && !this.options.ready()) {
      this.held = true; // resume() picks it up
      return;
    }
    this.flush();
  }

  /** Sends what is pending now (also before a frame that must not overtake it, e.g. `deleted`). */
  flush(): void {
    this.cancel?.();
    this.cancel = null;
    if (this.pending.length === 0) return;
    const items = this.pending;
    this.pending = [];
    this.lastFlushAt = this.now();
    this.options.onFlush(items);
  }

  /** Drops what is pending and any scheduled flush (the room is no longer delivered on this node). */
  stop(): void {
    this.cancel?.();
    this.cancel = null;
    this.held = false;
    this.pending = [];
  }
}
