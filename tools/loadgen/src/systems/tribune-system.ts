import { signViewerToken } from '@tribune/contracts';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePorts, httpOk, waitFor } from '@tribune/devstack/testing';
import type { BenchSystem, DeliveryCounters } from './bench-system';

const CHAT_NODE = fileURLToPath(new URL('../../../../apps/chat-node/', import.meta.url));

export interface TribuneOptions {
  /** Extra node environment (e.g. the overload policy's rate). */
  env?: Record<string, string>;
  /** When set, each node writes a V8 CPU profile here as it stops (`node --cpu-prof`). */
  cpuProfDir?: string;
}

/** Two real chat nodes (`apps/chat-node`, `tsx src/main.ts` as `npm start` runs it) on the bench's Kafka and Redis. */
export async function startTribune(name: string, stackEnv: Record<string, string>, options: TribuneOptions = {}): Promise<BenchSystem> {
  const ports = await freePorts(2);
  const redisPrefix = `${stackEnv.REDIS_PREFIX ?? 'tribune-bench'}-${name}-${process.pid}`;
  const profile = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [];
  const nodes: ChildProcess[] = ports.map((port, i) =>
    spawn(process.execPath, [...profile, '--import', 'tsx', 'src/main.ts'], {
      cwd: CHAT_NODE,
      env: { ...process.env, ...stackEnv, REDIS_PREFIX: redisPrefix, RULES_REQUIRE_SNAPSHOT: '0', NODE_ID: `bench-${i}`, PORT: String(port), LOG_LEVEL: 'warn', LOG_PRETTY: '0', ...options.env },
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  // Their logs go to the bench's stderr: stdout is the table.
  for (const n of nodes) n.stdout?.pipe(process.stderr);
  const system: BenchSystem = {
    name,
    urls: ports.map((p) => `ws://127.0.0.1:${p}/ws`),
    pids: nodes.map((n) => n.pid ?? 0),
    async senderUrl(index = 0, roles: string[] = []) {
      const { token } = await signViewerToken({ sub: `bench-sender-${index}`, name: `sender ${index}`, roles }, { key: { kid: null, secret: stackEnv.CHAT_TOKEN_SECRET ?? '' }, ttlSeconds: 2 * 3600 });
      return `${system.urls[index % system.urls.length]}?token=${token}`;
    },
    async deliveryCounters() {
      const texts = await Promise.all(ports.map(async (p) => (await fetch(`http://127.0.0.1:${p}/metrics`)).text()));
      const sum = (series: string) => texts.reduce((n, text) => n + (Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]) || 0), 0);
      const counters: DeliveryCounters = {
        deliveries: sum('tribune_chat_node_deliveries_total'),
        sampledOut: sum('tribune_chat_node_deliveries_sampled_out_total'),
        batches: sum('tribune_chat_node_delivery_batch_messages_count'),
        slowReaderCuts: sum('tribune_chat_node_disconnects_total{reason="slow_reader"}'),
      };
      return counters;
    },
    async stop() {
      await Promise.all(
        nodes.map(
          (n) =>
            new Promise<void>((resolve) => {
              if (n.exitCode !== null || n.signalCode !== null) return resolve();
              const hard = setTimeout(() => n.kill('SIGKILL'), 20_000);
              n.once('exit', () => {
                clearTimeout(hard);
                resolve();
              });
              n.kill('SIGTERM');
            }),
        ),
      );
    },
  };
  try {
    for (const port of ports) await waitFor(`chat node on ${port} ready`, () => httpOk(`http://127.0.0.1:${port}/readyz`), 60_000, 200);
  } catch (err) {
    await system.stop();
    throw err;
  }
  return system;
}
