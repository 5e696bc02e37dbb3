import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { loadConfigOrExit } from '@tribune/service-kit';
import { httpOk, startProcess, waitUntil } from '../process/child-process';
import { startApp, workspaceScripts, type AppSpec } from '../stack/apps';
import { loadDevSecrets } from '../stack/dev-secrets';
import { REPO_ROOT, startInfra, type Infra } from '../stack/infra';
import { linePrefix, pipeLines } from '../stack/log-lines';
import { startConfigSchema } from '../stack/stack-config';
import { Supervisor } from '../stack/supervisor';

// `npm start`: the whole local stack in one terminal. Ctrl-C stops apps first, then the services.
const t0 = Date.now();
const config = loadConfigOrExit(startConfigSchema, 'npm start');
const dataDir = resolve(REPO_ROOT, config.DATA_DIR);
const color = process.stdout.isTTY === true;
const names = ['clickhouse', 'kafka', 'redis', 'console', 'ingest', ...config.CHAT_NODE_PORTS.map((_, i) => `chat-node-${i + 1}`)];
const width = Math.max(...names.map((n) => n.length));
const say = (msg: string) => process.stdout.write(`${linePrefix('stack', 7, width, color)}${msg}\n`);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const secrets: Record<string, string> =
  config.CHAT_TOKEN_SECRETS || config.CHAT_TOKEN_SECRET
    ? { ...(config.CHAT_TOKEN_SECRETS ? { CHAT_TOKEN_SECRETS: config.CHAT_TOKEN_SECRETS } : {}), ...(config.CHAT_TOKEN_SECRET ? { CHAT_TOKEN_SECRET: config.CHAT_TOKEN_SECRET } : {}) }
    : loadDevSecrets(resolve(dataDir, 'dev-secrets.json'));
const apps: Supervisor[] = [];
let infra: Infra | undefined;
let stopping: Promise<void> | undefined;

function stopAll(code: number): Promise<void> {
  stopping ??= (async () => {
    try {
      say('stopping apps…');
      await Promise.all(apps.map((a) => a.stop(15_000)));
      const restarted = apps.filter((a) => a.restarts > 0).map((a) => `${a.name} ×${a.restarts}`);
      if (restarted.length > 0) say(`restarts during this run: ${restarted.join(', ')}`);
      say('stopping services…');
      await infra?.stop();
      say('stopped');
    } catch (err) {
      process.stderr.write(`stop failed: ${err instanceof Error ? err.message : String(err)}\n`);
      code = 1;
    }
    process.exit(code);
  })();
  return stopping;
}
const stopOn = () => {
  stopAll(0).catch(() => process.exit(1));
};
process.on('SIGINT', stopOn);
process.on('SIGTERM', stopOn);

try {
  say(`starting the local stack (state in ${dataDir})`);
  infra = await startInfra({
    dataDir,
    cacheDir: resolve(dataDir, 'cache'),
    kafkaBrokers: config.KAFKA_BROKERS,
    kafkaPort: config.KAFKA_PORT,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    clickhouseUrl: config.CLICKHOUSE_URL,
    clickhousePort: config.CLICKHOUSE_HTTP_PORT,
    databaseUrl: config.DATABASE_URL,
    redisUrl: config.REDIS_URL,
    redisPrefix: config.REDIS_PREFIX,
    attachExisting: true,
    attach: (name, proc) => {
      const prefix = linePrefix(name, names.indexOf(name), width, color);
      pipeLines(proc.child.stdout as Readable, prefix, process.stdout);
      pipeLines(proc.child.stderr as Readable, prefix, process.stderr);
    },
    onStep: (step, ms, detail) => say(`${step} ready in ${secs(ms)}${detail ? ` (${detail})` : ''}`),
  });
  // COOKIE_SECURE=0: the local console is plain http on 127.0.0.1 (set COOKIE_SECURE=1 behind a local TLS proxy).
  const env = { ...infra.env, ...secrets, LOG_PRETTY: process.env.LOG_PRETTY ?? '1', CONSOLE_ADMIN_EMAIL: config.CONSOLE_ADMIN_EMAIL, CONSOLE_ADMIN_PASSWORD: config.CONSOLE_ADMIN_PASSWORD, COOKIE_SECURE: process.env.COOKIE_SECURE ?? '0' };

  // The console owns the PostgreSQL schema and the seed; tolerate a console that does not have them yet.
  const consoleDatabase = async () => {
    const consoleScripts = workspaceScripts('@tribune/console');
    for (const script of ['db:deploy', 'db:seed']) {
      if (!consoleScripts[script]) {
        say(`@tribune/console has no ${script} script yet: skipped`);
        continue;
      }
      const started = Date.now();
      const proc = startProcess(script, 'npm', ['run', '--silent', script, '-w', '@tribune/console'], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      pipeLines(proc.child.stdout as Readable, linePrefix(script, 6, width, color), process.stdout);
      pipeLines(proc.child.stderr as Readable, linePrefix(script, 6, width, color), process.stderr);
      const code = await proc.exited;
      if (code !== 0) throw new Error(`npm run ${script} -w @tribune/console failed (${code})`);
      say(`${script} done in ${secs(Date.now() - started)}`);
    }
  };

  const nodeUrls = config.CHAT_NODE_PORTS.map((p) => `ws://127.0.0.1:${p}/ws`).join(',');
  const specs: AppSpec[] = [
    ...config.CHAT_NODE_PORTS.map((port, i) => ({
      name: `chat-node-${i + 1}`,
      workspace: '@tribune/chat-node',
      script: 'start',
      env: { ...env, PORT: String(port), NODE_ID: `node-${i + 1}` },
      readyUrls: [`http://127.0.0.1:${port}/readyz`],
    })),
    { name: 'ingest', workspace: '@tribune/ingest', script: 'start', env: { ...env, PORT: String(config.INGEST_PORT) }, readyUrls: [`http://127.0.0.1:${config.INGEST_PORT}/readyz`] },
    {
      name: 'console',
      workspace: '@tribune/console',
      script: config.CONSOLE_SCRIPT,
      env: { ...env, PORT: String(config.CONSOLE_PORT), CHAT_NODE_URLS: nodeUrls },
      // Next.js serves its probes under /api; /readyz is accepted too should the console add a rewrite.
      readyUrls: [`http://127.0.0.1:${config.CONSOLE_PORT}/api/readyz`, `http://127.0.0.1:${config.CONSOLE_PORT}/readyz`],
    },
  ];
  const runnable = specs.filter((s) => {
    if (workspaceScripts(s.workspace)[s.script]) return true;
    say(`${s.workspace} has no "${s.script}" script yet: not started`);
    return false;
  });
  const appsStarted = Date.now();
  const launch = async (spec: AppSpec) => {
    // Supervised from the first start: once ready, an app that exits on its own is restarted with backoff.
    const app = new Supervisor({
      name: spec.name,
      start: () => startApp(spec, names.indexOf(spec.name), width, color),
      onRestart: ({ code, restarts, delayMs }) => say(`${spec.name} exited (${code}); restarting in ${secs(delayMs)} (restart ${restarts})`),
    });
    apps.push(app);
    await waitUntil(spec.name, async () => (await Promise.all(spec.readyUrls.map((u) => httpOk(u, 5000).catch(() => false)))).some(Boolean), { process: app.current, timeoutMs: config.READY_TIMEOUT_SECONDS * 1000, intervalMs: 500 });
    say(`${spec.name} ready in ${secs(Date.now() - appsStarted)}`);
  };
  // Ingest needs only the services, so it boots while the console's database is prepared. Chat nodes wait for a
  // published rules snapshot before they are ready, which the console writes at boot: they start once it is up.
  const isNode = (s: AppSpec) => s.name.startsWith('chat-node');
  await Promise.all([
    ...runnable.filter((s) => s.name === 'ingest').map(launch),
    consoleDatabase()
      .then(() => Promise.all(runnable.filter((s) => s.name === 'console').map(launch)))
      .then(() => Promise.all(runnable.filter(isNode).map(launch))),
  ]);

  say('');
  say(`Tribune is ready in ${secs(Date.now() - t0)}`);
  say(`  console   http://127.0.0.1:${config.CONSOLE_PORT}   login ${config.CONSOLE_ADMIN_EMAIL} / ${config.CONSOLE_ADMIN_PASSWORD}`);
  say(`  chat      ${nodeUrls.split(',').join('  ')}   (token: npm run token -- --user alice --name Alice)`);
  say(`  kafka     ${infra.env.KAFKA_BROKERS}   clickhouse ${infra.env.CLICKHOUSE_URL}`);
  say('Ctrl-C stops everything; data stays in .data/');
} catch (err) {
  // A Ctrl-C during start makes the readiness waits fail: that is a stop, not a failure.
  if (stopping) await stopping;
  process.stderr.write(`\nnpm start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  await stopAll(1);
}
