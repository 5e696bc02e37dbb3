import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { startProcess, waitUntil, type ManagedProcess, type StdioOptionsLike } from '../process/child-process';
import { redisPing, RedisSetupError } from './redis';

export interface RedisClusterOptions {
  host?: string;
  /** One master per port (3 for the test cluster); no replicas. */
  ports: number[];
  /** Each master keeps its `nodes.conf` under `<dataDir>/<port>`. */
  dataDir: string;
  stdio?: StdioOptionsLike;
  onSpawn?: (proc: ManagedProcess) => void;
}

export interface RedisClusterHandle {
  nodes: { host: string; port: number }[];
  /** The seeds as a chat node's `REDIS_URL` takes them with `REDIS_CLUSTER=1`. */
  url: string;
  processes: ManagedProcess[];
  /** Which master (`host:port`) serves a key's or shard channel's slot, as the cluster says now. */
  masterOf(key: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A real Redis Cluster from the system's `redis-server` (cluster mode, nothing on disk but `nodes.conf`): one
 * process per port, joined by `redis-cli --cluster create … --cluster-replicas 0 --cluster-yes`, ready when every
 * master reports `cluster_state:ok`. Only what asks for it starts one (the chat-node cluster suite, the test stack
 * with `TEST_REDIS_CLUSTER=1`).
 */
export async function startRedisCluster({ host = '127.0.0.1', ports, dataDir, stdio = ['ignore', 'ignore', 'inherit'], onSpawn }: RedisClusterOptions): Promise<RedisClusterHandle> {
  if (ports.length < 3) throw new RedisSetupError('REDIS_UNAVAILABLE', `a Redis Cluster needs at least 3 masters, got ${ports.length} ports`);
  const processes: ManagedProcess[] = [];
  const stop = async () => {
    await Promise.all(processes.map((p) => p.stop(5_000)));
  };
  try {
    for (const port of ports) {
      const dir = resolve(dataDir, String(port));
      mkdirSync(dir, { recursive: true });
      const args = ['--port', String(port), '--bind', host, '--dir', dir, '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '5000', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'];
      const proc = startProcess(`redis-cluster-${port}`, 'redis-server', args, { stdio, detached: true });
      processes.push(proc);
      onSpawn?.(proc);
    }
    for (const [i, port] of ports.entries()) await waitUntil(`redis cluster node ${port}`, () => redisPing(host, port), { process: processes[i], timeoutMs: 15_000 });
    const create = startProcess('redis-cli --cluster create', 'redis-cli', ['--cluster', 'create', ...ports.map((p) => `${host}:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { stdio: ['ignore', 'ignore', 'inherit'] });
    const code = await create.exited;
    if (code !== 0) throw new Error(`redis-cli --cluster create exited ${code}`);
    await waitUntil('redis cluster state ok', async () => (await Promise.all(ports.map((port) => clusterOk(host, port)))).every(Boolean), { timeoutMs: 30_000 });
  } catch (err) {
    await stop();
    throw err instanceof RedisSetupError ? err : new RedisSetupError('REDIS_UNAVAILABLE', `could not start a Redis Cluster on ${ports.join(', ')}: ${String(err)}`, { cause: err });
  }
  const nodes = ports.map((port) => ({ host, port }));
  return {
    nodes,
    url: nodes.map((n) => `redis://${n.host}:${n.port}`).join(','),
    processes,
    masterOf: (key) => masterOf(host, ports[0]!, key),
    stop,
  };
}

async function clusterOk(host: string, port: number): Promise<boolean> {
  const redis = new Redis({ host, port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    const info = (await redis.call('CLUSTER', 'INFO')) as string;
    // Every slot assigned and this node agrees: the cluster takes commands.
    return /cluster_state:ok/.test(info) && /cluster_slots_assigned:16384/.test(info);
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

async function masterOf(host: string, port: number, key: string): Promise<string> {
  const redis = new Redis({ host, port, lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const slot = (await redis.call('CLUSTER', 'KEYSLOT', key)) as number;
    const ranges = (await redis.call('CLUSTER', 'SLOTS')) as [number, number, [string, number, ...unknown[]], ...unknown[]][];
    const range = ranges.find(([from, to]) => slot >= from && slot <= to);
    if (!range) throw new Error(`slot ${slot} of ${key} is not served`);
    return `${range[2][0]}:${range[2][1]}`;
  } finally {
    redis.disconnect();
  }
}
