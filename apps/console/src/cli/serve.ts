import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { createLogger, loadConfigOrExit } from '@tribune/service-kit';
import { configSchema } from '../config';

/**
 * `npm start` of the console: a production build (`next build`) made only when its inputs changed,
 * then `next start`. On this 2-core box a build costs ~50 s once, after which a start is ready in a
 * couple of seconds and every page answers at once; `next dev` (turbopack) was ready in 14-34 s and
 * compiled each page on its first visit (4-11 s), competing for CPU with Kafka and chdb. See README.
 */
// The same validated config the server reads: a bad variable is named here, before a build is spent.
const config = loadConfigOrExit(configSchema, 'console');
const logger = createLogger({ name: 'console', level: config.LOG_LEVEL, pretty: config.LOG_PRETTY }).child({ module: 'serve' });
const appDir = fileURLToPath(new URL('../..', import.meta.url));
const repoRoot = resolve(appDir, '../..');
const stampFile = join(appDir, '.next', 'tribune-build-inputs');
// Next's own CLI run by node directly: no npx/npm layer that might not pass SIGTERM on to the server.
const nextBin = createRequire(join(appDir, 'package.json')).resolve('next/dist/bin/next');

const inputs = [
  join(appDir, 'src'),
  join(appDir, 'next.config.ts'),
  join(appDir, 'package.json'),
  join(appDir, 'tsconfig.json'),
  join(repoRoot, 'packages'),
  join(repoRoot, 'prisma', 'schema.prisma'),
  join(repoRoot, 'package-lock.json'),
];
// dist/: package builds (the widget's is read at request time by /widget.js, not compiled into the console).
const skip = new Set(['node_modules', 'generated', '.next', 'test-results', 'bench', 'dist']);

function* files(path: string): Generator<string> {
  if (!existsSync(path)) return;
  if (statSync(path).isFile()) {
    yield path;
    return;
  }
  for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (skip.has(entry.name)) continue;
    const full = join(path, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (!/\.(test|int\.test)\.tsx?$/.test(entry.name)) yield full;
  }
}

function inputsHash(): string {
  const hash = createHash('sha256');
  for (const root of inputs) for (const file of files(root)) hash.update(relative(repoRoot, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

function run(cmd: string, args: string[]): Promise<number> {
  return new Promise((resolveExit) => {
    const child = spawn(cmd, args, { cwd: appDir, stdio: 'inherit', env: process.env });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolveExit(code ?? (signal ? 128 : 1));
    });
  });
}

const started = Date.now();
// The widget bundle served at /widget.js (esbuild, well under a second): built at every start, never stale.
const widgetCode = await run(process.execPath, [join(repoRoot, 'packages/widget/scripts/build.mjs')]);
if (widgetCode !== 0) process.exit(widgetCode);
const hash = inputsHash();
const built = existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash;
if (!built) {
  logger.info('build_stale_building');
  const code = (await run('npm', ['run', '--silent', 'db:generate'])) || (await run(process.execPath, [nextBin, 'build']));
  if (code !== 0) process.exit(code);
  writeFileSync(stampFile, hash);
  logger.info({ seconds: Number(((Date.now() - started) / 1000).toFixed(1)) }, 'build_done');
} else {
  logger.info('build_up_to_date');
}
logger.info({ port: config.PORT, host: config.HOST }, 'next_start');
process.exit(await run(process.execPath, [nextBin, 'start', '--port', String(config.PORT), '--hostname', config.HOST]));
