import { WebSocket } from 'ws';
import type { ChatMessage, MessageStatus, ServerFrame } from '@tribune/contracts';

type Frame<T extends ServerFrame['type']> = Extract<ServerFrame, { type: T }>;
export interface Ack {
  id: string;
  status: MessageStatus;
  reason?: string;
  /** With a room mode's wait (`slow_mode`, `first_time_wait`). */
  retryAfterSeconds?: number;
}
export interface Closed {
  code: number;
  reason: string;
}

/**
 * A viewer's real `ws` client for integration tests: records every frame, awaits frames, acks and close.
 * Room messages arrive as `message` or `messages` frames (a busy room is batched): `messages` lists them
 * one by one, in arrival order, whichever frame carried them.
 */
export class WsViewer {
  readonly frames: ServerFrame[] = [];
  /** Every room message delivered live, from `message` and `messages` frames alike, in order. */
  readonly messages: ChatMessage[] = [];
  private messageListeners: ((m: ChatMessage) => void)[] = [];
  closed: Closed | null = null;
  private listeners: ((f: ServerFrame) => void)[] = [];
  private closeWaiters: ((c: Closed) => void)[] = [];
  private cids = 0;

  private constructor(
    readonly ws: WebSocket,
    readonly label: string,
  ) {
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as ServerFrame;
      this.frames.push(frame);
      for (const listener of [...this.listeners]) listener(frame);
      const delivered = frame.type === 'message' ? [frameMessage(frame)] : frame.type === 'messages' ? frame.messages.map((m) => ({ room: frame.room, ...m })) : [];
      for (const message of delivered) {
        this.messages.push(message);
        for (const listener of [...this.messageListeners]) listener(message);
      }
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      for (const w of this.closeWaiters) w(this.closed);
    });
  }

  static connect(url: string, { headers = {}, label = 'viewer' }: { headers?: Record<string, string>; label?: string } = {}): Promise<WsViewer> {
    const ws = new WebSocket(url, { headers });
    const viewer = new WsViewer(ws, label);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(viewer));
      ws.once('error', reject);
    });
  }

  /** Opens a socket that the server is expected to close; resolves with the close code and reason. */
  static closedWith(url: string, headers: Record<string, string> = {}): Promise<Closed> {
    const ws = new WebSocket(url, { headers });
    const viewer = new WsViewer(ws, 'viewer');
    ws.on('error', () => undefined);
    return viewer.waitClose(5000);
  }

  /** Sends a frame as is (a string is sent raw, to test malformed input). */
  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first frame, already received or future, that `match` picks; rejects after `timeoutMs`. */
  next<T extends ServerFrame['type']>(type: T, match: (f: Frame<T>) => boolean = () => true, timeoutMs = 5000): Promise<Frame<T>> {
    const test = (f: ServerFrame): f is Frame<T> => f.type === type && match(f as Frame<T>);
    const seen = this.frames.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const listener = (f: ServerFrame) => {
        if (!test(f)) return;
        clearTimeout(timer);
        this.unlisten(listener);
        resolve(f);
      };
      const timer = setTimeout(() => {
        this.unlisten(listener);
        reject(new Error(`${this.label}: no ${type} frame within ${timeoutMs} ms; last frames ${JSON.stringify(this.frames.slice(-5))}`));
      }, timeoutMs);
      this.listeners.push(listener);
    });
  }

  /** The first room message, already delivered or future, that `match` picks, from either frame type. */
  nextMessage(match: (m: ChatMessage) => boolean, timeoutMs = 5000): Promise<ChatMessage> {
    const seen = this.messages.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const listener = (m: ChatMessage) => {
        if (!match(m)) return;
        clearTimeout(timer);
        this.messageListeners = this.messageListeners.filter((l) => l !== listener);
        resolve(m);
      };
      const timer = setTimeout(() => {
        this.messageListeners = this.messageListeners.filter((l) => l !== listener);
        reject(new Error(`${this.label}: no matching message within ${timeoutMs} ms; ${this.messages.length} messages received`));
      }, timeoutMs);
      this.messageListeners.push(listener);
    });
  }

  /** Joins `room` (with `since`, to recover what was missed) and resolves with the `joined` frame. */
  async join(room: string, since?: string): Promise<Frame<'joined'>> {
    const already = this.frames.filter((f) => f.type === 'joined' && f.room === room).length;
    this.send({ type: 'join', room, ...(since === undefined ? {} : { since }) });
    let seen = 0;
    // The answer to this join, not one a previous join of the same room got.
    return this.next('joined', (f) => f.room === room && ++seen > already);
  }

  /**
   * Sends `text` to `room` and resolves with its ack; an `error` frame meanwhile (the node could not
   * take the message, e.g. Kafka unavailable) or no ack within `timeoutMs` rejects, so a caller never hangs.
   */
  say(room: string, text: string, timeoutMs = 5000): Promise<Ack> {
    const cid = `${this.label}-${++this.cids}`;
    return new Promise((resolve, reject) => {
      const done = (err: Error | null, ack?: Ack) => {
        clearTimeout(timer);
        this.unlisten(listener);
        if (err) reject(err);
        else resolve(ack!);
      };
      const listener = (f: ServerFrame) => {
        if (f.type === 'ack' && f.cid === cid) done(null, { id: f.id, status: f.status, reason: f.reason, ...(f.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: f.retryAfterSeconds }) });
        else if (f.type === 'error') done(new Error(`${this.label}: error frame ${f.code}: ${f.message} (sending ${JSON.stringify(text)})`));
      };
      const timer = setTimeout(() => done(new Error(`${this.label}: no ack for ${JSON.stringify(text)} within ${timeoutMs} ms`)), timeoutMs);
      this.listeners.push(listener);
      this.send({ type: 'send', room, text, cid });
    });
  }

  waitClose(timeoutMs = 5000): Promise<Closed> {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.label}: socket not closed within ${timeoutMs} ms`)), timeoutMs);
      this.closeWaiters.push((c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
  }

  close(): void {
    this.ws.close();
  }

  private unlisten(listener: (f: ServerFrame) => void): void {
    this.listeners = this.listeners.filter((l) => l !== listener);
  }
}

function frameMessage(frame: Frame<'message'>): ChatMessage {
  const { type: _type, ...message } = frame;
  return message;
}
