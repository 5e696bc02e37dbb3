/**
 * What one room has delivered to the application: the id of the last message (the `since` of a rejoin)
 * and the ids of the recent ones, so a message given again after a reconnect (a `recovered: false`
 * history overlaps what was seen) reaches the application once. Bounded: the oldest ids are forgotten.
 */
export class SeenMessages {
  private readonly ids = new Set<string>();
  lastId: string | undefined;

  constructor(private readonly capacity: number) {}

  /** Records `id`; false when it was seen already. */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    this.lastId = id;
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
    return true;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }
}
