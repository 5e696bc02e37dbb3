import { fileURLToPath } from 'node:url';
import { httpOk, startProcess, waitUntil, type ManagedProcess } from '../process/child-process';

// Integration tests drive an app only from the outside, as in production: `tsx src/main.ts` in
// apps/<app>, its env, its port (/readyz, /metrics, /ws). Tests never import another app's code.

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export interface AppProcessOptions {
  /** Folder under apps/ (e.g. `chat-node`); the child runs `src/main.ts` there. */
  app: string;
  /** The app's PORT; `/readyz` and `/metrics` are probed on it. */
  port: number;
  env?: Record<string, string>;
  /** Node flags before the app (e.g. `--cpu-prof`, which NODE_OPTIONS does not take). */
  nodeArgs?: string[];
  /** Label in errors; defaults to `<app>:<port>`. */
  name?: string;
}

/** Output kept per child: enough to explain a failure, never a growing buffer. */
const LOG_CHARS = 20_000;

/** An app run as a child process with bounded captured output. */
export class AppProcess {
  private output = '';

  private constructor(
    readonly process: ManagedProcess,
    readonly name: string,
    readonly port: number,
  ) {
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-LOG_CHARS);
    };
    process.child.stdout?.on('data', keep);
    process.child.stderr?.on('data', keep);
  }

  /** Starts the app without waiting for it to be ready (to observe one that is not). */
  static spawn({ app, port, env = {}, nodeArgs = [], name = `${app}:${port}` }: AppProcessOptions): AppProcess {
    const proc = startProcess(name, process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main.ts'], {
      cwd: `${REPO_ROOT}apps/${app}`,
      env: { ...process.env, LOG_PRETTY: '0', ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new AppProcess(proc, name, port);
  }

  /** Starts the app and waits for `/readyz`; kills it when it never gets there. */
  static async start(options: AppProcessOptions, timeoutMs?: number): Promise<AppProcess> {
    const app = AppProcess.spawn(options);
    try {
      await app.waitReady(timeoutMs);
    } catch (err) {
      await app.stop('SIGKILL');
      throw err;
    }
    return app;
  }

  get child() {
    return this.process.child;
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  /** Waits for `/readyz` 200 from this child, not from some other process holding the port. */
  async waitReady(timeoutMs = 60_000): Promise<void> {
    try {
      await waitUntil(this.name, () => httpOk(`${this.httpUrl}/readyz`), { timeoutMs, process: this.process });
      // A child that lost the port race exits just after another process answered for it.
      await new Promise((r) => setTimeout(r, 100));
      if (this.exited()) throw new Error(`${this.name}: exited (${this.child.exitCode ?? this.child.signalCode}) right after /readyz answered`);
    } catch (err) {
      throw new Error(`${(err as Error).message}:\n${this.logs()}`);
    }
  }

  /** A gauge or counter without labels from `/metrics`; undefined when the app does not report it. */
  async metric(name: string): Promise<number | undefined> {
    const text = await (await fetch(`${this.httpUrl}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return line === undefined ? undefined : Number(line.split(' ')[1]);
  }

  logs(): string {
    return this.output.slice(-8000);
  }

  /** `signal` (SIGTERM, as an orchestrator stops it), then SIGKILL after `graceMs`; resolves with the exit code or signal name. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 20_000): Promise<number | string> {
    await this.process.stop(graceMs, signal);
    return this.process.exited;
  }

  private exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }
}
