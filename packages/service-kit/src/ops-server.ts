import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { collectDefaultMetrics, Registry } from 'prom-client';

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
  fallback?: (req: IncomingMessage, res: ServerResponse) => void;
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
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (req.method === 'GET' && path === '/readyz') {
      void runChecks(checks).then((failures) => {
        const ok = Object.keys(failures).length === 0;
        const body = { status: ok ? 'ready' : 'not_ready', failures, ...(details.length > 0 ? { details: Object.fromEntries(details.map((d) => [d.name, d.describe()])) } : {}) };
        res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
      return;
    }
    if (req.method === 'GET' && path === '/metrics') {
      void registry.metrics().then((text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text));
      return;
    }
    if (fallback) return fallback(req, res);
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
  });
}

export function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
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
