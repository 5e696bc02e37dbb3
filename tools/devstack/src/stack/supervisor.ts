import type { ManagedProcess } from '../process/child-process';

export interface SupervisorOptions {
  name: string;
  /** Starts one run of the app. */
  start: () => ManagedProcess;
  /** Called for each restart decision: `exited` with the code, and the delay before the next start. */
  onRestart: (info: { code: number | string; restarts: number; delayMs: number }) => void;
  /** First delay after a crash; doubles per crash in a row up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A run that lasted this long counts as healthy: the next crash starts again from `baseDelayMs`. */
  healthyAfterMs?: number;
}

/**
 * Keeps one app running for `npm start`: when it exits on its own (a crash, an exit after an uncaught
 * exception) it is started again after a delay that grows with crashes in a row (1 s, 2 s, 4 s … 30 s), so a
 * crash loop neither spins the CPU nor gives up. Each restart is reported with its count. `stop()` ends it.
 */
export class Supervisor {
  private proc: ManagedProcess;
  private startedAt = Date.now();
  private stopping = false;
  private pending: NodeJS.Timeout | null = null;
  private crashesInRow = 0;
  restarts = 0;

  constructor(private readonly options: SupervisorOptions) {
    this.proc = this.run();
  }

  get name(): string {
    return this.options.name;
  }

  /** The run in progress (or the one that just exited, while a restart is pending). */
  get current(): ManagedProcess {
    return this.proc;
  }

  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    if (this.pending) clearTimeout(this.pending);
    this.pending = null;
    await this.proc.stop(graceMs);
  }

  private run(): ManagedProcess {
    const proc = this.options.start();
    this.startedAt = Date.now();
    proc.exited.then((code) => this.exited(code)).catch(() => undefined);
    return proc;
  }

  private exited(code: number | string): void {
    if (this.stopping) return;
    const { baseDelayMs = 1000, maxDelayMs = 30_000, healthyAfterMs = 60_000 } = this.options;
    if (Date.now() - this.startedAt >= healthyAfterMs) this.crashesInRow = 0;
    const delayMs = Math.min(maxDelayMs, baseDelayMs * 2 ** this.crashesInRow);
    this.crashesInRow += 1;
    this.restarts += 1;
    this.options.onRestart({ code, restarts: this.restarts, delayMs });
    this.pending = setTimeout(() => {
      this.pending = null;
      if (!this.stopping) this.proc = this.run();
    }, delayMs);
  }
}
