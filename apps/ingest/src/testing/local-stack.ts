import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Test support for the integration suites: real services, started the way the docs say
// (the devstack CLIs and `tsx src/main.ts`), never imported in-process.

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const TSX = ['--import', 'tsx'];

export interface Child {
  child: ChildProcess;
  exited: Promise<number | string>;
  output: () => string;
  /** SIGTERM (or the given signal); resolves once it has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

function startChild(script: string, env: Record<string, string>): Child {
  const child = spawn(process.execPath, [...TSX, join(ROOT, script)], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (b: Buffer) => {
    // Bounded: enough to explain a failure, never a growing buffer.
    output = (output + b.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  return {
    child,
    exited,
    output: () => output,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not reached after ${timeoutMs} ms${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

const httpOk = async (url: string) => {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  await res.body?.cancel();
  return res.ok;
};

export interface ClickHouseForTests {
  url: string;
  stop(): Promise<void>;
}

/** CLICKHOUSE_URL when the harness gives one; otherwise an embedded chdb server of our own on `port`. */
export async function clickHouseForTests(port: number): Promise<ClickHouseForTests> {
  const given = process.env.CLICKHOUSE_URL;
  if (given) return { url: given, stop: async () => {} };
  const dataDir = mkdtempSync(join(tmpdir(), 'tribune-ingest-ch-'));
  const server = startChild('tools/devstack/src/clickhouse/serve.ts', {
    CLICKHOUSE_HTTP_HOST: '127.0.0.1',
    CLICKHOUSE_HTTP_PORT: String(port),
    CLICKHOUSE_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor('chdb server', async () => {
      if (server.child.exitCode !== null) throw new Error(`chdb server exited: ${server.output()}`);
      return httpOk(`${url}/ping`);
    });
  } catch (err) {
    await server.stop();
    throw err;
  }
  return {
    url,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Applies clickhouse/migrations with the devstack runner (idempotent: applied files are skipped). */
export function migrateClickHouse(url: string): void {
  const run = spawnSync(process.execPath, [...TSX, join(ROOT, 'tools/devstack/src/cli/ch-migrate.ts')], {
    cwd: ROOT,
    env: { ...process.env, CLICKHOUSE_URL: url, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (run.status !== 0) throw new Error(`ch-migrate failed (${run.status}): ${run.stdout}\n${run.stderr}`);
}

/** `tsx apps/ingest/src/main.ts` as a child process, resolved once /readyz answers 200. */
export async function startIngest(env: Record<string, string>): Promise<Child> {
  const ingest = startChild('apps/ingest/src/main.ts', { LOG_LEVEL: 'warn', ...env });
  try {
    await waitFor('ingest ready', async () => {
      if (ingest.child.exitCode !== null || ingest.child.signalCode !== null) throw new Error(`ingest exited: ${ingest.output()}`);
      return httpOk(`http://127.0.0.1:${env.PORT}/readyz`);
    });
  } catch (err) {
    await ingest.stop('SIGKILL');
    throw err;
  }
  return ingest;
}
