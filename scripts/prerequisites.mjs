// What `npm start` and `npm test` need before they can run, checked and installed by each of them on its own, so
// `git clone … && npm test` works with nothing run before it. Plain Node (no dependencies): it runs before
// node_modules exist.
//
// - npm dependencies: `npm ci` on a fresh clone, `npm install` when package-lock.json changed since the last install.
// - system packages (Debian names): installed with apt-get when running as root; otherwise the run stops at once and
//   prints the exact command to run.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';

/** Resolves whether something accepts TCP connections at host:port within `timeoutMs`. */
function portOpen(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (open) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function onPath(command) {
  return (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(join(dir, command)));
}

function postgresServerBinaries() {
  if (onPath('initdb')) return true;
  const root = '/usr/lib/postgresql';
  return existsSync(root) && readdirSync(root).some((v) => existsSync(join(root, v, 'bin', 'initdb')));
}

function hostPort(url, defaultPort) {
  try {
    const u = new URL(url);
    return { host: u.hostname, port: Number(u.port || defaultPort) };
  } catch {
    return { host: '127.0.0.1', port: defaultPort };
  }
}

/** npm dependencies: installed when missing, or when package-lock.json is newer than the last install. */
export function ensureNpmDependencies(root, say = (m) => console.log(m)) {
  const lock = join(root, 'package-lock.json');
  const installed = join(root, 'node_modules', '.package-lock.json');
  const fresh = !existsSync(join(root, 'node_modules'));
  const stale = !fresh && (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs);
  if (!fresh && !stale) return;
  const args = fresh ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'];
  say(`${fresh ? 'node_modules missing' : 'package-lock.json changed since the last install'}: running npm ${args[0]}…`);
  const result = spawnSync('npm', args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`npm ${args.join(' ')} failed (exit ${result.status}); fix the error above and run it again`);
    process.exit(result.status ?? 1);
  }
}

/**
 * The Debian packages a run needs and does not have. `stages` says which: `kafka` (Java + Maven, unless
 * KAFKA_BROKERS names a cluster), `services` (PostgreSQL / Redis server binaries, only when no server answers),
 * `browser` (Chromium for Playwright), `kcat` (the topic-reading tests).
 */
export async function missingSystemPackages(stages, env = process.env) {
  const need = [];
  if (stages.includes('kafka') && !env.KAFKA_BROKERS) {
    if (!onPath('java')) need.push('openjdk-17-jre-headless');
    if (!onPath('mvn')) need.push('maven');
  }
  if (stages.includes('services')) {
    const pg = hostPort(env.TEST_DATABASE_URL ?? env.DATABASE_URL ?? 'postgresql://127.0.0.1:5432', 5432);
    if (!(await portOpen(pg.host, pg.port)) && !postgresServerBinaries()) need.push('postgresql');
    const redis = hostPort(env.TEST_REDIS_URL ?? env.REDIS_URL ?? 'redis://127.0.0.1:6379', 6379);
    if (!(await portOpen(redis.host, redis.port)) && !onPath('redis-server')) need.push('redis-server');
  }
  if (stages.includes('browser') && !existsSync(env.CHROMIUM_PATH ?? '/usr/bin/chromium')) need.push('chromium');
  if (stages.includes('kcat') && !onPath('kcat')) need.push('kcat');
  return need;
}

/** Installs what is missing with apt-get as root; otherwise stops at once naming the command. */
export async function ensureSystemPackages(stages, say = (m) => console.log(m)) {
  const need = await missingSystemPackages(stages);
  if (need.length === 0) return;
  const install = `apt-get install -y --no-install-recommends ${need.join(' ')}`;
  if (process.getuid?.() !== 0) {
    console.error(`missing system packages: ${need.join(', ')}.\nRun:  sudo apt-get update && sudo ${install}\nthen run this command again.`);
    process.exit(1);
  }
  say(`installing system packages: ${need.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...need]]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (result.status !== 0) {
      console.error(`apt-get ${args.join(' ')} failed (exit ${result.status})`);
      process.exit(result.status ?? 1);
    }
  }
  const still = await missingSystemPackages(stages);
  if (still.length > 0) {
    console.error(`still missing after apt-get: ${still.join(', ')}`);
    process.exit(1);
  }
}
