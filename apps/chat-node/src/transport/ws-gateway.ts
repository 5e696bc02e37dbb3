import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CLOSE_CODES, ERROR_CODES, type ClientFrame } from '@tribune/contracts';
import { parseRequestUrl, rawHttpResponse, type Logger } from '@tribune/service-kit';
import { AuthError, type Identity, type TokenVerifier } from '../auth/viewer-token';
import type { ChatMetrics } from '../metrics';
import { ConnectionLimiter } from './connection-limits';
import { DEFAULT_FRAME_BUDGET, FrameBudget, type FrameBudgetLimits } from './frame-budget';
import { decodeClientFrame } from './frame-codec';
import { isOriginAllowed } from './origin-policy';
import type { Session } from './session';
import { closeReason as reason, WsSession } from './ws-session';

/** Connections being closed right after their handshake (refused) at once, at most. */
const MAX_REFUSALS_IN_FLIGHT = 256;

/** What the node does with connections; the gateway only moves frames. */
export interface ConnectionHandler {
  opened(session: Session): void;
  frame(session: Session, frame: ClientFrame): void;
  closed(session: Session): void;
}

export interface GatewayOptions {
  server: Server;
  path: string;
  allowedOrigins: string[];
  maxConnections: number;
  maxConnectionsPerIp: number;
  maxPayloadBytes: number;
  maxBufferedBytes: number;
  /** What one connection may send (defaults: DEFAULT_FRAME_BUDGET). */
  frameBudget?: FrameBudgetLimits;
  /** Interval of protocol-level pings; a socket that did not answer the previous one is dropped. */
  pingIntervalMs?: number;
  verifier: TokenVerifier;
  handler: ConnectionHandler;
  logger: Logger;
  metrics: ChatMetrics;
}

/**
 * The WebSocket endpoint on the node's HTTP server: admission (origin, caps, token), frame
 * decoding and encoding, slow-reader and dead-peer protection. A refused connection is upgraded
 * and then closed with a code and reason, so a browser client can tell why.
 */
export class WsGateway {
  private readonly wss: WebSocketServer;
  private readonly limiter: ConnectionLimiter;
  private readonly sockets = new Map<WebSocket, WsSession>();
  private readonly log: Logger;
  private readonly pingTimer: NodeJS.Timeout;
  private accepting = true;
  private refusing = 0;

  constructor(private readonly options: GatewayOptions) {
    this.log = options.logger.child({ module: 'ws_gateway' });
    this.limiter = new ConnectionLimiter(options.maxConnections, options.maxConnectionsPerIp);
    this.wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes, perMessageDeflate: false, clientTracking: false });
    options.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
    this.pingTimer = setInterval(() => this.pingAll(), options.pingIntervalMs ?? 30_000);
    this.pingTimer.unref();
  }

  get connectionCount(): number {
    return this.sockets.size;
  }

  /** Connection slots held (open sockets and handshakes in progress): 0 when nobody is connected. */
  get slotsHeld(): number {
    return this.limiter.open;
  }

  /** Stops admitting and closes every socket with the given code (graceful shutdown). */
  async closeAll(code: number, why: string, graceMs = 2000): Promise<void> {
    this.accepting = false;
    clearInterval(this.pingTimer);
    const closing = [...this.sockets.keys()].map(
      (ws) =>
        new Promise<void>((resolve) => {
          ws.once('close', () => resolve());
          ws.close(code, reason(why));
        }),
    );
    await Promise.race([Promise.all(closing), new Promise((r) => setTimeout(r, graceMs).unref())]);
    for (const ws of this.sockets.keys()) ws.terminate();
    this.wss.close();
  }

  /**
   * Every upgrade request ends here, whatever a client put in it: an error anywhere in the admission answers
   * that one request (500 and the socket closed) and is counted, never left to reject unhandled.
   */
  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // A socket error before the handshake completes (a reset mid-request) is that client's problem only. A method,
    // not an arrow: this listener lives as long as the socket, and an arrow would keep this function's scope — the
    // upgrade request, its headers — alive with it (~2.5 KB per idle connection, seen in a heap snapshot).
    socket.on('error', this.onUpgradeSocketError);
    const target = req.url?.slice(0, 200);
    this.onUpgrade(req, socket, head).catch((err: unknown) => {
      this.options.metrics.connectionsRefused.inc({ reason: 'internal' });
      this.log.error({ err, target }, 'upgrade_failed');
      this.endRaw(socket, rawHttpResponse(500, 'internal error'));
    });
  }

  private readonly onUpgradeSocketError = (err: Error): void => this.log.debug({ err: err.message }, 'upgrade_socket_error');

  private endRaw(socket: Duplex, response: string): void {
    if (socket.destroyed) return;
    if (socket.writable) socket.end(response);
    else socket.destroy();
  }

  private async onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = parseRequestUrl(req.url);
    if (!url) {
      this.options.metrics.connectionsRefused.inc({ reason: 'bad_request' });
      this.endRaw(socket, rawHttpResponse(400, 'bad request target'));
      return;
    }
    if (url.pathname !== this.options.path) {
      this.endRaw(socket, rawHttpResponse(404, `no WebSocket endpoint at ${url.pathname.slice(0, 100)}; use ${this.options.path}`));
      return;
    }
    if (!this.accepting) {
      this.endRaw(socket, rawHttpResponse(503, 'node shutting down'));
      return;
    }
    const ip = req.socket.remoteAddress ?? 'unknown';
    if (!isOriginAllowed(req.headers.origin, this.options.allowedOrigins)) {
      return this.refuse(req, socket, head, CLOSE_CODES.ORIGIN_NOT_ALLOWED, 'origin_not_allowed', 'origin not allowed');
    }
    const admitted = this.limiter.tryAcquire(ip);
    if (!admitted.ok) {
      const why = admitted.reason === 'node_full' ? 'node is full, try another node' : 'too many connections from this address';
      return this.refuse(req, socket, head, CLOSE_CODES.TOO_MANY_CONNECTIONS, admitted.reason, why);
    }
    this.options.metrics.connectionSlots.set(this.limiter.open);
    // The slot is released exactly once, however the attempt ends: refused, aborted by ws (a bad
    // Sec-WebSocket-Key never reaches our callback), the peer gone mid-handshake, or the socket's close.
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.limiter.release(ip);
      this.options.metrics.connectionSlots.set(this.limiter.open);
    };
    let accepted = false;
    socket.once('close', () => accepted || release());
    if (socket.destroyed) return release();
    let identity: Identity;
    try {
      identity = await this.options.verifier.identify(url.searchParams.get('token'));
    } catch (err) {
      release();
      if (err instanceof AuthError) return this.refuse(req, socket, head, CLOSE_CODES.BAD_TOKEN, 'bad_token', `bad token: ${err.reason}`);
      throw err;
    }
    if (socket.destroyed) return release();
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      accepted = true;
      this.accept(ws, identity, ip, release);
    });
  }

  private refuse(req: IncomingMessage, socket: Duplex, head: Buffer, code: number, metricReason: string, why: string): void {
    this.options.metrics.connectionsRefused.inc({ reason: metricReason });
    this.log.debug({ ip: req.socket.remoteAddress, reason: metricReason }, 'connection_refused');
    // Each refusal holds a file descriptor until its close completes; under a flood of them
    // (a full node, a reconnect storm) fall back to a bare HTTP 503 so refusals cannot eat the fd budget.
    if (this.refusing >= MAX_REFUSALS_IN_FLIGHT) {
      this.endRaw(socket, rawHttpResponse(503, why));
      return;
    }
    this.refusing += 1;
    // The raw socket's close fires however the refusal ends (closed, terminated, or never upgraded).
    socket.once('close', () => (this.refusing -= 1));
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      // The refused client may still send frames (bad ones too) before it reads the close: a WebSocket's
      // 'error' with no listener is an uncaught exception, which would take the whole node down.
      ws.on('error', (err) => this.log.debug({ err: err.message, reason: metricReason }, 'refused_socket_error'));
      const timer = setTimeout(() => ws.terminate(), 1000);
      timer.unref();
      ws.once('close', () => clearTimeout(timer));
      ws.close(code, reason(why));
    });
  }

  private accept(ws: WebSocket, identity: Identity, ip: string, release: () => void): void {
    const { metrics, handler } = this.options;
    const session = new WsSession(ws, identity, ip, this.options.maxBufferedBytes, metrics, this.log);
    this.sockets.set(ws, session);
    metrics.connections.inc({ kind: identity.kind });
    ws.on('pong', () => (session.alive = true));
    const budget = new FrameBudget(this.options.frameBudget ?? DEFAULT_FRAME_BUDGET);
    let closing = false;
    /** False when the frame is over budget (refused, or the connection closed for flooding). */
    const admit = (kind: string | null): boolean => {
      if (closing) return false;
      const verdict = kind === null ? budget.chargeFrame() : budget.chargeKind(kind);
      if (verdict === 'ok') return true;
      metrics.framesRefused.inc({ verdict });
      if (verdict === 'close') {
        closing = true;
        metrics.disconnects.inc({ reason: 'rate_limited' });
        ws.close(CLOSE_CODES.RATE_LIMITED, reason(kind === 'invalid' ? 'too many invalid frames' : 'too many frames, slow down'));
      } else if (budget.shouldNotify()) {
        session.send({ type: 'error', code: ERROR_CODES.RATE_LIMITED, message: 'too many frames: some were dropped, slow down' });
      }
      return false;
    };
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (!admit(null)) return;
      const decoded = decodeClientFrame(data, isBinary);
      if (!decoded.ok) {
        metrics.framesIn.inc({ type: 'invalid' });
        if (!admit('invalid')) return;
        session.send({ type: 'error', code: decoded.error.code, message: decoded.error.message });
        return;
      }
      metrics.framesIn.inc({ type: decoded.frame.type });
      if (!admit(decoded.frame.type)) return;
      try {
        handler.frame(session, decoded.frame);
      } catch (err) {
        this.log.error({ err, session: session.id }, 'frame_handler_failed');
        session.send({ type: 'error', code: 'internal', message: 'internal error' });
      }
    });
    ws.on('error', (err) => this.log.debug({ err: err.message, session: session.id }, 'socket_error'));
    ws.once('close', (code: number) => {
      this.sockets.delete(ws);
      release();
      metrics.connections.dec({ kind: identity.kind });
      if (code === CLOSE_CODES.TOO_BIG) metrics.disconnects.inc({ reason: 'too_big' });
      handler.closed(session);
    });
    handler.opened(session);
  }

  private pingAll(): void {
    for (const [ws, session] of this.sockets) {
      if (!session.alive) {
        this.options.metrics.disconnects.inc({ reason: 'no_pong' });
        ws.terminate();
        continue;
      }
      session.alive = false;
      ws.ping();
    }
  }
}
