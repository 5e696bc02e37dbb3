import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { MessageStatus, ServerFrame } from '@tribune/contracts';
import { WebSocket } from 'ws';

// Test support for console integration tests that need real chat nodes. Apps never import each
// other, so the node is driven only from the outside: its process, its env, /readyz and /ws.

const chatNodeDir = fileURLToPath(new URL('../../../../chat-node/', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
  const ports = servers.map((s) => {
    const address = s.address();
    return typeof address === 'object' && address ? address.port : 0;
  });
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/** Resolves when `host:port` accepts a TCP connection, rejects after `timeoutMs`. */
export function tcpReachable(hostPort: string, timeoutMs = 2000): Promise<void> {
  const [host = '127.0.0.1', port = '0'] = hostPort.split(':');
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host, port: Number(port) });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`${hostPort}: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.end();
      resolve();
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`${hostPort}: ${err.message}`));
    });
  });
}

/** A chat node run as a child process, as in production (`tsx src/main.ts` in apps/chat-node). */
export class ChatNodeProcess {
  private readonly output: string[] = [];
  private readonly exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly nodeId: string,
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

  static spawn(env: Record<string, string>, nodeId: string, port: number): ChatNodeProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: chatNodeDir,
      env: { ...process.env, ...env, NODE_ID: nodeId, PORT: String(port), HOST: '127.0.0.1', LOG_PRETTY: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ChatNodeProcess(child, nodeId, port);
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Waits for `/readyz` 200 from this child (not from some other process holding the port). */
  async waitReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`chat node ${this.nodeId} exited ${this.child.exitCode}:\n${this.logs()}`);
      try {
        if ((await fetch(`${this.httpUrl}/readyz`)).status === 200 && this.child.exitCode === null) return;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    throw new Error(`chat node ${this.nodeId} on ${this.port} not ready within ${timeoutMs} ms:\n${this.logs()}`);
  }

  /** The rules version the node reports enforcing (its `chat_node_rules_version` gauge). */
  async rulesVersion(): Promise<number | undefined> {
    const text = await (await fetch(`${this.httpUrl}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith('chat_node_rules_version '));
    return line === undefined ? undefined : Number(line.split(' ')[1]);
  }

  logs(): string {
    return this.output.join('').slice(-8000);
  }

  /** SIGTERM, then SIGKILL when it has not exited within `graceMs`; resolves with the exit code. */
  async stop(graceMs = 10_000): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.exited;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}

/** A viewer's WebSocket that records frames and sends messages awaiting their `ack`. */
export class ViewerSocket {
  readonly frames: ServerFrame[] = [];
  private listeners: ((f: ServerFrame) => void)[] = [];
  private cids = 0;

  private constructor(
    private readonly ws: WebSocket,
    readonly label: string,
  ) {
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as ServerFrame;
      this.frames.push(frame);
      for (const listener of [...this.listeners]) listener(frame);
    });
  }

  static connect(url: string, label: string): Promise<ViewerSocket> {
    const ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new ViewerSocket(ws, label)));
      ws.once('error', reject);
    });
  }

  /** The first frame, already received or future, that `match` picks; rejects after `timeoutMs`. */
  next<T extends ServerFrame['type']>(type: T, match: (f: Extract<ServerFrame, { type: T }>) => boolean = () => true, timeoutMs = 5000): Promise<Extract<ServerFrame, { type: T }>> {
    const test = (f: ServerFrame): f is Extract<ServerFrame, { type: T }> => f.type === type && match(f as Extract<ServerFrame, { type: T }>);
    const seen = this.frames.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const listener = (f: ServerFrame) => {
        if (!test(f)) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== listener);
        resolve(f);
      };
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== listener);
        reject(new Error(`${this.label}: no ${type} frame within ${timeoutMs} ms; last frames ${JSON.stringify(this.frames.slice(-5))}`));
      }, timeoutMs);
      this.listeners.push(listener);
    });
  }

  async join(room: string): Promise<void> {
    this.ws.send(JSON.stringify({ type: 'join', room }));
    await this.next('joined', (f) => f.room === room);
  }

  /**
   * Sends `text` and resolves with its ack; an `error` frame meanwhile (the node could not take the
   * message, e.g. Kafka unavailable) or no ack within `timeoutMs` rejects, so a caller never hangs.
   */
  send(room: string, text: string, timeoutMs = 5000): Promise<{ id: string; status: MessageStatus; reason?: string }> {
    const cid = `${this.label}-${++this.cids}`;
    return new Promise((resolve, reject) => {
      const done = (err: Error | null, ack?: { id: string; status: MessageStatus; reason?: string }) => {
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== listener);
        if (err) reject(err);
        else resolve(ack!);
      };
      const listener = (f: ServerFrame) => {
        if (f.type === 'ack' && f.cid === cid) done(null, { id: f.id, status: f.status, reason: f.reason });
        else if (f.type === 'error') done(new Error(`${this.label}: error frame ${f.code}: ${f.message} (sending ${JSON.stringify(text)})`));
      };
      const timer = setTimeout(() => done(new Error(`${this.label}: no ack for ${JSON.stringify(text)} within ${timeoutMs} ms`)), timeoutMs);
      this.listeners.push(listener);
      this.ws.send(JSON.stringify({ type: 'send', room, text, cid }));
    });
  }

  close(): void {
    this.ws.close();
  }
}
