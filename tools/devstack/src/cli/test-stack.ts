import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { startProcess } from '../process/child-process';
import { startRedisCluster, type RedisClusterHandle } from '../services/redis-cluster';
import { clearTestPrefix } from '../services/redis-prefix';
import { workspaceScripts } from '../stack/apps';
import { REPO_ROOT, startInfra, type Infra } from '../stack/infra';
import { pipeLines } from '../stack/log-lines';
import { freePorts } from '../testing/free-ports';

/**
 * The isolated stack of `npm test`: its own Kafka and chdb ports, a fresh `.data/test/`, the
 * `tribune_test` database recreated, Redis keys under `tribune-test`, topics under `test.`.
 * Prints `TRIBUNE_TEST_STACK_READY <env json>` once usable; stops on SIGTERM/SIGINT or stdin end.
 */
const READY_MARK = 'TRIBUNE_TEST_STACK_READY';
const log = (msg: string) => process.stderr.write(`test-stack │ ${msg}\n`);
const env = process.env;
const dataDir = resolve(REPO_ROOT, env.TEST_DATA_DIR ?? '.data/test');
const redisPrefix = env.TEST_REDIS_PREFIX ?? 'tribune-test';
const databaseUrl = env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tribune_test';
const redisUrl = env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

let infra: Infra | undefined;
let redisCluster: RedisClusterHandle | undefined;
let stopping: Promise<void> | undefined;
const stop = (code: number) => {
  stopping ??= (async () => {
    try {
      await redisCluster?.stop();
      await infra?.stop();
      log('stopped');
    } catch (err) {
      log(`stop failed: ${err instanceof Error ? err.message : String(err)}`);
      code = 1;
    }
    process.exit(code);
  })();
  return stopping;
};
const stopOn = () => {
  stop(0).catch(() => process.exit(1));
};
process.on('SIGTERM', stopOn);
process.on('SIGINT', stopOn);
process.stdin.on('end', stopOn);
process.stdin.resume();

try {
  rmSync(dataDir, { recursive: true, force: true });
  infra = await startInfra({
    dataDir,
    cacheDir: resolve(REPO_ROOT, '.data/cache'),
    kafkaPort: Number(env.TEST_KAFKA_PORT ?? 19092),
    topicPrefix: 'test.',
    clickhousePort: Number(env.TEST_CLICKHOUSE_PORT ?? 19123),
    databaseUrl,
    freshDatabase: true,
    redisUrl,
    redisPrefix,
    attachExisting: false,
    attach: (name, proc) => {
      pipeLines(proc.child.stdout as Readable, `${name} │ `, process.stderr);
      pipeLines(proc.child.stderr as Readable, `${name} │ `, process.stderr);
    },
    onStep: (step, ms, detail) => log(`${step} ready in ${(ms / 1000).toFixed(1)} s${detail ? ` (${detail})` : ''}`),
  });
  const cleared = await clearTestPrefix(redisUrl, redisPrefix);
  log(`redis: ${cleared} stale keys under ${redisPrefix}: removed`);

  const secret = 'tribune-test-secret-0123456789abcdef';
  const stackEnv: Record<string, string> = { ...infra.env, CHAT_TOKEN_SECRET: secret, TRIBUNE_TEST: '1' };
  // Only on request: a 3-master Redis Cluster for the suites that test one (they start their own otherwise).
  if (env.TEST_REDIS_CLUSTER === '1') {
    const t0 = Date.now();
    const ports = env.TEST_REDIS_CLUSTER_PORTS ? env.TEST_REDIS_CLUSTER_PORTS.split(',').map(Number) : await freePorts(3);
    redisCluster = await startRedisCluster({ ports, dataDir: resolve(dataDir, 'redis-cluster') });
    stackEnv.REDIS_CLUSTER_URL = redisCluster.url;
    log(`redis cluster ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (${redisCluster.url})`);
  }
  if (workspaceScripts('@tribune/console')['db:deploy']) {
    const t0 = Date.now();
    const deploy = startProcess('db:deploy', 'npm', ['run', '--silent', 'db:deploy', '-w', '@tribune/console'], { cwd: REPO_ROOT, env: { ...process.env, ...stackEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    pipeLines(deploy.child.stdout as Readable, 'db:deploy │ ', process.stderr);
    pipeLines(deploy.child.stderr as Readable, 'db:deploy │ ', process.stderr);
    const code = await deploy.exited;
    if (code !== 0) throw new Error(`npm run db:deploy -w @tribune/console failed (${code})`);
    log(`db:deploy done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } else {
    log('@tribune/console has no db:deploy script yet: skipped');
  }
  process.stdout.write(`${READY_MARK} ${JSON.stringify(stackEnv)}\n`);
} catch (err) {
  log(`failed: ${err instanceof Error ? err.message : String(err)}`);
  await stop(1);
}
