import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePorts, httpOk, waitFor } from '@tribune/devstack/testing';
import type { Dialect } from '../worker/dialect';
import type { BenchSystem } from './bench-system';

const RAW = fileURLToPath(new URL('../peers/raw-broadcast-server.ts', import.meta.url));
const SOCKET_IO = fileURLToPath(new URL('../peers/socketio-server.ts', import.meta.url));

/** Two raw `ws` + Redis broadcast servers (the ceiling peer) on the bench's Redis. */
export function startRawPeer(name: string, redisUrl: string): Promise<BenchSystem> {
  return startPeer(name, RAW, { REDIS_URL: redisUrl, RAW_PREFIX: `raw-bench-${process.pid}` }, (p) => `ws://127.0.0.1:${p}/ws`, 'tribune');
}

/** Two Socket.IO 4 servers with rooms and the Redis adapter (what many teams would pick) on the bench's Redis. */
export function startSocketIoPeer(name: string, redisUrl: string): Promise<BenchSystem> {
  return startPeer(name, SOCKET_IO, { REDIS_URL: redisUrl, SIO_PREFIX: `sio-bench-${process.pid}` }, (p) => `ws://127.0.0.1:${p}/socket.io/?EIO=4&transport=websocket`, 'socketio');
}

async function startPeer(name: string, server: string, env: Record<string, string>, urlOf: (port: number) => string, dialect: Dialect): Promise<BenchSystem> {
  const ports = await freePorts(2);
  const children = ports.map((port) => spawn(process.execPath, ['--import', 'tsx', server], { env: { ...process.env, ...env, PORT: String(port) }, stdio: 'inherit' }));
  for (const port of ports) await waitFor(`${name} peer on ${port}`, () => httpOk(`http://127.0.0.1:${port}/healthz`), 30_000, 100);
  const urls = ports.map(urlOf);
  return {
    name,
    dialect,
    urls,
    pids: children.map((c) => c.pid ?? 0),
    senderUrl: async (index = 0) => urls[index % urls.length]!,
    deliveryCounters: async () => null,
    async stop() {
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null || c.signalCode !== null) return resolve();
              c.once('exit', () => resolve());
              c.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
