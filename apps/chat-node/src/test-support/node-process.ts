import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const appDir = fileURLToPath(new URL('../..', import.meta.url));

/** A chat node started as a child process exactly as in production (`tsx src/main.ts`). */
export class NodeProcess {
  readonly output: string[] = [];
  private exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      if (this.output.length > 400) this.output.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts a node; `port` should come from {@link freePorts} so parallel starts never share one. */
  static async start(env: Record<string, string>, port: number): Promise<NodeProcess> {
    const node = NodeProcess.spawn(env, port);
    await node.waitReady();
    return node;
  }

  /** Starts a node without waiting for it to be ready (to observe a node that is not). */
  static spawn(env: Record<string, string>, port: number): NodeProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: appDir,
      env: { ...process.env, ...env, PORT: String(port), NODE_ID: env.NODE_ID ?? `test-node-${port}`, LOG_PRETTY: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new NodeProcess(child, port);
  }

  async waitReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`node exited ${this.child.exitCode}:\n${this.logs()}`);
      try {
        const res = await fetch(`${this.httpUrl}/readyz`);
        if (res.status === 200) {
          // Ready, and it is our child answering (not another process that holds the port).
          await new Promise((r) => setTimeout(r, 100));
          if (this.child.exitCode !== null) throw new Error(`node exited ${this.child.exitCode}:\n${this.logs()}`);
          return;
        }
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`node on ${this.port} not ready within ${timeoutMs} ms:\n${this.logs()}`);
  }

  logs(): string {
    return this.output.join('').slice(-8000);
  }

  /** SIGTERM, as an orchestrator stops it; resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }
}

/** `count` distinct free ports: all are held open until every one is chosen, so none repeats. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => {
    const address = server.address();
    return typeof address === 'object' && address ? address.port : 0;
  });
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}
