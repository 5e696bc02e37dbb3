import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Dialect } from './dialect';
import type { FromWorker, SlowReport, StormReport, ToWorker, WorkerReport } from './worker-protocol';

/** At most this many sockets per worker process: the per-process file limit is 20,000. */
export const MAX_VIEWERS_PER_WORKER = 9000;

const WORKER = fileURLToPath(new URL('./viewer-worker.ts', import.meta.url));

export interface PoolReport {
  viewers: number;
  open: number;
  closedByServer: number;
  frames: number;
  messages: number;
  complete: number;
  latencies: number[];
  /** CPU of all workers over the wall time, in % of one core. */
  cpuPercent: number;
  /** Wall clock of the last benchmark message any viewer received (0: none). */
  lastMessageAt: number;
}

/** The bench's handle on its viewer workers: one request at a time to all of them, answers gathered. */
export class ViewerPool {
  private constructor(private readonly workers: ChildProcess[]) {}

  static start(workers: number): ViewerPool {
    const children = Array.from({ length: workers }, () => fork(WORKER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    return new ViewerPool(children);
  }

  get pids(): number[] {
    return this.workers.map((w) => w.pid ?? 0);
  }

  /** Opens `total` viewers spread over the workers and the node URLs; resolves with how many joined. */
  async connect(urls: string[], total: number, room: string, probeEvery: number, dialect: Dialect = 'tribune'): Promise<{ ok: number; failed: number; ms: number }> {
    const per = Math.ceil(total / this.workers.length);
    if (per > MAX_VIEWERS_PER_WORKER) throw new Error(`${per} viewers per worker: more than ${MAX_VIEWERS_PER_WORKER}`);
    const answers = await Promise.all(
      this.workers.map((w, i) =>
        this.ask(w, { op: 'connect', urls, count: Math.max(0, Math.min(per, total - i * per)), firstIndex: i * per, room, probeEvery, concurrency: 100, dialect }, 'connected'),
      ),
    );
    return answers.reduce((acc, a) => ({ ok: acc.ok + a.ok, failed: acc.failed + a.failed, ms: Math.max(acc.ms, a.ms) }), { ok: 0, failed: 0, ms: 0 });
  }

  /** Opens `total` slow readers spread over the workers (source addresses from `firstIndex` on). */
  async openSlow(urls: string[], total: number, room: string, firstIndex: number, dialect: Dialect = 'tribune'): Promise<{ ok: number; failed: number }> {
    const per = Math.ceil(total / this.workers.length);
    const answers = await Promise.all(
      this.workers.map((w, i) => this.ask(w, { op: 'slow', urls, count: Math.max(0, Math.min(per, total - i * per)), firstIndex: firstIndex + i * per, room, concurrency: 100, dialect }, 'slowOpened')),
    );
    return answers.reduce((acc, a) => ({ ok: acc.ok + a.ok, failed: acc.failed + a.failed }), { ok: 0, failed: 0 });
  }

  /** Resumes the slow readers and sums how they ended. */
  async slowCheck(): Promise<Omit<SlowReport, 'op'>> {
    const reports = await Promise.all(this.workers.map((w) => this.ask(w, { op: 'slowCheck' }, 'slowChecked')));
    const sum = (f: (r: SlowReport) => number) => reports.reduce((n, r) => n + f(r), 0);
    return { slow: sum((r) => r.slow), cut: sum((r) => r.cut), otherClose: sum((r) => r.otherClose), open: sum((r) => r.open) };
  }

  async reset(): Promise<void> {
    await Promise.all(this.workers.map((w) => this.ask(w, { op: 'reset' }, 'reset')));
  }

  async report(expected: number, countsOnly = false): Promise<PoolReport> {
    const reports = await Promise.all(this.workers.map((w) => this.ask(w, { op: 'report', expected, countsOnly }, 'report')));
    const sum = (f: (r: WorkerReport) => number) => reports.reduce((n, r) => n + f(r), 0);
    const wall = Math.max(...reports.map((r) => r.wallMs));
    return {
      viewers: sum((r) => r.viewers),
      open: sum((r) => r.open),
      closedByServer: sum((r) => r.closedByServer),
      frames: sum((r) => r.frames),
      messages: sum((r) => r.messages),
      complete: sum((r) => r.complete),
      latencies: reports.flatMap((r) => r.latencies),
      cpuPercent: (sum((r) => r.cpuMs) / wall) * 100,
      lastMessageAt: Math.max(...reports.map((r) => r.lastMessageAt)),
    };
  }

  /** Every viewer drops and rejoins with `since` within `withinMs`; resolves when all have tried. */
  async storm(withinMs: number): Promise<Omit<StormReport, 'op'>> {
    const reports = await Promise.all(this.workers.map((w) => this.ask(w, { op: 'storm', withinMs }, 'stormed')));
    return {
      rejoined: reports.reduce((n, r) => n + r.rejoined, 0),
      failed: reports.reduce((n, r) => n + r.failed, 0),
      retries: reports.reduce((n, r) => n + r.retries, 0),
      failureReasons: reports.reduce<Record<string, number>>((all, r) => {
        for (const [k, v] of Object.entries(r.failureReasons)) all[k] = (all[k] ?? 0) + v;
        return all;
      }, {}),
      recovered: reports.reduce((n, r) => n + r.recovered, 0),
      notRecovered: reports.reduce((n, r) => n + r.notRecovered, 0),
      joinMs: reports.flatMap((r) => r.joinMs),
      lastRejoinMs: Math.max(...reports.map((r) => r.lastRejoinMs)),
    };
  }

  async close(): Promise<void> {
    await Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.exitCode !== null || w.signalCode !== null) return resolve();
            const timer = setTimeout(() => w.kill('SIGKILL'), 5000);
            w.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            w.send({ op: 'close' } satisfies ToWorker);
          }),
      ),
    );
  }

  private ask<K extends FromWorker['op']>(worker: ChildProcess, msg: ToWorker, answer: K, timeoutMs = 180_000): Promise<Extract<FromWorker, { op: K }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        worker.off('message', onMessage);
        reject(new Error(`worker ${worker.pid}: no ${answer} within ${timeoutMs} ms`));
      }, timeoutMs);
      const onMessage = (raw: unknown) => {
        const m = raw as FromWorker;
        if (m.op === 'error') {
          clearTimeout(timer);
          worker.off('message', onMessage);
          reject(new Error(`worker ${worker.pid}: ${m.message}`));
        } else if (m.op === answer) {
          clearTimeout(timer);
          worker.off('message', onMessage);
          resolve(m as Extract<FromWorker, { op: K }>);
        }
      };
      worker.on('message', onMessage);
      worker.send(msg);
    });
  }
}
