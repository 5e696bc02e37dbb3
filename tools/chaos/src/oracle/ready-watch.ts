import type { LaneApp } from '../stack/lane';
import { readyStatus } from '../stack/metrics';

export interface ReadySample {
  at: number;
  app: string;
  /** HTTP status of /readyz; 0 = no answer. */
  status: number;
}

/**
 * Polls every app's `/readyz` every `intervalMs` until stopped: what a load balancer would see. A probe
 * unanswered within `timeoutMs` (2 s, a usual health-check timeout) is recorded as status 0.
 */
export class ReadyWatch {
  readonly samples: ReadySample[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly apps: LaneApp[],
    private readonly intervalMs = 500,
    private readonly timeoutMs = 2000,
  ) {}

  start(): void {
    const tick = () => {
      Promise.all(this.apps.map(async (a) => this.samples.push({ at: Date.now(), app: a.name, status: await readyStatus(a.app.httpUrl, this.timeoutMs) })))
        .catch(() => undefined)
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, this.intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Per app, the first time after `from` that /readyz was not 200 (ms after `from`), or undefined. */
  firstNotReadyAfter(from: number, until: number): Map<string, number | undefined> {
    const result = new Map<string, number | undefined>();
    for (const a of this.apps) {
      const hit = this.samples.find((s) => s.app === a.name && s.at >= from && s.at <= until && s.status !== 200);
      result.set(a.name, hit ? hit.at - from : undefined);
    }
    return result;
  }

  /** Counts of /readyz statuses in a window, e.g. `200×12 503×30`. */
  statusesBetween(from: number, until: number): string {
    const counts = new Map<number, number>();
    for (const s of this.samples) if (s.at >= from && s.at <= until) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
    return [...counts].map(([status, n]) => `${status}×${n}`).join(' ') || 'none';
  }
}
