import type { Presence } from './presence';

/** In-process presence for one node (unit tests, the fuzz target); production uses RedisPresence. */
export class MemoryPresence implements Presence {
  readonly counts = new Map<string, number>();

  async setLocalViewers(room: string, count: number): Promise<void> {
    if (count === 0) this.counts.delete(room);
    else this.counts.set(room, count);
  }

  async totalViewers(room: string): Promise<number> {
    return this.counts.get(room) ?? 0;
  }

  async reassert(counts: ReadonlyMap<string, number>): Promise<void> {
    for (const [room, count] of counts) await this.setLocalViewers(room, count);
  }

  async clearLocal(rooms: Iterable<string>): Promise<void> {
    for (const room of rooms) this.counts.delete(room);
  }
}
