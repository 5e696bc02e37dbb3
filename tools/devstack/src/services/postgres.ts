import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { portOpen } from '../kafka/kafka-launcher';

const run = promisify(execFile);

export class PostgresSetupError extends Error {
  constructor(
    readonly code: 'POSTGRES_UNAVAILABLE' | 'POSTGRES_UNSAFE_DROP' | 'POSTGRES_START_FAILED',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PostgresSetupError';
  }
}

export interface PostgresHandle {
  /** DATABASE_URL of the application database. */
  url: string;
  /** Stops the server when this process started it; a no-op for one that was already running. */
  stop(): Promise<void>;
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

async function withAdmin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres'), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Creates the URL's database when it does not exist. */
export async function ensureDatabase(url: string): Promise<void> {
  const name = databaseOf(url);
  await withAdmin(url, async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
  });
}

/** Drops and recreates a test database; refuses any database whose name lacks `test`. */
export async function recreateTestDatabase(url: string): Promise<void> {
  const name = databaseOf(url);
  if (!name.includes('test')) throw new PostgresSetupError('POSTGRES_UNSAFE_DROP', `refusing to drop database "${name}": its name does not contain "test"`);
  await withAdmin(url, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
  });
}

function findPgBin(tool: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, tool))) return join(dir, tool);
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    for (const version of readdirSync(root).sort().reverse()) {
      const candidate = join(root, version, 'bin', tool);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/** PostgreSQL refuses to run as root: run its tools as the `postgres` user then. */
async function asServerUser(cmd: string, args: string[]): Promise<void> {
  if (process.getuid?.() === 0) await run('runuser', ['-u', 'postgres', '--', cmd, ...args]);
  else await run(cmd, args);
}

/**
 * Uses the server at DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/tribune) when it
 * answers; otherwise, for the default local URL only, initialises and starts one from the system's
 * binaries under `dataDir`. Creates the database when missing.
 */
export async function ensurePostgres({ url, dataDir, explicit }: { url: string; dataDir: string; explicit: boolean }): Promise<PostgresHandle> {
  const u = new URL(url);
  const host = u.hostname;
  const port = Number(u.port || 5432);
  if (await portOpen(host, port, 1000)) {
    await ensureDatabase(url);
    return { url, stop: async () => undefined };
  }
  if (explicit || !['127.0.0.1', 'localhost'].includes(host)) {
    throw new PostgresSetupError('POSTGRES_UNAVAILABLE', `PostgreSQL at ${host}:${port} (DATABASE_URL) does not answer`);
  }
  const initdb = findPgBin('initdb');
  const pgCtl = findPgBin('pg_ctl');
  if (!initdb || !pgCtl) {
    throw new PostgresSetupError('POSTGRES_UNAVAILABLE', `no PostgreSQL answers on ${host}:${port} and no server binaries were found: install them (Debian: apt-get install -y postgresql) or set DATABASE_URL`);
  }
  const dir = resolve(dataDir);
  const pgdata = join(dir, 'pgdata');
  mkdirSync(dir, { recursive: true });
  if (process.getuid?.() === 0) {
    await run('chown', ['-R', 'postgres', dir]);
    // The server user must traverse every parent directory; say so rather than fail inside initdb.
    await run('runuser', ['-u', 'postgres', '--', 'test', '-w', dir]).catch((err: unknown) => {
      throw new PostgresSetupError('POSTGRES_START_FAILED', `the postgres user cannot reach ${dir}: make its parent directories traversable (chmod o+x) or set DATABASE_URL`, { cause: err });
    });
  }
  try {
    if (!existsSync(join(pgdata, 'PG_VERSION'))) await asServerUser(initdb, ['-D', pgdata, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-sync']);
    await asServerUser(pgCtl, ['start', '-w', '-D', pgdata, '-l', join(dir, 'postgres.log'), '-o', `-p ${port} -c listen_addresses=${host} -k ${dir}`]);
  } catch (err) {
    const detail = err as { stderr?: string };
    throw new PostgresSetupError('POSTGRES_START_FAILED', `could not start PostgreSQL under ${dir}: ${detail.stderr ?? String(err)} (see ${join(dir, 'postgres.log')})`, { cause: err });
  }
  await ensureDatabase(url);
  return { url, stop: () => asServerUser(pgCtl, ['stop', '-m', 'fast', '-w', '-D', pgdata]) };
}
