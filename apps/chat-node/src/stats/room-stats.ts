import { LIVE_COUNTERS, latencyBucket, type LiveCounter } from '@tribune/contracts';

/** What the delivery path and the join path count per room (the part of {@link RoomStats} they are given). */
export interface RoomCounters {
  add(room: string, ts: number, counter: LiveCounter, by?: number): void;
  /** Messages written to the room's viewers at `at`: each one's latency since its publication (`ts`). */
  delivered(room: string, at: number, messages: readonly { ts: number }[]): void;
}

/** What one room-second gathered since the last drain. */
export interface RoomSecond {
  room: string;
  /** Unix seconds (UTC), the second of the events' `ts`: the bucket `chat.messages_1s` puts them in. */
  second: number;
  counts: Partial<Record<LiveCounter, number>>;
  /** Delivery latency observations by bucket index (`latencyBucket`), sparse. */
  latency: number[];
  /** Senders of that second (user ids), for the room's chatters and top chatters. */
  senders: Map<string, number>;
}

/**
 * Per-room, per-second counters a node accumulates between flushes (pure: no I/O). Keyed by the second of the
 * event's own `ts`, never by the flush time, so a second's total is the same whatever the flush timing.
 */
export class RoomStats implements RoomCounters {
  private pending = new Map<string, RoomSecond>();

  add(room: string, ts: number, counter: LiveCounter, by = 1): void {
    const entry = this.entry(room, ts);
    entry.counts[counter] = (entry.counts[counter] ?? 0) + by;
  }

  /**
   * A flushed batch's delivery latency on this node (publish → written to the room's last local viewer), counted in
   * the second of `at`: one room-second lookup per batch, a bucket per message.
   */
  delivered(room: string, at: number, messages: readonly { ts: number }[]): void {
    const { latency } = this.entry(room, at);
    for (const m of messages) {
      const bucket = latencyBucket(Math.max(0, at - m.ts));
      latency[bucket] = (latency[bucket] ?? 0) + 1;
    }
  }

  sender(room: string, ts: number, userId: string): void {
    const entry = this.entry(room, ts);
    entry.senders.set(userId, (entry.senders.get(userId) ?? 0) + 1);
  }

  /** Everything gathered since the last drain; the stats start empty again. */
  drain(): RoomSecond[] {
    const out = [...this.pending.values()];
    this.pending = new Map();
    return out;
  }

  /** Puts drained entries back (their flush failed), adding to whatever arrived meanwhile. */
  restore(entries: RoomSecond[]): void {
    for (const e of entries) {
      const into = this.entry(e.room, e.second * 1000);
      for (const c of LIVE_COUNTERS) if (e.counts[c]) into.counts[c] = (into.counts[c] ?? 0) + e.counts[c];
      e.latency.forEach((n, bucket) => {
        if (n) into.latency[bucket] = (into.latency[bucket] ?? 0) + n;
      });
      for (const [u, n] of e.senders) into.senders.set(u, (into.senders.get(u) ?? 0) + n);
    }
  }

  get size(): number {
    return this.pending.size;
  }

  private entry(room: string, ts: number): RoomSecond {
    const second = Math.floor(ts / 1000);
    const key = `${second}\u0000${room}`;
    let entry = this.pending.get(key);
    if (!entry) this.pending.set(key, (entry = { room, second, counts: {}, latency: [], senders: new Map() }));
    return entry;
  }
}
