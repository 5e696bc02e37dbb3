import { WebSocket } from 'ws';
import { MAX_TEXT_LENGTH } from '@tribune/contracts';
import { decode, joinFrame, opened, plumbing, sendFrame, type Dialect } from '../worker/dialect';

export interface SenderResult {
  sent: number;
  acked: number;
  ackLatencies: number[];
  /** Sends not made because too many were awaiting their ack (the node's MAX_PENDING_SENDS). */
  skipped: number;
  /** Last send → last ack (ms): how long the acks trailed the sending once it stopped (the backlog draining). */
  ackTailMs: number;
  /** Acks by status and reason other than `accepted` (e.g. `rejected:spam:rate`), and `error` frames by code. */
  refused: Record<string, number>;
}

export interface SenderSocket {
  url: string;
  /** Loopback source address (senders spread like viewers, under the per-address cap). */
  localAddress?: string;
}

/** Words that make each text distinct for the duplicate rule (a changed digit alone is a near copy). */
const WORDS = ['pass', 'shot', 'keeper', 'corner', 'offside', 'referee', 'header', 'volley', 'tackle', 'press', 'counter', 'wing', 'striker', 'bench', 'crowd', 'chant', 'flag', 'whistle', 'penalty', 'save'];

/**
 * Signed-in viewers that send `rate` messages/s in total for `seconds`, spread round-robin over their sockets (one
 * socket at 200 msg/s, or 200 senders at 1 msg/s each), each text `b:<sentAtMs>:<seq>:<words>` so receivers measure
 * publish→receive, and times each ack. Paced on one 5 ms tick against the wall clock, so a late tick catches up
 * instead of lowering the rate.
 */
export class PacedSender {
  /** cid → when it was sent and on which socket. */
  private pending = new Map<string, { at: number; socket: number }>();
  private pendingBySocket: number[];
  private acks: number[] = [];
  private lastAckAt = 0;
  private refused: Record<string, number> = {};
  private seq = 0;

  private constructor(
    private readonly sockets: WebSocket[],
    private readonly room: string,
    /** In flight per socket at most (the node refuses more than its MAX_PENDING_SENDS). */
    private readonly maxPending: number,
    private readonly dialect: Dialect,
  ) {
    this.pendingBySocket = sockets.map(() => 0);
    for (const ws of sockets) {
      ws.on('message', (data: Buffer) => {
        // Room messages come to senders too: only acks and errors are looked at.
        if (!data.includes('"type":"ack"') && !data.includes('"type":"error"')) return;
        const frame = decode(this.dialect, data);
        if (frame.type === 'error') {
          this.refused[`error:${frame.code}`] = (this.refused[`error:${frame.code}`] ?? 0) + 1;
          return;
        }
        if (frame.type !== 'ack') return;
        const { cid, status, reason } = frame;
        if (status !== 'accepted') {
          const key = reason ? `${status}:${reason}` : status;
          this.refused[key] = (this.refused[key] ?? 0) + 1;
        }
        const sent = this.pending.get(cid);
        if (sent === undefined) return;
        this.pending.delete(cid);
        this.pendingBySocket[sent.socket]!--;
        this.lastAckAt = performance.now();
        this.acks.push(this.lastAckAt - sent.at);
      });
    }
  }

  static async connect(url: string, room: string, maxPending = 30, dialect: Dialect = 'tribune'): Promise<PacedSender> {
    return PacedSender.connectMany([{ url }], room, maxPending, dialect);
  }

  /** One socket per sender, each joined to `room`, opened 50 at a time. */
  static async connectMany(senders: SenderSocket[], room: string, maxPendingPerSocket = 30, dialect: Dialect = 'tribune'): Promise<PacedSender> {
    const sockets: WebSocket[] = [];
    for (let i = 0; i < senders.length; i += 50) sockets.push(...(await Promise.all(senders.slice(i, i + 50).map((s) => open(s, room, dialect)))));
    return new PacedSender(sockets, room, maxPendingPerSocket, dialect);
  }

  get count(): number {
    return this.sockets.length;
  }

  /** `padBytes`: that many more bytes of words in each text (scenario 5: slow readers pass the kernel's buffers sooner). */
  async run(rate: number, seconds: number, padBytes = 0): Promise<SenderResult> {
    // Within the protocol's text limit, leaving room for the marker, the sequence and the words.
    const padded = Math.min(padBytes, MAX_TEXT_LENGTH - 80);
    const pad = padded > 0 ? ` ${WORDS.join(' ').repeat(Math.ceil(padded / 120)).slice(0, padded)}` : '';
    this.acks = [];
    this.refused = {};
    this.pending.clear();
    this.pendingBySocket.fill(0);
    const t0 = performance.now();
    const total = Math.round(rate * seconds);
    let sent = 0;
    let skipped = 0;
    let lastSendAt = t0;
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate));
        while (sent + skipped < due) {
          const n = (sent + skipped) % this.sockets.length;
          // Pending per socket: what the node allows on one connection.
          if (this.pendingBySocket[n]! >= this.maxPending) {
            skipped++;
            continue;
          }
          const seq = ++this.seq;
          const cid = `c${seq}`;
          this.pending.set(cid, { at: performance.now(), socket: n });
          this.pendingBySocket[n]!++;
          const words = `${WORDS[seq % WORDS.length]} ${WORDS[Math.floor(seq / WORDS.length) % WORDS.length]} ${WORDS[Math.floor(seq / 400) % WORDS.length]}`;
          this.sockets[n]!.send(sendFrame(this.dialect, this.room, cid, `b:${Date.now()}:${seq}:${words}${pad}`));
          lastSendAt = performance.now();
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
    return { sent, acked: this.acks.length, ackLatencies: this.acks, skipped, ackTailMs: Math.max(0, this.lastAckAt - lastSendAt), refused: this.refused };
  }

  close(): void {
    for (const ws of this.sockets) ws.close();
  }
}

function open({ url, localAddress }: SenderSocket, room: string, dialect: Dialect): Promise<WebSocket> {
  const ws = new WebSocket(url, { perMessageDeflate: false, ...(localAddress ? { localAddress } : {}) });
  const send = (d: string) => ws.send(d);
  const join = () => ws.send(joinFrame(dialect, room));
  // Pings answered for the socket's whole life (Socket.IO); the rest is the sender's.
  ws.on('message', (data: Buffer) => void plumbing(dialect, data, send, join));
  return new Promise<WebSocket>((resolve, reject) => {
    ws.once('error', reject);
    const onMessage = (data: Buffer) => {
      if (!data.includes('"type":"joined"')) return;
      ws.off('message', onMessage);
      resolve(ws);
    };
    ws.on('message', onMessage);
    ws.once('open', () => opened(dialect, send, join));
  });
}
