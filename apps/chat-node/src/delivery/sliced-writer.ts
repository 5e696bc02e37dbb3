import type { Session } from '../transport/session';

/** A write to many sessions, prepared when it was queued: the frame encoded, the audience taken as it was then. */
export interface FanoutWrite {
  sessions: readonly Session[];
  /** Writes to one session. */
  each: (session: Session) => void;
  /** After the last session (metrics counted once per write). */
  done?: () => void;
}

export interface SlicedWriterOptions {
  /** Most time one slice may hold the event loop before the rest of the write yields to I/O. */
  sliceMs: number;
  /** Called when the last queued write has finished (the room may flush what it held back meanwhile). */
  onIdle?: () => void;
  now?: () => number;
  /** How the next slice is scheduled; `setImmediate` runs it after the I/O that arrived meanwhile. */
  defer?: (next: () => void) => void;
}

/** Sessions written between two looks at the clock. */
const CLOCK_EVERY = 32;

/**
 * Writes a room's frames to its viewers in slices of at most `sliceMs`, yielding to the event loop between them.
 * Writing one frame to 5,000 sockets takes the node 100–300 ms on a loaded machine; done in one go, every Kafka ack,
 * Redis reply and incoming send of the node waited behind it, several times per send (a send awaits Redis twice,
 * Kafka and Redis again), which made acks take 0.5–2 s while the node was two-thirds idle. Writes are done in
 * order (a room's frames never overtake each other) and the first slice runs at once, so a small room is written
 * synchronously as before.
 */
export class SlicedWriter {
  private readonly queue: FanoutWrite[] = [];
  /** The next session of `queue[0]`. */
  private index = 0;
  private scheduled = false;
  private running = false;
  private readonly now: () => number;
  private readonly defer: (next: () => void) => void;

  constructor(private readonly options: SlicedWriterOptions) {
    this.now = options.now ?? (() => performance.now());
    this.defer = options.defer ?? ((next) => setImmediate(next));
  }

  /** No write queued or under way. */
  get idle(): boolean {
    return this.queue.length === 0;
  }

  push(write: FanoutWrite): void {
    this.queue.push(write);
    if (!this.scheduled && !this.running) this.slice();
  }

  /** Drops what is queued (the room is no longer delivered on this node). */
  clear(): void {
    this.queue.length = 0;
    this.index = 0;
  }

  private slice(): void {
    this.scheduled = false;
    this.running = true;
    const until = this.now() + this.options.sliceMs;
    try {
      while (this.queue.length > 0) {
        const write = this.queue[0]!;
        const { sessions } = write;
        while (this.index < sessions.length) {
          write.each(sessions[this.index]!);
          this.index += 1;
          if (this.index % CLOCK_EVERY === 0 && this.index < sessions.length && this.now() >= until) {
            this.scheduled = true;
            this.defer(() => this.slice());
            return;
          }
        }
        this.queue.shift();
        this.index = 0;
        write.done?.();
      }
    } finally {
      this.running = false;
    }
    this.options.onIdle?.();
  }
}
