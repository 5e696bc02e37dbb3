import type { ActiveSanction, SanctionOrigin, Sanctions } from './sanctions';

/** An in-process Sanctions for unit tests of the pipeline; production uses RedisSanctions. */
export class MemorySanctions implements Sanctions {
  /** `room user` → timeout expiry (ms since epoch). */
  readonly until = new Map<string, number>();
  /** `room user` (room `*` = every room) → ban expiry, null for none. */
  readonly bans = new Map<string, number | null>();
  /** Who gave each timeout, by `room user`. */
  readonly origins = new Map<string, SanctionOrigin>();
  /** When set, every call fails as Redis would when it is unreachable. */
  failing = false;

  constructor(private readonly now: () => number = Date.now) {}

  async active(room: string, userId: string): Promise<ActiveSanction | null> {
    if (this.failing) throw new Error('memory sanctions set to fail');
    const now = this.now();
    for (const scope of ['global', 'room'] as const) {
      const key = `${scope === 'global' ? '*' : room} ${userId}`;
      if (!this.bans.has(key)) continue;
      const until = this.bans.get(key) ?? null;
      if (until === null || until > now) return { kind: 'ban', scope, until };
    }
    const until = this.until.get(`${room} ${userId}`) ?? 0;
    return until > now ? { kind: 'timeout', scope: 'room', until } : null;
  }

  async timeOut(room: string, userId: string, seconds: number, origin: SanctionOrigin): Promise<void> {
    if (this.failing) throw new Error('memory sanctions set to fail');
    this.until.set(`${room} ${userId}`, this.now() + seconds * 1000);
    this.origins.set(`${room} ${userId}`, origin);
  }

  /** Bans the user from `room` (null: every room) until `until` (null: no expiry), as the console would. */
  ban(room: string | null, userId: string, until: number | null = null): void {
    this.bans.set(`${room ?? '*'} ${userId}`, until);
  }
}
