import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { Emitter } from './emitter.js';
import { CLIENT_ERROR_CODES, SendRefusedError, TribuneError } from './errors.js';
import { isServerFrame } from './frame-guard.js';
import { CLOSE_CODES, ERROR_CODES, MAX_PENDING_SENDS, MAX_TEXT_LENGTH, ROOM_PATTERN, type ChatMessage, type ClientFrame, type MessageStatus, type ServerFrame } from './protocol.js';
import { SeenMessages } from './seen-messages.js';
import { TokenSource, type TokenProvider } from './token-source.js';
import { OPEN, type WebSocketConstructor, type WebSocketLike } from './websocket-like.js';

/**
 * `idle` (not started) → `connecting` → `open` ⇄ (`reconnecting` → `connecting`) … → `closed` (by `close()`,
 * or a refusal no retry can fix: a fixed token refused with 4001, an Origin refused with 4003).
 */
export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface StateChange {
  state: ConnectionState;
  previous: ConnectionState;
  /** The node URL being connected to or connected (without the token). */
  url?: string;
  /** `reconnecting`: how the last connection ended (1006 when it dropped without a close frame). */
  close?: { code: number; reason: string };
  /** `reconnecting`: the backoff before the next attempt, ms, and that attempt's number (0 = first retry). */
  delayMs?: number;
  attempt?: number;
}

export interface JoinedEvent {
  room: string;
  /** Connections in the room across all live nodes (the protocol gives it at join time only). */
  viewers: number;
  /**
   * Set when the join carried `since` (a rejoin, or `join(room, { since })`): true when the node gave every
   * message after the last one this client had — nothing was missed; false when some may be missing (show a gap).
   * Undefined on a first join.
   */
  recovered: boolean | undefined;
  /** True when this is a rejoin after a reconnect. */
  rejoin: boolean;
  /** The messages of the join this client had not delivered yet, oldest first (also emitted as `messages`/`message`). */
  history: ChatMessage[];
  /** The node that answered. */
  url: string;
}

export interface MessagesEvent {
  room: string;
  /** Messages not delivered before (deduplicated by id), oldest first, at least one. */
  messages: ChatMessage[];
  /** `live`: a `message` or `messages` frame; `history`: the history of a `joined`. */
  source: 'live' | 'history';
}

export interface SendResult {
  cid: string;
  /** The message's id (the same in the room's frames, Kafka and ClickHouse). */
  id: string;
  /** A status under which the message was recorded and not refused. */
  status: Exclude<MessageStatus, 'blocked' | 'rejected'>;
  /** `accepted` + `not_delivered`: recorded, but the room did not get it (see docs/protocol.md). */
  reason?: string;
}

export interface ClientEvents {
  state: StateChange;
  joined: JoinedEvent;
  viewers: { room: string; viewers: number };
  /** One event per message, whichever frame carried it. */
  message: ChatMessage;
  /** One event per frame (a `message`, a `messages` batch, a `joined` history) with the new messages in it. */
  messages: MessagesEvent;
  deleted: { room: string; id: string };
  notice: { room: string; text: string };
  error: TribuneError;
}

export interface TribuneClientOptions {
  /** One node URL (`wss://chat.example/ws`) or several: on a loss the client moves to the next. */
  urls: string | readonly string[];
  /** A viewer token, a callback giving one (fetched again before `exp`), or null/absent for a read-only guest. */
  token?: TokenProvider;
  /** The WebSocket class; defaults to the global one. Node 20 has none: pass `ws`'s `WebSocket`. */
  WebSocket?: WebSocketConstructor;
  /** Exponential backoff with full jitter between attempts (default 250 ms doubling to 15 s). */
  backoff?: Partial<BackoffOptions>;
  /** `send()` rejects with `ack_timeout` after this (default 10 s: a node answers every send within 5 s even when Kafka is down, docs/protocol.md). */
  ackTimeoutMs?: number;
  /** A join not answered within this fails (default 10 s). */
  joinTimeoutMs?: number;
  /** An opening handshake not done within this counts as a failed attempt (default 10 s). */
  connectTimeoutMs?: number;
  /** A callback's token is refreshed this long before its `exp` (default 60 s, at most half its lifetime). */
  tokenRefreshMarginMs?: number;
  /** After this long without a frame the client pings (default 25 s; 0 = never) … */
  pingIntervalMs?: number;
  /** … and drops the connection (then reconnects) when nothing answers within this (default 10 s). */
  pongTimeoutMs?: number;
  /** Sends awaiting their ack, past which `send()` is refused locally (default 32, the node's limit). */
  maxPendingSends?: number;
  /** Message ids remembered per room for deduplication (default 1000). */
  seenPerRoom?: number;
  /**
   * Full validation of incoming frames, e.g. `(f) => serverFrame.safeParse(f).data` with the contracts' zod
   * schema. Default: a structural check of the fields the SDK reads (no zod in the bundle).
   */
  validate?: (frame: unknown) => ServerFrame | undefined;
  /** Shuffle `urls` once at start, so a site's viewers spread over the nodes (default false). */
  shuffle?: boolean;
  random?: () => number;
  now?: () => number;
}

interface Waiter<T> {
  resolve: (value: T) => void;
  reject: (err: TribuneError) => void;
}

interface RoomState {
  seen: SeenMessages;
  /** Joined on the current connection. */
  joined: boolean;
  /** Joined once on some connection: later joins are rejoins. */
  everJoined: boolean;
  last: JoinedEvent | null;
  waiters: Waiter<JoinedEvent>[];
}

interface PendingSend extends Waiter<SendResult> {
  room: string;
  timer: ReturnType<typeof setTimeout>;
}

/** A connection open this long before it closed was healthy: the backoff starts over. */
const STABLE_MS = 5000;

/**
 * A client of Tribune chat nodes: one WebSocket at a time to one of `urls`, re-established with backoff on
 * any loss, every joined room rejoined with `since` so nothing is missed or given twice.
 */
export class TribuneClient {
  private readonly events: Emitter<ClientEvents>;
  private readonly urls: string[];
  private readonly WebSocketClass: WebSocketConstructor;
  private readonly backoff: BackoffOptions;
  private readonly tokens: TokenSource;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly opts: Required<Pick<TribuneClientOptions, 'ackTimeoutMs' | 'joinTimeoutMs' | 'connectTimeoutMs' | 'pingIntervalMs' | 'pongTimeoutMs' | 'maxPendingSends' | 'seenPerRoom'>>;
  private readonly validate: (frame: unknown) => ServerFrame | undefined;

  private current: ConnectionState = 'idle';
  private socket: WebSocketLike | null = null;
  private socketUrl = '';
  /** Bumped at every attempt and at close(): callbacks of an older attempt do nothing. */
  private generation = 0;
  private urlIndex = 0;
  private attempt = 0;
  private openedAt = 0;
  private lastFrameAt = 0;
  private lastFrameType: ServerFrame['type'] | null = null;
  private signedIn = false;
  private cidSeq = 0;

  private readonly rooms = new Map<string, RoomState>();
  private joinQueue: string[] = [];
  private inflightJoin: { room: string; timer: ReturnType<typeof setTimeout> } | null = null;
  private readonly pending = new Map<string, PendingSend>();
  private openWaiters: Waiter<void>[] = [];
  private timers = new Set<ReturnType<typeof setTimeout>>();
  private connectTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private pongTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(options: TribuneClientOptions) {
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    const urls = typeof options.urls === 'string' ? [options.urls] : [...options.urls];
    if (urls.length === 0) throw new TribuneError(CLIENT_ERROR_CODES.INVALID_ARGUMENT, 'at least one node URL is needed');
    if (options.shuffle) shuffle(urls, this.random);
    this.urls = urls;
    const WebSocketClass = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!WebSocketClass) throw new TribuneError(CLIENT_ERROR_CODES.INVALID_ARGUMENT, 'no global WebSocket here (Node 20): pass one, e.g. { WebSocket } from the "ws" package');
    this.WebSocketClass = WebSocketClass;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.opts = {
      ackTimeoutMs: options.ackTimeoutMs ?? 10_000,
      joinTimeoutMs: options.joinTimeoutMs ?? 10_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      pingIntervalMs: options.pingIntervalMs ?? 25_000,
      pongTimeoutMs: options.pongTimeoutMs ?? 10_000,
      maxPendingSends: options.maxPendingSends ?? MAX_PENDING_SENDS,
      seenPerRoom: options.seenPerRoom ?? 1000,
    };
    this.validate = options.validate ?? ((frame) => (isServerFrame(frame) ? frame : undefined));
    // A listener that throws is the application's bug: report it like an EventTarget does, without breaking delivery.
    this.events = new Emitter<ClientEvents>((err) =>
      queueMicrotask(() => {
        throw err;
      }),
    );
    this.tokens = new TokenSource(options.token ?? null, {
      refreshMarginMs: options.tokenRefreshMarginMs ?? 60_000,
      now: this.now,
      onRefreshError: (err) => this.emitError(new TribuneError(CLIENT_ERROR_CODES.TOKEN_FAILED, `token refresh failed: ${describe(err)}`)),
    });
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** The node URL of the open connection (without the token), or undefined. */
  get url(): string | undefined {
    return this.current === 'open' ? this.socketUrl : undefined;
  }

  /** Rooms this client keeps joined (across reconnects), until `leave()`. */
  get joinedRooms(): string[] {
    return [...this.rooms.keys()];
  }

  on<K extends keyof ClientEvents>(event: K, listener: (payload: ClientEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  off<K extends keyof ClientEvents>(event: K, listener: (payload: ClientEvents[K]) => void): void {
    this.events.off(event, listener);
  }

  /** Starts connecting (once); resolves when a connection is open, rejects if the client closes first. */
  connect(): Promise<void> {
    if (this.current === 'closed') return Promise.reject(new TribuneError(CLIENT_ERROR_CODES.CLOSED, 'the client is closed'));
    if (this.current === 'open') return Promise.resolve();
    const opened = handled(new Promise<void>((resolve, reject) => this.openWaiters.push({ resolve, reject })));
    if (this.current === 'idle') this.startAttempt();
    return opened;
  }

  /**
   * Joins `room` and keeps it joined across reconnects (rejoining with `since`). Resolves with the first
   * `joined`; rejects on `unknown_room` or when the join fails. `since`: the id of the last message the
   * application already has (e.g. kept over a page reload), so only later ones are given.
   */
  join(room: string, { since }: { since?: string } = {}): Promise<JoinedEvent> {
    if (this.current === 'closed') return Promise.reject(new TribuneError(CLIENT_ERROR_CODES.CLOSED, 'the client is closed', room));
    if (!ROOM_PATTERN.test(room)) return Promise.reject(new TribuneError(CLIENT_ERROR_CODES.INVALID_ARGUMENT, `bad room name ${JSON.stringify(room)}`, room));
    const known = this.rooms.get(room);
    if (known?.joined && known.last) return Promise.resolve(known.last);
    const state: RoomState = known ?? { seen: new SeenMessages(this.opts.seenPerRoom), joined: false, everJoined: false, last: null, waiters: [] };
    const joined = handled(new Promise<JoinedEvent>((resolve, reject) => state.waiters.push({ resolve, reject })));
    if (!known) {
      if (since) state.seen.lastId = since;
      this.rooms.set(room, state);
      this.joinQueue.push(room);
      this.pumpJoins();
    }
    return joined;
  }

  /** Leaves `room` (a pending `join()` of it rejects with `closed`). */
  leave(room: string): void {
    const state = this.rooms.get(room);
    if (!state) return;
    this.rooms.delete(room);
    this.joinQueue = this.joinQueue.filter((r) => r !== room);
    for (const w of state.waiters) w.reject(new TribuneError(CLIENT_ERROR_CODES.CLOSED, `left ${room}`, room));
    if (this.inflightJoin?.room === room) this.finishJoin();
    if (this.isOpen()) this.write({ type: 'leave', room });
  }

  /**
   * Sends `text` to a joined room. Resolves with the ack when the message was recorded and not refused
   * (`accepted`, `masked`, `held`, `shadowed`); rejects with a `SendRefusedError` (`blocked`/`rejected` and
   * the protocol's reason) or a `TribuneError`: `ack_timeout`, `disconnected` (the connection dropped before
   * the ack: the message may or may not have been recorded), `not_connected`, `read_only`, `not_joined`,
   * `rate_limited`, `invalid_argument`. Never resent by the SDK.
   */
  send(room: string, text: string): Promise<SendResult> {
    const refuse = (code: TribuneError['code'], message: string) => Promise.reject(new TribuneError(code, message, room));
    if (text.length === 0 || text.length > MAX_TEXT_LENGTH) return refuse(CLIENT_ERROR_CODES.INVALID_ARGUMENT, `text must be 1-${MAX_TEXT_LENGTH} characters`);
    if (!this.isOpen()) return refuse(CLIENT_ERROR_CODES.NOT_CONNECTED, 'not connected');
    if (!this.signedIn) return refuse(ERROR_CODES.READ_ONLY, 'guests cannot send: connect with a viewer token');
    if (!this.rooms.get(room)?.joined) return refuse(ERROR_CODES.NOT_JOINED, `join ${room} before sending to it`);
    if (this.pending.size >= this.opts.maxPendingSends) return refuse(ERROR_CODES.RATE_LIMITED, 'too many messages awaiting acknowledgement');
    const cid = `c${++this.cidSeq}-${Math.floor(this.random() * 2 ** 32).toString(36)}`;
    return new Promise<SendResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(cid);
        reject(new TribuneError(CLIENT_ERROR_CODES.ACK_TIMEOUT, `no ack within ${this.opts.ackTimeoutMs} ms: the message may or may not have been recorded`, room));
      }, this.opts.ackTimeoutMs);
      this.pending.set(cid, { room, resolve, reject, timer });
      this.write({ type: 'send', room, text, cid });
    });
  }

  /** Closes the connection for good: pending sends and joins reject with `closed`, no reconnect. */
  close(): void {
    if (this.current === 'closed') return;
    this.shutdown(new TribuneError(CLIENT_ERROR_CODES.CLOSED, 'the client was closed'));
  }

  // --- connection ---------------------------------------------------------------------------------

  private startAttempt(): void {
    this.attemptConnect().catch((err: unknown) => {
      // Not expected (every failure of an attempt is handled inside it); never leave the client stuck.
      this.emitError(new TribuneError(ERROR_CODES.INTERNAL, `connect attempt failed: ${describe(err)}`));
      this.scheduleReconnect({ code: 1006, reason: 'internal' });
    });
  }

  private async attemptConnect(): Promise<void> {
    const generation = ++this.generation;
    const url = this.urls[this.urlIndex % this.urls.length]!;
    this.setState('connecting', { url });
    let token: string | null;
    try {
      token = await this.tokens.current();
    } catch (err) {
      if (generation !== this.generation) return;
      this.emitError(new TribuneError(CLIENT_ERROR_CODES.TOKEN_FAILED, `the token callback failed: ${describe(err)}`));
      return this.scheduleReconnect({ code: 1006, reason: 'no token' });
    }
    if (generation !== this.generation) return;
    this.signedIn = token !== null;
    let ws: WebSocketLike;
    try {
      ws = new this.WebSocketClass(token ? `${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}` : url) as WebSocketLike;
    } catch (err) {
      // A malformed URL: the next one may be fine.
      this.emitError(new TribuneError(CLIENT_ERROR_CODES.INVALID_ARGUMENT, `cannot open ${url}: ${describe(err)}`));
      return this.scheduleReconnect({ code: 1006, reason: 'bad url' });
    }
    this.socket = ws;
    this.socketUrl = url;
    this.connectTimer = setTimeout(() => this.lost(ws, { code: 1006, reason: 'connect timeout' }), this.opts.connectTimeoutMs);
    ws.onopen = () => {
      if (this.socket !== ws) return;
      this.clearConnectTimer();
      this.openedAt = this.now();
      this.lastFrameAt = this.openedAt;
      this.setState('open', { url });
      for (const w of this.openWaiters.splice(0)) w.resolve();
      this.startPing(ws);
      this.joinQueue = [...this.rooms.keys()];
      this.pumpJoins();
    };
    ws.onmessage = (event) => {
      if (this.socket === ws) this.receive(event.data);
    };
    ws.onclose = (event) => this.lost(ws, { code: event.code, reason: event.reason });
    // An error event is always followed by a close event, which is where the client acts.
    ws.onerror = () => undefined;
  }

  /** The socket `ws` ended (closed, failed to open, or judged dead). */
  private lost(ws: WebSocketLike, close: { code: number; reason: string }): void {
    if (this.socket !== ws) return;
    this.detach(ws);
    // Judged dead by a timer (connect or pong timeout): make sure it cannot open or linger later.
    if (ws.readyState < 2) {
      try {
        ws.close(CLOSE_CODES.NORMAL, close.reason);
      } catch {
        // Already closing.
      }
    }
    if (this.current === 'open' && this.now() - this.openedAt >= STABLE_MS) this.attempt = 0;
    this.dropConnectionState();
    if (close.code === CLOSE_CODES.ORIGIN_NOT_ALLOWED) {
      return this.shutdown(new TribuneError(CLIENT_ERROR_CODES.ORIGIN_NOT_ALLOWED, `the node refused this page's Origin (${close.reason})`));
    }
    if (close.code === CLOSE_CODES.BAD_TOKEN) {
      if (!this.tokens.refreshable) return this.shutdown(new TribuneError(CLIENT_ERROR_CODES.BAD_TOKEN, `the node refused the token (${close.reason})`));
      this.tokens.invalidate();
      this.emitError(new TribuneError(CLIENT_ERROR_CODES.BAD_TOKEN, `the node refused the token (${close.reason}): fetching another`));
    }
    this.scheduleReconnect(close);
  }

  private scheduleReconnect(close: { code: number; reason: string }): void {
    if (this.current === 'closed') return;
    // Fail over: the next attempt goes to the next node of the list.
    this.urlIndex = (this.urlIndex + 1) % this.urls.length;
    const attempt = this.attempt++;
    const delayMs = backoffDelay(attempt, this.backoff, this.random);
    const generation = ++this.generation;
    this.setState('reconnecting', { close, delayMs, attempt });
    this.later(() => {
      if (generation === this.generation) this.startAttempt();
    }, delayMs);
  }

  /** What a connection held that does not outlive it: sends awaiting acks, the join in flight, liveness timers. */
  private dropConnectionState(closing?: TribuneError): void {
    this.clearConnectTimer();
    this.stopPing();
    for (const [cid, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(cid);
      const message = `${closing ? closing.message : 'the connection dropped'} before the ack: the message may or may not have been recorded`;
      p.reject(new TribuneError(closing?.code ?? CLIENT_ERROR_CODES.DISCONNECTED, message, p.room));
    }
    if (this.inflightJoin) clearTimeout(this.inflightJoin.timer);
    this.inflightJoin = null;
    this.joinQueue = [];
    for (const state of this.rooms.values()) state.joined = false;
  }

  private shutdown(reason: TribuneError): void {
    const ws = this.socket;
    if (ws) {
      this.detach(ws);
      try {
        ws.close(CLOSE_CODES.NORMAL, 'client closed');
      } catch {
        // Already closing.
      }
    }
    this.generation++;
    this.dropConnectionState(reason);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.tokens.stop();
    for (const [room, state] of this.rooms) {
      for (const w of state.waiters.splice(0)) w.reject(new TribuneError(reason.code, reason.message, room));
    }
    for (const w of this.openWaiters.splice(0)) w.reject(reason);
    this.setState('closed', {});
    if (reason.code !== CLIENT_ERROR_CODES.CLOSED) this.emitError(reason);
  }

  private detach(ws: WebSocketLike): void {
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    if (this.socket === ws) this.socket = null;
  }

  private isOpen(): boolean {
    return this.current === 'open' && this.socket?.readyState === OPEN;
  }

  private write(frame: ClientFrame): void {
    this.socket?.send(JSON.stringify(frame));
  }

  private setState(state: ConnectionState, change: Omit<StateChange, 'state' | 'previous'>): void {
    const previous = this.current;
    this.current = state;
    this.events.emit('state', { state, previous, ...change });
  }

  // --- liveness -----------------------------------------------------------------------------------

  /** Browsers do not expose protocol pings: an application `ping` after a quiet spell finds a dead link (no FIN). */
  private startPing(ws: WebSocketLike): void {
    const every = this.opts.pingIntervalMs;
    if (every <= 0) return;
    this.pingTimer = setInterval(() => {
      if (this.pongTimer || this.now() - this.lastFrameAt < every) return;
      this.write({ type: 'ping' });
      const sentAt = this.now();
      this.pongTimer = setTimeout(() => {
        this.pongTimer = null;
        if (this.lastFrameAt >= sentAt) return;
        this.lost(ws, { code: 1006, reason: 'no answer to ping' });
      }, this.opts.pongTimeoutMs);
    }, Math.max(50, Math.floor(every / 5)));
  }

  private stopPing(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    if (this.pongTimer) clearTimeout(this.pongTimer);
    this.pingTimer = this.pongTimer = null;
  }

  private clearConnectTimer(): void {
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.connectTimer = null;
  }

  private later(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  // --- rooms --------------------------------------------------------------------------------------

  /** Joins go one at a time, so an `error` about a join (`unknown_room`, `unavailable`) is known to be this one's. */
  private pumpJoins(): void {
    while (!this.inflightJoin && this.isOpen() && this.joinQueue.length > 0) {
      const room = this.joinQueue.shift()!;
      const state = this.rooms.get(room);
      if (!state || state.joined) continue;
      const since = state.seen.lastId;
      const timer = setTimeout(() => this.joinFailed(room, new TribuneError(CLIENT_ERROR_CODES.JOIN_TIMEOUT, `no answer to join ${room} within ${this.opts.joinTimeoutMs} ms`, room)), this.opts.joinTimeoutMs);
      this.inflightJoin = { room, timer };
      this.write(since ? { type: 'join', room, since } : { type: 'join', room });
    }
  }

  private finishJoin(): void {
    if (this.inflightJoin) clearTimeout(this.inflightJoin.timer);
    this.inflightJoin = null;
    this.pumpJoins();
  }

  /**
   * A first join that fails rejects `join()` and forgets the room; a rejoin is tried again after a backoff
   * (the room is wanted; `unknown_room` alone ends it, since the room is gone).
   */
  private joinFailed(room: string, err: TribuneError): void {
    const state = this.rooms.get(room);
    if (this.inflightJoin?.room === room) this.finishJoin();
    this.emitError(err);
    if (!state) return;
    if (!state.everJoined || err.code === ERROR_CODES.UNKNOWN_ROOM) {
      this.rooms.delete(room);
      for (const w of state.waiters.splice(0)) w.reject(err);
      return;
    }
    const generation = this.generation;
    this.later(() => {
      if (generation !== this.generation || this.rooms.get(room) !== state) return;
      this.joinQueue.push(room);
      this.pumpJoins();
    }, backoffDelay(2, this.backoff, this.random));
  }

  // --- frames -------------------------------------------------------------------------------------

  private receive(data: unknown): void {
    this.lastFrameAt = this.now();
    let frame: ServerFrame | undefined;
    try {
      frame = typeof data === 'string' ? this.validate(JSON.parse(data)) : undefined;
    } catch {
      frame = undefined;
    }
    if (!frame) {
      const sample = typeof data === 'string' ? data.slice(0, 120) : `a ${typeof data} frame`;
      return this.emitError(new TribuneError(CLIENT_ERROR_CODES.INVALID_FRAME, `unexpected frame from the node: ${sample}`));
    }
    const previousType = this.lastFrameType;
    this.lastFrameType = frame.type;
    switch (frame.type) {
      case 'joined':
        return this.onJoined(frame);
      case 'message': {
        const { type: _type, ...message } = frame;
        return this.deliver(frame.room, [message], 'live');
      }
      case 'messages':
        return this.deliver(
          frame.room,
          frame.messages.map((m) => ({ room: frame.room, ...m })),
          'live',
        );
      case 'ack':
        return this.onAck(frame);
      case 'deleted':
        if (this.rooms.has(frame.room)) this.events.emit('deleted', { room: frame.room, id: frame.id });
        return;
      case 'notice':
        if (this.rooms.has(frame.room)) this.events.emit('notice', { room: frame.room, text: frame.text });
        return;
      case 'error':
        return this.onError(frame, previousType);
      case 'pong':
        return;
    }
  }

  private onJoined(frame: Extract<ServerFrame, { type: 'joined' }>): void {
    const state = this.rooms.get(frame.room);
    if (this.inflightJoin?.room === frame.room) this.finishJoin();
    if (!state) return;
    state.joined = true;
    // `history` is newest first; the application gets it oldest first, without what it has already.
    const fresh = [...frame.history].reverse().filter((m) => state.seen.add(m.id));
    const joined: JoinedEvent = { room: frame.room, viewers: frame.viewers, recovered: frame.recovered, rejoin: state.everJoined, history: fresh, url: this.socketUrl };
    state.everJoined = true;
    state.last = joined;
    this.events.emit('joined', joined);
    this.events.emit('viewers', { room: frame.room, viewers: frame.viewers });
    if (fresh.length > 0) this.emitMessages(frame.room, fresh, 'history');
    for (const w of state.waiters.splice(0)) w.resolve(joined);
  }

  private deliver(room: string, messages: ChatMessage[], source: MessagesEvent['source']): void {
    const state = this.rooms.get(room);
    if (!state) return;
    const fresh = messages.filter((m) => state.seen.add(m.id));
    if (fresh.length > 0) this.emitMessages(room, fresh, source);
  }

  private emitMessages(room: string, messages: ChatMessage[], source: MessagesEvent['source']): void {
    this.events.emit('messages', { room, messages, source });
    for (const m of messages) this.events.emit('message', m);
  }

  private onAck(frame: Extract<ServerFrame, { type: 'ack' }>): void {
    const pending = this.pending.get(frame.cid);
    if (!pending) return;
    this.pending.delete(frame.cid);
    clearTimeout(pending.timer);
    const { status } = frame;
    if (status === 'blocked' || status === 'rejected') pending.reject(new SendRefusedError(pending.room, frame.cid, frame.id, status, frame.reason));
    else pending.resolve({ cid: frame.cid, id: frame.id, status, ...(frame.reason === undefined ? {} : { reason: frame.reason }) });
  }

  private onError(frame: Extract<ServerFrame, { type: 'error' }>, previousType: ServerFrame['type'] | null): void {
    const join = this.inflightJoin?.room;
    // Only a join is answered `unknown_room`; `unavailable` is a send's when it follows that send's ack, else the join's.
    const aboutJoin = join !== undefined && (frame.code === ERROR_CODES.UNKNOWN_ROOM || (frame.code === ERROR_CODES.UNAVAILABLE && previousType !== 'ack'));
    const err = new TribuneError(frame.code as TribuneError['code'], frame.message, aboutJoin ? join : undefined);
    if (aboutJoin) return this.joinFailed(join, err);
    this.emitError(err);
  }

  private emitError(err: TribuneError): void {
    this.events.emit('error', err);
  }
}

/**
 * Marks a promise the caller may ignore (`void client.connect()`) as handled, so `close()` does not raise an
 * unhandled rejection; whoever awaits it still gets the rejection.
 */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
