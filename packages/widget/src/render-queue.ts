/**
 * What changed since the last frame, coalesced so a burst costs one DOM update: at 100+ messages a second many
 * arrive between two animation frames. Only the newest `max` additions survive a drain (older ones would be
 * removed by the same frame anyway), and a deletion of a message still pending cancels its addition.
 */
export interface Drained<T> {
  added: T[];
  removed: string[];
}

export class RenderQueue<T extends { id: string }> {
  private added: T[] = [];
  private removed = new Set<string>();
  /** Recently deleted ids: a late copy of a deleted message (a rejoin's history) is not shown again. */
  private readonly tombstones = new Set<string>();

  constructor(
    private readonly max: number,
    private readonly maxTombstones = 1000,
  ) {}

  get pending(): boolean {
    return this.added.length > 0 || this.removed.size > 0;
  }

  add(item: T): void {
    if (this.tombstones.has(item.id)) return;
    this.added.push(item);
    // Bounded between frames too: a hidden tab gets no animation frames while messages keep arriving.
    if (this.added.length > this.max * 2) this.added = this.added.slice(-this.max);
  }

  remove(id: string): void {
    this.tombstones.add(id);
    if (this.tombstones.size > this.maxTombstones) {
      const oldest = this.tombstones.values().next().value;
      if (oldest !== undefined) this.tombstones.delete(oldest);
    }
    this.removed.add(id);
  }

  drain(): Drained<T> {
    const removed = this.removed;
    const added = this.added.filter((item) => !removed.has(item.id)).slice(-this.max);
    this.added = [];
    this.removed = new Set();
    return { added, removed: [...removed] };
  }
}
