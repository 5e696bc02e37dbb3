import type { Presence } from './presence';

interface RoomState {
  /** The count to write next: the latest one asked for. */
  count: number;
  /** The write waiting to be issued, shared by everyone who asked meanwhile. */
  queued: Promise<void> | null;
  /** The write on the wire. */
  writing: Promise<void> | null;
  /** Writes completed so far; a read knows which ones it can see. */
  written: number;
  /** The read on the wire, and how many writes had completed when it was issued. */
  reading: { after: number; total: Promise<number> } | null;
}

/**
 * Presence for a reconnect storm: thousands of joins of one room within seconds would each write
 * the node's count and read the room's total. Here a room has at most one write on the wire and one
 * queued (which carries the latest count when it goes, so the last write still wins with the truth),
 * and a read in flight is shared by every caller whose own write had completed before it was issued
 * (so a viewer's `joined.viewers` still counts that viewer).
 */
export class CoalescedPresence implements Presence {
  private readonly rooms = new Map<string, RoomState>();

  constructor(private readonly inner: Presence) {}

  setLocalViewers(room: string, count: number): Promise<void> {
    const state = this.state(room);
    state.count = count;
    if (state.queued) return state.queued;
    const previous = state.writing ?? Promise.resolve();
    const queued = previous
      .catch(() => undefined)
      .then(() => {
        state.queued = null;
        const writing = this.inner.setLocalViewers(room, state.count).then(() => {
          state.written += 1;
        });
        state.writing = writing;
        return writing.finally(() => {
          if (state.writing === writing) state.writing = null;
          this.forgetIfIdle(room, state);
        });
      });
    state.queued = queued;
    return queued;
  }

  totalViewers(room: string): Promise<number> {
    const state = this.state(room);
    // Writes of this caller have completed (it awaited them): a read issued since then sees them.
    const mustSee = state.written;
    if (state.reading && state.reading.after >= mustSee) return state.reading.total;
    const reading = { after: mustSee, total: this.inner.totalViewers(room) };
    state.reading = reading;
    return reading.total.finally(() => {
      if (state.reading === reading) state.reading = null;
      this.forgetIfIdle(room, state);
    });
  }

  /** The periodic re-assertion goes straight through: it writes every room at once and races nothing. */
  reassert(counts: ReadonlyMap<string, number>): Promise<void> {
    return this.inner.reassert(counts);
  }

  clearLocal(rooms: Iterable<string>): Promise<void> {
    return this.inner.clearLocal(rooms);
  }

  private state(room: string): RoomState {
    let state = this.rooms.get(room);
    if (!state) {
      state = { count: 0, queued: null, writing: null, written: 0, reading: null };
      this.rooms.set(room, state);
    }
    return state;
  }

  private forgetIfIdle(room: string, state: RoomState): void {
    if (!state.queued && !state.writing && !state.reading && this.rooms.get(room) === state) this.rooms.delete(room);
  }
}
