import { WebSocket } from 'ws';

export interface SenderResult {
  sent: number;
  acked: number;
  ackLatencies: number[];
  /** Sends not made because too many were awaiting their ack (the node's MAX_PENDING_SENDS). */
  skipped: number;
}

/**
 * One signed-in viewer that sends `rate` messages/s for `seconds`, each text `b:<sentAtMs>:<seq>` so
 * receivers measure publish→receive, and times each ack. Paced on a 5 ms tick against the wall clock,
 * so a late tick catches up instead of lowering the rate.
 */
export class PacedSender {
  private pending = new Map<string, number>();
  private acks: number[] = [];
  private seq = 0;

  private constructor(private readonly ws: WebSocket, private readonly room: string, private readonly maxPending: number) {
    ws.on('message', (data) => {
      const text = String(data);
      if (!text.startsWith('{"type":"ack"')) return;
      const { cid } = JSON.parse(text) as { cid: string };
      const at = this.pending.get(cid);
      if (at === undefined) return;
      this.pending.delete(cid);
      this.acks.push(performance.now() - at);
    });
  }

  static async connect(url: string, room: string, maxPending = 30): Promise<PacedSender> {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      ws.once('error', reject);
      ws.on('message', (data) => {
        if (String(data).startsWith('{"type":"joined"')) resolve();
      });
      ws.once('open', () => ws.send(JSON.stringify({ type: 'join', room })));
    });
    return new PacedSender(ws, room, maxPending);
  }

  async run(rate: number, seconds: number): Promise<SenderResult> {
    this.acks = [];
    this.pending.clear();
    const t0 = performance.now();
    const total = Math.round(rate * seconds);
    let sent = 0;
    let skipped = 0;
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate));
        while (sent + skipped < due) {
          if (this.pending.size >= this.maxPending) {
            skipped++;
            continue;
          }
          const cid = `c${++this.seq}`;
          this.pending.set(cid, performance.now());
          this.ws.send(JSON.stringify({ type: 'send', room: this.room, cid, text: `b:${Date.now()}:${this.seq}` }));
          sent++;
        }
        if (sent + skipped >= total) {
          clearInterval(tick);
          resolve();
        }
      }, 5);
    });
    // Acks still on the way.
    const deadline = performance.now() + 5000;
    while (this.pending.size > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return { sent, acked: this.acks.length, ackLatencies: this.acks, skipped };
  }

  close(): void {
    this.ws.close();
  }
}
