/** A system under load: the servers the viewers connect to, and how a sender connects. */
import type { Dialect } from '../worker/dialect';

export interface BenchSystem {
  readonly name: string;
  /** How its clients speak (Tribune's frames unless said). */
  readonly dialect?: Dialect;
  /** WebSocket URLs of its servers (viewers are spread over them). */
  readonly urls: string[];
  /** Server process ids, for CPU and RSS. */
  readonly pids: number[];
  /**
   * URL for sender `index` (a signed-in viewer where the system needs one: user `bench-sender-<index>` with `roles`),
   * on the servers in turn.
   */
  senderUrl(index?: number, roles?: string[]): Promise<string>;
  /** Counters the servers report about delivery, summed over them (Tribune: from `/metrics`); none for a peer. */
  deliveryCounters(): Promise<DeliveryCounters | null>;
  stop(): Promise<void>;
}

export interface DeliveryCounters {
  /** Messages written to viewers. */
  deliveries: number;
  /** Messages the overload policy did not give a viewer. */
  sampledOut: number;
  /** Flushed batches. */
  batches: number;
  /** Viewers cut off as slow readers (past the output buffer bound). */
  slowReaderCuts: number;
}
