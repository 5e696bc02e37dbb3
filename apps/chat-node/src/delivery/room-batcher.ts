export interface RoomBatcherOptions<T> {
  /** Under load, at most one flush per this many ms (`DELIVERY_FLUSH_MS`). */
  intervalMs: number;
  /** A batch this large is flushed at once (bounds the frame size, `DELIVERY_MAX_BATCH`). */
  maxBatch: number;
  onFlush: (items: T[]) => void;
  now?: () => number;
}

/**
 * When a room's outgoing messages leave the node: a leading-edge throttle. The first message
 * after a quiet interval is flushed on the next turn of the event loop (messages that arrived in
 * the same read from Redis go with it; no timer delay, so a quiet room adds no latency); after a
 * flush, what arrives is held until `intervalMs` has passed, then sent as one batch. Order is
 * the order of `add`.
 */
export class RoomBatcher<T> {
  private pending: T[] = [];
  private cancel: (() => void) | null = null;
  private lastFlushAt = Number.NEGATIVE_INFINITY;
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
    if (this.cancel) return;
    const wait = this.lastFlushAt + this.options.intervalMs - this.now();
    if (wait <= 0) {
      const immediate = setImmediate(() => this.flush());
      this.cancel = () => clearImmediate(immediate);
    } else {
      const timer = setTimeout(() => this.flush(), wait);
      this.cancel = () => clearTimeout(timer);
    }
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
    this.pending = [];
  }
}
