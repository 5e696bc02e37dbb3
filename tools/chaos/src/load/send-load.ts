import type { ChatClient, SendRecord } from './chat-client';

export interface Sender {
  client: ChatClient;
  room: string;
}

export interface LoadOptions {
  /** Messages per second across all senders; unset = as fast as the window lets. */
  ratePerSec?: number;
  /** Stop after this many sends (else run until `stop`). */
  total?: number;
  /** Sends awaiting their ack per connection (the node refuses more than MAX_PENDING_SENDS, 32). */
  window: number;
}

/**
 * Drives real senders and keeps the sender-side log of every send: the oracle's list of what the
 * nodes acknowledged. At a fixed rate, a tick with no sender under its window counts a `skipped`
 * send (back-pressure) instead of queuing it, so an outage shows up as skips, not as a burst later.
 */
export class SendLoad {
  readonly records: SendRecord[] = [];
  skipped = 0;
  private stopped = false;
  private issued = 0;
  private next = 0;
  private readonly outstanding = new Set<Promise<SendRecord>>();
  private finished: Promise<void> = Promise.resolve();

  constructor(
    private readonly senders: Sender[],
    private readonly options: LoadOptions,
  ) {}

  start(): void {
    this.finished = this.options.ratePerSec ? this.runAtRate(this.options.ratePerSec) : this.runFlat();
  }

  get done(): boolean {
    return this.options.total !== undefined && this.issued >= this.options.total;
  }

  /** Stops sending and waits for every outstanding ack (each bounded by the client's ack timeout). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.finished;
    await Promise.all(this.outstanding);
  }

  /** Resolves once `total` sends were issued and answered. */
  async finish(): Promise<void> {
    await this.finished;
    await Promise.all(this.outstanding);
  }

  private claim(): boolean {
    if (this.stopped || (this.options.total !== undefined && this.issued >= this.options.total)) return false;
    this.issued++;
    return true;
  }

  private sendOn(sender: Sender): Promise<SendRecord> {
    const { record, acked } = sender.client.send(sender.room, `chaos message ${this.issued} from ${sender.client.label}`);
    this.records.push(record);
    this.outstanding.add(acked);
    acked.finally(() => this.outstanding.delete(acked)).catch(() => undefined);
    return acked;
  }

  private async runFlat(): Promise<void> {
    const worker = async (sender: Sender) => {
      while (sender.client.open && this.claim()) await this.sendOn(sender);
    };
    await Promise.all(this.senders.flatMap((s) => Array.from({ length: this.options.window }, () => worker(s))));
  }

  private async runAtRate(rate: number): Promise<void> {
    const t0 = Date.now();
    let due = 0;
    while (!this.stopped && !this.done) {
      await new Promise((r) => setTimeout(r, 20));
      const target = Math.floor(((Date.now() - t0) / 1000) * rate);
      for (; due < target && !this.stopped && !this.done; due++) {
        const sender = this.pick();
        if (!sender) this.skipped++;
        else if (this.claim()) this.sendOn(sender).catch(() => undefined);
      }
    }
  }

  /** Round robin over open senders below their window; undefined when every one is full. */
  private pick(): Sender | undefined {
    for (let i = 0; i < this.senders.length; i++) {
      const sender = this.senders[(this.next + i) % this.senders.length]!;
      if (sender.client.open && sender.client.inFlight < this.options.window) {
        this.next = (this.next + i + 1) % this.senders.length;
        return sender;
      }
    }
    return undefined;
  }
}
