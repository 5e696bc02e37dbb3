import { fileURLToPath } from 'node:url';
import type { StdioOptions } from 'node:child_process';
import { httpOk, portOpen, startProcess, waitUntil, type ManagedProcess } from '../process/child-process';

const SERVE_SCRIPT = fileURLToPath(new URL('./serve.ts', import.meta.url));

export interface ChdbServerHandle {
  url: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/** Starts `serve.ts` as a child process (tsx) and waits until `/ping` answers. */
export async function startChdbServer(opts: {
  host?: string;
  port: number;
  dataDir: string;
  logLevel?: string;
  stdio?: StdioOptions;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  /** Called right after spawning, before readiness (e.g. to read its output pipes). */
  onSpawn?: (proc: ManagedProcess) => void;
}): Promise<ChdbServerHandle> {
  const host = opts.host ?? '127.0.0.1';
  const url = `http://${host}:${opts.port}`;
  // Otherwise a server already on the port would answer the readiness probe in this one's place.
  if (await portOpen(host, opts.port)) throw new Error(`clickhouse (chdb): port ${host}:${opts.port} is already in use`);
  // Own process group: a terminal's Ctrl-C reaches the orchestrator, which stops services after the apps.
  const proc = startProcess('clickhouse', process.execPath, ['--import', 'tsx', SERVE_SCRIPT], {
    detached: true,
    stdio: opts.stdio ?? ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      ...opts.env,
      CLICKHOUSE_HTTP_HOST: host,
      CLICKHOUSE_HTTP_PORT: String(opts.port),
      CLICKHOUSE_DATA_DIR: opts.dataDir,
      LOG_LEVEL: opts.logLevel ?? process.env.LOG_LEVEL ?? 'info',
    },
  });
  opts.onSpawn?.(proc);
  try {
    await waitUntil('clickhouse (chdb)', () => httpOk(`${url}/ping`), { process: proc, timeoutMs: opts.timeoutMs ?? 60_000 });
  } catch (err) {
    await proc.stop(2000);
    throw err;
  }
  return { url, process: proc, stop: () => proc.stop(15_000) };
}
