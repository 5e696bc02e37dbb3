import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensurePostgres, portOpen, type PostgresHandle } from '@tribune/devstack';
import { CHAOS_PORTS } from './chaos-stack';

const run = promisify(execFile);

/**
 * The suite's own PostgreSQL on its private port, started by devstack's `ensurePostgres` from the
 * system's binaries under the run's directory (it starts one because nothing answers on that port),
 * and SIGKILLed through the postmaster's pid file.
 */
export class ChaosPostgres {
  private handle: PostgresHandle | null = null;
  readonly url = `postgresql://postgres@127.0.0.1:${CHAOS_PORTS.postgres}/tribune_chaos`;

  constructor(private readonly dir: string) {}

  async start(): Promise<void> {
    if (await portOpen('127.0.0.1', CHAOS_PORTS.postgres)) throw new Error(`port ${CHAOS_PORTS.postgres} is already in use: the suite only uses a PostgreSQL it started`);
    this.handle = await ensurePostgres({ url: this.url, dataDir: this.dir, explicit: false });
  }

  /** SIGKILL of the postmaster (its backends notice and exit on their own). */
  async kill(): Promise<void> {
    const pidFile = join(this.dir, 'pgdata', 'postmaster.pid');
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (pid > 0) process.kill(pid, 'SIGKILL');
    // Until its backends are gone the port may still be held.
    for (let i = 0; i < 50 && (await portOpen('127.0.0.1', CHAOS_PORTS.postgres)); i++) await new Promise((r) => setTimeout(r, 100));
    this.handle = null;
  }

  async stop(): Promise<void> {
    const h = this.handle;
    this.handle = null;
    if (h) await h.stop();
    else if (existsSync(join(this.dir, 'pgdata', 'postmaster.pid'))) await this.kill();
  }

  /** `npm run <script> -w @tribune/console` against this database (db:deploy, db:seed). */
  static async consoleScript(repoRoot: string, script: string, env: Record<string, string>): Promise<void> {
    await run('npm', ['run', '--silent', script, '-w', '@tribune/console'], { cwd: repoRoot, env: { ...process.env, ...env }, timeout: 180_000 });
  }
}
