import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { parseRequestUrl, rawHttpResponse } from './request-url';

export type ReadinessCheck = { name: string; check: () => Promise<void> };
/** A state worth reading on `/readyz` that does not make the process unready (e.g. running degraded). */
export type ReadinessDetail = { name: string; describe: () => string };

export interface OpsServerOptions {
  host: string;
  port: number;
  registry: Registry;
  checks: ReadinessCheck[];
  /** Shown under `details` in the `/readyz` body, whatever the status. */
  details?: ReadinessDetail[];
  /** Extra routes (e.g. a chat-node's WebSocket upgrade shares this server). */
  fallback?: (req: IncomingMessage, res: ServerResponse, url: URL) => void;
}

/** A metrics registry with the process defaults (memory, event-loop lag, fds) registered. */
export function createMetricsRegistry(prefix: string): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix });
  return registry;
}

/** Runs every readiness check with a timeout; returns the failures by name. */
export async function runChecks(checks: ReadinessCheck[], timeoutMs = 2000): Promise<Record<string, string>> {
  const failures: Record<string, string> = {};
  await Promise.all(
    checks.map(async ({ name, check }) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          check(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
      } catch (err) {
        failures[name] = err instanceof Error ? err.message : String(err);
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return failures;
}

/** `GET /healthz` (process alive), `GET /readyz` (dependencies reachable), `GET /metrics` (Prometheus). */
export function createOpsServer({ registry, checks, details = [], fallback }: Omit<OpsServerOptions, 'host' | 'port'>): Server {
  const failed = (res: ServerResponse, err: unknown) => {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'internal', message: err instanceof Error ? err.message : String(err) }));
  };
  const server = createServer((req, res) => {
    const url = parseRequestUrl(req.url);
    if (!url) {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"bad_request_target"}');
      return;
    }
    const path = url.pathname;
    if (req.method === 'GET' && path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (req.method === 'GET' && path === '/readyz') {
      runChecks(checks)
        .then((failures) => {
          const ok = Object.keys(failures).length === 0;
          const body = { status: ok ? 'ready' : 'not_ready', failures, ...(details.length > 0 ? { details: Object.fromEntries(details.map((d) => [d.name, d.describe()])) } : {}) };
          res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        })
        .catch((err: unknown) => failed(res, err));
      return;
    }
    if (req.method === 'GET' && path === '/metrics') {
      registry
        .metrics()
        .then((text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text))
        .catch((err: unknown) => failed(res, err));
      return;
    }
    if (fallback) {
      // A throwing route answers 500 instead of becoming an uncaught exception that takes the process down.
      try {
        return fallback(req, res, url);
      } catch (err) {
        return failed(res, err);
      }
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
  });
  // Without a listener Node drops a CONNECT request's socket with no answer: say it is not a proxy.
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    socket.end(rawHttpResponse(405, 'CONNECT is not supported'));
  });
  return server;
}

/**
 * Listens on `host:port`. `backlog`: connections the kernel queues while the process has not accepted them yet
 * (Node's default 511; the kernel caps it at `net.core.somaxconn`): a reconnect storm on a busy event loop overflows
 * a short queue, and the clients it drops see ECONNRESET.
 */
export function listen(server: Server, host: string, port: number, backlog?: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, ...(backlog === undefined ? {} : { backlog }) }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}
