import { createConnection } from 'node:net';
import { spawn, type ChildProcess, type SpawnOptions, type StdioOptions } from 'node:child_process';

export type StdioOptionsLike = StdioOptions;

export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or signal name) once the process has gone. */
  readonly exited: Promise<number | string>;
  /** `first` (SIGTERM unless told), then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number, first?: NodeJS.Signals): Promise<void>;
}

/**
 * Spawns a child whose lifetime the caller manages; output goes wherever `options.stdio` says.
 * With `detached: true` the child leads its own process group and `stop` signals the whole group,
 * which reaches the real server behind wrappers such as `npm run` or `sh -c`.
 */
export function startProcess(name: string, command: string, args: string[], options: SpawnOptions = {}): ManagedProcess {
  const child = spawn(command, args, { stdio: 'inherit', ...options });
  const signal = (sig: NodeJS.Signals) => {
    try {
      if (options.detached && child.pid) process.kill(-child.pid, sig);
      else child.kill(sig);
    } catch {
      // Already gone.
    }
  };
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.once('error', () => resolve('spawn_failed'));
  });
  return {
    name,
    child,
    exited,
    async stop(graceMs = 10_000, first: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signal(first);
      const timer = setTimeout(() => signal('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `probe` until it resolves true, the process dies, or the deadline passes. */
export async function waitUntil(what: string, probe: () => Promise<boolean>, { timeoutMs = 60_000, intervalMs = 200, process: proc }: { timeoutMs?: number; intervalMs?: number; process?: ManagedProcess } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let died: number | string | undefined;
  proc?.exited.then((code) => (died = code)).catch(() => undefined);
  for (;;) {
    if (died !== undefined) throw new Error(`${what}: process ${proc?.name} exited (${died}) before it was ready`);
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** True when an HTTP GET answers 2xx. */
export async function httpOk(url: string, timeoutMs = 2000): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  await res.body?.cancel();
  return res.ok;
}

/** True when something accepts TCP connections on host:port. */
export function portOpen(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host, port });
    const finish = (open: boolean) => {
      socket.destroy();
      done(open);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}
