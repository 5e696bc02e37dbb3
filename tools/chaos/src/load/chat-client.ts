import { WebSocket } from 'ws';
import type { MessageStatus, ServerFrame } from '@tribune/contracts';

/** What the suite knows about one send, from the sender's side only. */
export interface SendRecord {
  cid: string;
  room: string;
  text: string;
  sentAt: number;
  ackAt?: number;
  id?: string;
  status?: MessageStatus;
  reason?: string;
  /** No ack: `closed` (the socket went away first) or `timeout`. */
  failure?: 'closed' | 'timeout';
}

/** `messages` (a batch of one room's messages) is in DESIGN.md's protocol; accepted here whether or not the contracts have it yet. */
type Frame = ServerFrame | { type: 'messages'; room: string; messages: { id: string }[] };

interface Pending {
  record: SendRecord;
  done: (r: SendRecord) => void;
  timer: NodeJS.Timeout;
}

/**
 * A real viewer's WebSocket, lean enough for thousands in one process: it keeps no frame log
 * (WsViewer from devstack does, which is right for tests and too much for 100k messages), pipelines
 * sends by `cid` and records the ids of the room messages it receives.
 */
export class ChatClient {
  private readonly pending = new Map<string, Pending>();
  private cids = 0;
  private joinWaiters: ((f: Extract<ServerFrame, { type: 'joined' }>) => void)[] = [];
  /** Ids of the `message`/`messages` frames received, in order. */
  readonly received: string[] = [];
  readonly receivedAt = new Map<string, number>();
  closed: { code: number; reason: string; at: number } | null = null;
  errors = 0;

  private constructor(
    readonly ws: WebSocket,
    readonly label: string,
    private readonly ackTimeoutMs: number,
    private readonly keepReceived: boolean,
  ) {
    ws.on('message', (data) => this.onFrame(JSON.parse(String(data)) as Frame));
    ws.on('error', () => undefined);
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString(), at: Date.now() };
      for (const p of [...this.pending.values()]) this.finish(p, { failure: 'closed' });
    });
  }

  static connect(url: string, { label, ackTimeoutMs = 60_000, keepReceived = true, timeoutMs = 15_000 }: { label: string; ackTimeoutMs?: number; keepReceived?: boolean; timeoutMs?: number }): Promise<ChatClient> {
    const ws = new WebSocket(url, { handshakeTimeout: timeoutMs });
    const client = new ChatClient(ws, label, ackTimeoutMs, keepReceived);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
      ws.once('close', (code) => reject(new Error(`${label}: closed (${code}) before open`)));
    });
  }

  get inFlight(): number {
    return this.pending.size;
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Joins `room` (with `since`, the last message id seen, to ask for what was missed). */
  join(room: string, timeoutMs = 10_000, since?: string): Promise<{ viewers: number; history: number; recovered?: boolean }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.label}: no joined for ${room} within ${timeoutMs} ms`)), timeoutMs);
      const waiter = (f: Extract<ServerFrame, { type: 'joined' }>) => {
        if (f.room !== room) return;
        clearTimeout(timer);
        this.joinWaiters = this.joinWaiters.filter((w) => w !== waiter);
        const recovered = (f as { recovered?: boolean }).recovered;
        resolve({ viewers: f.viewers, history: f.history.length, ...(recovered === undefined ? {} : { recovered }) });
      };
      this.joinWaiters.push(waiter);
      this.ws.send(JSON.stringify({ type: 'join', room, ...(since ? { since } : {}) }));
    });
  }

  /**
   * Sends `text`: the record is returned at once (and filled in on its ack); `acked` resolves once it
   * was acked, or the socket closed, or the ack timed out, and never rejects.
   */
  send(room: string, text: string): { record: SendRecord; acked: Promise<SendRecord> } {
    const cid = `${this.label}-${++this.cids}`;
    const record: SendRecord = { cid, room, text, sentAt: Date.now() };
    const acked = new Promise<SendRecord>((done) => {
      if (!this.open) {
        record.failure = 'closed';
        done(record);
        return;
      }
      const timer = setTimeout(() => {
        const p = this.pending.get(cid);
        if (p) this.finish(p, { failure: 'timeout' });
      }, this.ackTimeoutMs);
      this.pending.set(cid, { record, done, timer });
      this.ws.send(JSON.stringify({ type: 'send', room, text, cid }));
    });
    return { record, acked };
  }

  close(): void {
    this.ws.close();
  }

  terminate(): void {
    this.ws.terminate();
  }

  private finish(p: Pending, update: Partial<SendRecord>): void {
    clearTimeout(p.timer);
    this.pending.delete(p.record.cid);
    Object.assign(p.record, update);
    p.done(p.record);
  }

  private onFrame(frame: Frame): void {
    switch (frame.type) {
      case 'ack': {
        const p = this.pending.get(frame.cid);
        if (p) this.finish(p, { ackAt: Date.now(), id: frame.id, status: frame.status, reason: frame.reason });
        break;
      }
      case 'joined':
        for (const w of [...this.joinWaiters]) w(frame);
        break;
      case 'message':
        this.note(frame.id);
        break;
      case 'messages':
        for (const m of frame.messages) this.note(m.id);
        break;
      case 'error':
        this.errors++;
        break;
      default:
        break;
    }
  }

  private note(id: string): void {
    if (!this.keepReceived) return;
    this.received.push(id);
    this.receivedAt.set(id, Date.now());
  }
}
