import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePorts, httpOk, waitFor } from '@tribune/devstack/testing';
import type { BenchSystem } from './bench-system';

const SERVER = fileURLToPath(new URL('../peers/raw-broadcast-server.ts', import.meta.url));

/** Two raw `ws` + Redis broadcast servers (the ceiling peer) on the bench's Redis. */
export async function startRawPeer(name: string, redisUrl: string): Promise<BenchSystem> {
  const ports = await freePorts(2);
  const prefix = `raw-bench-${process.pid}`;
  const children = ports.map((port) =>
    spawn(process.execPath, ['--import', 'tsx', SERVER], { env: { ...process.env, PORT: String(port), REDIS_URL: redisUrl, RAW_PREFIX: prefix }, stdio: 'inherit' }),
  );
  for (const port of ports) await waitFor(`raw peer on ${port}`, () => httpOk(`http://127.0.0.1:${port}/healthz`), 30_000, 100);
  const urls = ports.map((p) => `ws://127.0.0.1:${p}/ws`);
  return {
    name,
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
