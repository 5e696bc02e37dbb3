/** A system under load: the servers the viewers connect to, and how a sender connects. */
export interface BenchSystem {
  readonly name: string;
  /** WebSocket URLs of its servers (viewers are spread over them). */
  readonly urls: string[];
  /** Server process ids, for CPU and RSS. */
  readonly pids: number[];
  /** URL for the sender (a signed-in viewer where the system needs one). */
  senderUrl(): Promise<string>;
  stop(): Promise<void>;
}
