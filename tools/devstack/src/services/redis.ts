import { createConnection } from 'node:net';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startProcess, waitUntil, type ManagedProcess, type StdioOptionsLike } from '../process/child-process';

export class RedisSetupError extends Error {
  constructor(
    readonly code: 'REDIS_UNAVAILABLE',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RedisSetupError';
  }
}

/** Sends `PING` over a raw connection; true on `+PONG` (or an auth challenge: a Redis is there). */
export function redisPing(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host, port });
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => finish(/^(\+PONG|-NOAUTH)/.test(data.toString())));
    socket.once('error', () => finish(false));
  });
}

export interface RedisHandle {
  url: string;
  stop(): Promise<void>;
}

export interface RedisServerOptions {
  host?: string;
  port: number;
  dataDir: string;
  /** `false`: nothing on disk (`--save '' --appendonly no`), so a SIGKILL loses every key, as a cache-only Redis does. */
  persist?: boolean;
  stdio?: StdioOptionsLike;
  onSpawn?: (proc: ManagedProcess) => void;
}

export interface RedisServerHandle extends RedisHandle {
  process: ManagedProcess;
}

/** Runs `redis-server` from the system's binaries on `port` (its own process group) and waits for `PING`. */
export async function startRedisServer({ host = '127.0.0.1', port, dataDir, persist = true, stdio, onSpawn }: RedisServerOptions): Promise<RedisServerHandle> {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const save = persist ? '60 1' : '';
  const proc = startProcess('redis', 'redis-server', ['--port', String(port), '--bind', host, '--dir', dir, '--save', save, '--appendonly', 'no', '--loglevel', 'warning'], { stdio: stdio ?? ['ignore', 'inherit', 'inherit'], detached: true });
  onSpawn?.(proc);
  try {
    await waitUntil('redis', () => redisPing(host, port), { process: proc, timeoutMs: 15_000 });
  } catch (err) {
    await proc.stop(2000);
    const missing = (await proc.exited) === 'spawn_failed';
    throw new RedisSetupError('REDIS_UNAVAILABLE', missing ? `no Redis answers on ${host}:${port} and redis-server is not installed: install it (Debian: apt-get install -y redis-server) or set REDIS_URL` : `could not start redis-server: ${String(err)}`, { cause: err });
  }
  return { url: `redis://${host}:${port}`, process: proc, stop: () => proc.stop(10_000) };
}

/** Uses the Redis at `url` when it answers; otherwise (local default only) runs `redis-server` under `dataDir`. */
export async function ensureRedis({ url, dataDir, explicit, stdio, onSpawn }: { url: string; dataDir: string; explicit: boolean; stdio?: StdioOptionsLike; onSpawn?: (proc: ManagedProcess) => void }): Promise<RedisHandle> {
  const u = new URL(url);
  const host = u.hostname;
  const port = Number(u.port || 6379);
  if (await redisPing(host, port)) return { url, stop: async () => undefined };
  if (explicit || !['127.0.0.1', 'localhost'].includes(host)) throw new RedisSetupError('REDIS_UNAVAILABLE', `Redis at ${host}:${port} (REDIS_URL) does not answer`);
  const handle = await startRedisServer({ host, port, dataDir, stdio, onSpawn });
  return { url, stop: handle.stop };
}
