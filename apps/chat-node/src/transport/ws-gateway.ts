import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CLOSE_CODES, type ClientFrame } from '@tribune/contracts';
import type { Logger } from '@tribune/service-kit';
import { AuthError, type Identity, type TokenVerifier } from '../auth/viewer-token';
import type { ChatMetrics } from '../metrics';
import { ConnectionLimiter } from './connection-limits';
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
    options.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => void this.onUpgrade(req, socket, head));
    this.pingTimer = setInterval(() => this.pingAll(), options.pingIntervalMs ?? 30_000);
    this.pingTimer.unref();
  }

  get connectionCount(): number {
    return this.sockets.size;
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

  private async onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://node');
    if (url.pathname !== this.options.path) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (!this.accepting) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
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
    let identity: Identity;
    try {
      identity = await this.options.verifier.identify(url.searchParams.get('token'));
    } catch (err) {
      this.limiter.release(ip);
      if (err instanceof AuthError) return this.refuse(req, socket, head, CLOSE_CODES.BAD_TOKEN, 'bad_token', `bad token: ${err.reason}`);
      this.log.error({ err }, 'token_verification_failed');
      socket.destroy();
      return;
    }
    if (socket.destroyed) {
      this.limiter.release(ip);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, identity, ip));
  }

  private refuse(req: IncomingMessage, socket: Duplex, head: Buffer, code: number, metricReason: string, why: string): void {
    this.options.metrics.connectionsRefused.inc({ reason: metricReason });
    this.log.debug({ ip: req.socket.remoteAddress, reason: metricReason }, 'connection_refused');
    // Each refusal holds a file descriptor until its close completes; under a flood of them
    // (a full node, a reconnect storm) fall back to a bare HTTP 503 so refusals cannot eat the fd budget.
    if (this.refusing >= MAX_REFUSALS_IN_FLIGHT) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.refusing += 1;
    // The raw socket's close fires however the refusal ends (closed, terminated, or never upgraded).
    socket.once('close', () => (this.refusing -= 1));
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const timer = setTimeout(() => ws.terminate(), 1000);
      timer.unref();
      ws.once('close', () => clearTimeout(timer));
      ws.close(code, reason(why));
    });
  }

  private accept(ws: WebSocket, identity: Identity, ip: string): void {
    const { metrics, handler } = this.options;
    const session = new WsSession(ws, identity, ip, this.options.maxBufferedBytes, metrics, this.log);
    this.sockets.set(ws, session);
    metrics.connections.inc({ kind: identity.kind });
    ws.on('pong', () => (session.alive = true));
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const decoded = decodeClientFrame(data, isBinary);
      if (!decoded.ok) {
        metrics.framesIn.inc({ type: 'invalid' });
        session.send({ type: 'error', code: decoded.error.code, message: decoded.error.message });
        return;
      }
      metrics.framesIn.inc({ type: decoded.frame.type });
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
      this.limiter.release(ip);
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
