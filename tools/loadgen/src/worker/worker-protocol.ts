import type { Dialect } from './dialect';

/** Messages between the bench and its viewer workers (child processes, over IPC). */
export type ToWorker =
  | { op: 'connect'; urls: string[]; count: number; firstIndex: number; room: string; probeEvery: number; concurrency: number; dialect?: Dialect }
  | { op: 'reset' }
  | { op: 'report'; expected: number; /** Without the latency samples: the cheap poll while a step drains. */ countsOnly?: boolean }
  | { op: 'close' }
  /** Every viewer drops and rejoins with `since` (the last message it has) at a random moment within `withinMs`. */
  | { op: 'storm'; withinMs: number }
  /**
   * Slow readers: `count` viewers that join the room and then stop reading (their socket is paused, so the kernel
   * buffers fill and the server's output queue grows). Not counted in the reports; `slowCheck` resumes them and
   * says how many the server had cut off, and with which close code.
   */
  | { op: 'slow'; urls: string[]; count: number; firstIndex: number; room: string; concurrency: number; dialect?: Dialect }
  | { op: 'slowCheck' };

export interface SlowReport {
  op: 'slowChecked';
  slow: number;
  /** Closed by the server with SLOW_READER (4009). */
  cut: number;
  /** Closed by the server with another code. */
  otherClose: number;
  /** Still open after they read again. */
  open: number;
}

export interface StormReport {
  op: 'stormed';
  rejoined: number;
  /** Viewers that gave up after their retries. */
  failed: number;
  /** Connection attempts beyond each viewer's first (refused, e.g. 4008, or timed out), with backoff. */
  retries: number;
  /** Failed attempts by reason (`closed 4008 before joined`, `socket error ECONNRESET`, …). */
  failureReasons: Record<string, number>;
  /** Rejoins answered `recovered: true`. */
  recovered: number;
  /** Rejoins that asked with `since`, got `joined`, and were not answered `recovered: true`. */
  notRecovered: number;
  /** Join sent → `joined` received, per rejoin. */
  joinMs: number[];
  /** From the storm's start to the last rejoin. */
  lastRejoinMs: number;
}

export interface WorkerReport {
  op: 'report';
  /** Viewers that joined. */
  viewers: number;
  /** Of those, still open. */
  open: number;
  closedByServer: number;
  /** Frames received since the last reset. */
  frames: number;
  /** Benchmark messages received since the last reset (every viewer, every frame). */
  messages: number;
  /** Viewers that received at least the expected count. */
  complete: number;
  /** Publish→receive latencies (ms) seen by the probe viewers. */
  latencies: number[];
  /** CPU time of this worker since the reset. */
  cpuMs: number;
  wallMs: number;
  /** Wall clock (ms since epoch) of the last benchmark message received since the reset; 0 for none. */
  lastMessageAt: number;
}

export type FromWorker = WorkerReport | StormReport | SlowReport | { op: 'slowOpened'; ok: number; failed: number } | { op: 'connected'; ok: number; failed: number; ms: number } | { op: 'reset' } | { op: 'error'; message: string };
