import type { ChatMessage } from '@tribune/contracts';

/** What a join with `since` can be given: the messages after it, oldest first, and whether that is all of them. */
export interface Recovery {
  messages: ChatMessage[];
  complete: boolean;
}

/** The messages a ring held at some moment (ids), and the timestamp of the oldest (undefined when empty). */
export interface DeliveredBefore {
  ids: ReadonlySet<string>;
  oldestTs: number | undefined;
}

/**
 * The recent messages of one room as this node delivered them, oldest first, in a fixed-size
 * circular buffer with an index by id. It is fed by the node's own fan-out (every flushed batch),
 * so joins and reconnects read history here instead of from Redis, and `join.since` finds the
 * point a viewer left off by id.
 */
export class HistoryRing {
  private readonly slots: (ChatMessage | undefined)[];
  /** Message id → its sequence number; slot = seq % capacity. */
  private readonly seqById = new Map<string, number>();
  /** Sequence number of the next message pushed; the oldest held is `next - size`. */
  private next = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.slots = new Array<ChatMessage | undefined>(capacity);
  }

  get length(): number {
    return this.size;
  }

  has(id: string): boolean {
    return this.seqById.has(id);
  }

  get(id: string): ChatMessage | undefined {
    const seq = this.seqById.get(id);
    return seq === undefined ? undefined : this.slots[seq % this.capacity];
  }

  /** What the ring holds now, for telling later whether a message was already delivered. */
  delivered(): DeliveredBefore {
    const oldest = this.size > 0 ? this.slots[(this.next - this.size) % this.capacity] : undefined;
    return { ids: new Set(this.seqById.keys()), oldestTs: oldest?.ts };
  }

  /** Appends a message; one already held (by id) is not added twice. */
  push(message: ChatMessage): void {
    if (this.seqById.has(message.id)) return;
    const slot = this.next % this.capacity;
    const evicted = this.slots[slot];
    if (evicted && this.size === this.capacity) this.seqById.delete(evicted.id);
    this.slots[slot] = message;
    this.seqById.set(message.id, this.next);
    this.next += 1;
    if (this.size < this.capacity) this.size += 1;
  }

  /** Up to `limit` most recent messages, newest first (the order of `joined.history`). */
  recent(limit: number): ChatMessage[] {
    const out: ChatMessage[] = [];
    for (let seq = this.next - 1; seq >= this.next - this.size && out.length < limit; seq--) out.push(this.slots[seq % this.capacity]!);
    return out;
  }

  /** The messages after `id`, oldest first; `complete` is false when `id` is not (or no longer) held. */
  since(id: string): Recovery {
    const seq = this.seqById.get(id);
    if (seq === undefined) return { messages: [], complete: false };
    const messages: ChatMessage[] = [];
    for (let s = seq + 1; s < this.next; s++) messages.push(this.slots[s % this.capacity]!);
    return { messages, complete: true };
  }

  /**
   * Puts older messages (newest first, as Redis keeps them) before what the ring already holds:
   * how a ring that started empty is filled from the shared history. `skip` names ids that are
   * on their way into the ring by the live path, so they are not held twice.
   */
  prependOlder(olderNewestFirst: readonly ChatMessage[], skip: ReadonlySet<string> = new Set()): void {
    const live = this.recent(this.size).reverse();
    const older = [...olderNewestFirst].reverse().filter((m) => !this.seqById.has(m.id) && !skip.has(m.id));
    this.clear();
    for (const m of older) this.push(m);
    for (const m of live) this.push(m);
  }

  /**
   * Drops the messages `match` picks (a moderator deleted them), keeping the others in order; the ids removed.
   * Rebuilds the ring (at most its capacity, on a moderator's action, not per message).
   */
  remove(match: (message: ChatMessage) => boolean): string[] {
    const kept: ChatMessage[] = [];
    const removed: string[] = [];
    for (const m of this.recent(this.size).reverse()) {
      if (match(m)) removed.push(m.id);
      else kept.push(m);
    }
    if (removed.length === 0) return removed;
    this.clear();
    for (const m of kept) this.push(m);
    return removed;
  }

  clear(): void {
    this.slots.fill(undefined);
    this.seqById.clear();
    this.next = 0;
    this.size = 0;
  }
}
