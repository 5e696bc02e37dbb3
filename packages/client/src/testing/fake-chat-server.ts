import type { ChatMessage, ClientFrame, ServerFrame } from '../protocol.js';
import type { WebSocketConstructor, WebSocketLike } from '../websocket-like.js';

/**
 * An in-process stand-in for a set of chat nodes, for unit tests that need speed and fake timers
 * (backoff, token refresh, timeouts). Sockets open on the next timer turn; by default the "nodes"
 * behave like the real ones (joined with history and `since` recovery over one shared room log, acks,
 * delivery to every joined socket). `onFrame` overrides an answer; `refuse` makes a URL unreachable.
 * The integration test (tribune-client.int.test.ts) runs the client against real nodes.
 */
export class FakeChatServer {
  readonly sockets: FakeSocket[] = [];
  /** URLs (without query) whose connections fail to open (close 1006). */
  readonly refuse = new Set<string>();
  /** URLs whose connections never finish opening (a black-holed address). */
  readonly hang = new Set<string>();
  /** Messages per room, oldest first: the "ring" every fake node answers `since` from. */
  readonly log = new Map<string, ChatMessage[]>();
  /** Return true to take over a frame (the default behaviour is then skipped). */
  onFrame: ((socket: FakeSocket, frame: ClientFrame) => boolean | void) | null = null;
  /** Close code for a connection (e.g. 4001 for a token); undefined = accept. */
  onConnect: ((socket: FakeSocket) => { code: number; reason: string } | undefined) | null = null;
  private seq = 0;

  readonly WebSocket: WebSocketConstructor;

  constructor() {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the class below is bound to this server.
    const server = this;
    this.WebSocket = class extends FakeSocket {
      constructor(url: string) {
        super(server, url);
      }
    };
  }

  /** Open sockets (readyState OPEN). */
  open(): FakeSocket[] {
    return this.sockets.filter((s) => s.readyState === 1);
  }

  last(): FakeSocket {
    const socket = this.sockets.at(-1);
    if (!socket) throw new Error('no socket was opened');
    return socket;
  }

  /** A message from someone else in `room`, logged and delivered to every socket joined there. */
  publish(room: string, text: string, user = { id: 'other', name: 'Other', roles: [] as string[] }): ChatMessage {
    const message: ChatMessage = { room, id: `m${String(++this.seq).padStart(6, '0')}`, user, text, ts: 1_700_000_000_000 + this.seq };
    const list = this.log.get(room) ?? [];
    list.push(message);
    this.log.set(room, list);
    for (const socket of this.open()) if (socket.rooms.has(room)) socket.push({ type: 'message', ...message });
    return message;
  }

  /** @internal */
  connected(socket: FakeSocket): void {
    this.sockets.push(socket);
    setTimeout(() => {
      if (socket.readyState !== 0 || this.hang.has(socket.base)) return;
      if (this.refuse.has(socket.base)) return socket.drop(1006, '');
      socket.readyState = 1;
      socket.onopen?.({});
      const refusal = this.onConnect?.(socket);
      if (refusal) socket.drop(refusal.code, refusal.reason);
    }, 0);
  }

  /** @internal */
  received(socket: FakeSocket, frame: ClientFrame): void {
    if (this.onFrame?.(socket, frame)) return;
    switch (frame.type) {
      case 'join': {
        socket.rooms.add(frame.room);
        const all = this.log.get(frame.room) ?? [];
        const at = frame.since === undefined ? -1 : all.findIndex((m) => m.id === frame.since);
        const after = frame.since !== undefined && at >= 0 ? all.slice(at + 1) : all.slice(-50);
        const recovered = frame.since === undefined ? {} : { recovered: at >= 0 };
        socket.push({ type: 'joined', room: frame.room, history: [...after].reverse(), viewers: this.open().filter((s) => s.rooms.has(frame.room)).length, ...recovered });
        return;
      }
      case 'leave':
        socket.rooms.delete(frame.room);
        return;
      case 'send': {
        const message = this.publish(frame.room, frame.text, { id: socket.token ?? 'guest', name: socket.token ?? 'guest', roles: [] });
        socket.push({ type: 'ack', cid: frame.cid, id: message.id, status: 'accepted' });
        return;
      }
      case 'ping':
        socket.push({ type: 'pong' });
        return;
    }
  }
}

export class FakeSocket implements WebSocketLike {
  readyState = 0;
  readonly sent: ClientFrame[] = [];
  readonly rooms = new Set<string>();
  /** The URL without its query. */
  readonly base: string;
  readonly token: string | null;
  onopen: WebSocketLike['onopen'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  closedBy: { code?: number; reason?: string } | null = null;

  constructor(
    private readonly server: FakeChatServer,
    readonly url: string,
  ) {
    const parsed = new URL(url);
    this.token = parsed.searchParams.get('token');
    this.base = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
    server.connected(this);
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    const frame = JSON.parse(data) as ClientFrame;
    this.sent.push(frame);
    this.server.received(this, frame);
  }

  close(code?: number, reason?: string): void {
    if (this.readyState >= 2) return;
    this.closedBy = { code, reason };
    this.readyState = 3;
    setTimeout(() => this.onclose?.({ code: code ?? 1005, reason: reason ?? '' }), 0);
  }

  /** Server side: writes a frame (any value: a test may send a bad one). */
  push(frame: ServerFrame | Record<string, unknown> | string): void {
    if (this.readyState !== 1) return;
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }

  /** Server side: the connection ends (1006 = dropped without a close frame, as when a node is killed). */
  drop(code = 1006, reason = ''): void {
    if (this.readyState >= 2) return;
    this.readyState = 3;
    this.onerror?.({});
    this.onclose?.({ code, reason });
  }

  joins(): Extract<ClientFrame, { type: 'join' }>[] {
    return this.sent.filter((f): f is Extract<ClientFrame, { type: 'join' }> => f.type === 'join');
  }
}
