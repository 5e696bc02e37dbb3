import type { Sanctions } from './sanctions';

/** An in-process Sanctions for unit tests of the pipeline; production uses RedisSanctions. */
export class MemorySanctions implements Sanctions {
  /** `room user` → expiry (ms since epoch). */
  readonly until = new Map<string, number>();
  /** When set, every call fails as Redis would when it is unreachable. */
  failing = false;

  constructor(private readonly now: () => number = Date.now) {}

  async isTimedOut(room: string, userId: string): Promise<boolean> {
    if (this.failing) throw new Error('memory sanctions set to fail');
    return (this.until.get(`${room} ${userId}`) ?? 0) > this.now();
  }

  async timeOut(room: string, userId: string, seconds: number): Promise<void> {
    if (this.failing) throw new Error('memory sanctions set to fail');
    this.until.set(`${room} ${userId}`, this.now() + seconds * 1000);
  }
}
