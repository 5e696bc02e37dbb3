import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const READY = 'TRIBUNE_TEST_STACK_READY ';

export interface BenchStack {
  env: Record<string, string>;
  /** True when the bench started the stack itself (and stops it). */
  owned: boolean;
  stop(): Promise<void>;
}

/**
 * The real services for a run: the ones described by the environment when it names them
 * (KAFKA_BROKERS, REDIS_URL, CHAT_TOKEN_SECRET — e.g. a test stack already up), else the project's
 * isolated test stack started for the run on its own ports and data directory (`BENCH_*` overrides).
 */
export async function benchStack(log: (line: string) => void): Promise<BenchStack> {
  const env = process.env;
  if (env.KAFKA_BROKERS && env.REDIS_URL && env.CHAT_TOKEN_SECRET) {
    const pick = ['KAFKA_BROKERS', 'KAFKA_TOPIC_PREFIX', 'REDIS_URL', 'REDIS_PREFIX', 'CHAT_TOKEN_SECRET', 'REDIS_CLUSTER_URL'] as const;
    return { env: Object.fromEntries(pick.filter((k) => env[k]).map((k) => [k, env[k]!])), owned: false, stop: async () => undefined };
  }
  log('starting the stack (Kafka, Redis, PostgreSQL, ClickHouse) for the run…');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'tools/devstack/src/cli/test-stack.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...env,
      TEST_KAFKA_PORT: env.BENCH_KAFKA_PORT ?? '39092',
      TEST_CLICKHOUSE_PORT: env.BENCH_CLICKHOUSE_PORT ?? '39123',
      TEST_DATABASE_URL: env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tribune_test_bench',
      TEST_REDIS_PREFIX: env.BENCH_REDIS_PREFIX ?? 'tribune-test-bench',
      TEST_DATA_DIR: env.BENCH_DATA_DIR ?? '.data/bench',
      // BENCH_REDIS_CLUSTER=1: the stack also starts a 3-master Redis Cluster for Tribune's nodes.
      ...(env.BENCH_REDIS_CLUSTER === '1' ? { TEST_REDIS_CLUSTER: '1' } : {}),
    },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const stackEnv = await new Promise<Record<string, string>>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.startsWith(READY)) resolve(JSON.parse(line.slice(READY.length)) as Record<string, string>);
    });
    child.once('exit', (code) => reject(new Error(`test stack exited (${code}) before it was ready`)));
  });
  return {
    env: stackEnv,
    owned: true,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        // The stack stops when its stdin ends.
        child.stdin?.end();
      }),
  };
}
