import type { Db } from '../db/prisma';
import { ACCOUNT_POLICY, countAttempt, current, IP_POLICY, type ThrottlePolicy } from './throttle-policy';

/**
 * Failed-login throttling shared by every console instance, in PostgreSQL (table `login_throttles`):
 * the counters must be durable for the 30-day account window, and Redis here may evict keys with a TTL
 * (volatile-lru) or, locally, lose everything on restart — an attacker would get a fresh budget each time.
 *
 * An attempt is counted *before* the password is checked, under a row lock, so a thousand guesses sent at
 * once (one batched request, or many instances) are judged one after the other against the same counter;
 * a success gives the attempt back. Keys are the normalized email whether or not an operator has it, so an
 * unknown account is throttled exactly like a real one.
 */
export type ThrottleScope = 'account' | 'ip';

export interface ThrottleSubject {
  scope: ThrottleScope;
  key: string;
}

export type Reservation = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface LoginThrottle {
  /** Counts one attempt against every subject, or none when any of them must wait (then says how long). */
  reserve(subjects: ThrottleSubject[], now?: number): Promise<Reservation>;
  /** The attempt succeeded: the account starts afresh, the address gets its attempt back. */
  succeeded(subjects: ThrottleSubject[]): Promise<void>;
  /** An operator's way out of a lockout (`npm run auth:unlock`). */
  clear(subject: ThrottleSubject): Promise<number>;
}

const POLICIES: Record<ThrottleScope, ThrottlePolicy> = { account: ACCOUNT_POLICY, ip: IP_POLICY };
/** Rows untouched this long are past every window. */
const STALE_MS = ACCOUNT_POLICY.windowMs;

type Row = { scope: string; key: string; failures: number; window_start: Date; blocked_until: Date };

export function createPgLoginThrottle(db: Db, policies: Record<ThrottleScope, ThrottlePolicy> = POLICIES): LoginThrottle {
  return {
    async reserve(subjects, now = Date.now()) {
      // One lock order for every transaction (scope, then key): two logins never wait on each other in a cycle.
      const ordered = [...subjects].sort((a, b) => (a.scope === b.scope ? a.key.localeCompare(b.key) : a.scope.localeCompare(b.scope)));
      return db.$transaction(async (tx) => {
        const at = new Date(now);
        const states = [];
        for (const s of ordered) {
          await tx.$executeRaw`INSERT INTO login_throttles (scope, key, failures, window_start, blocked_until, updated_at)
            VALUES (${s.scope}, ${s.key}, 0, ${at}, ${at}, ${at}) ON CONFLICT (scope, key) DO NOTHING`;
          const [row] = await tx.$queryRaw<Row[]>`SELECT scope, key, failures, window_start, blocked_until FROM login_throttles
            WHERE scope = ${s.scope} AND key = ${s.key} FOR UPDATE`;
          if (!row) throw new Error('login_throttles row vanished under its lock');
          const policy = policies[s.scope];
          states.push({ subject: s, policy, state: current(policy, { failures: row.failures, windowStart: row.window_start.getTime(), blockedUntil: row.blocked_until.getTime() }, now) });
        }
        const waitMs = Math.max(0, ...states.map(({ state }) => state.blockedUntil - now));
        if (waitMs > 0) return { allowed: false as const, retryAfterMs: waitMs };
        for (const { subject, policy, state } of states) {
          const next = countAttempt(policy, state, now);
          await tx.$executeRaw`UPDATE login_throttles SET failures = ${next.failures}, window_start = ${new Date(next.windowStart)},
            blocked_until = ${new Date(next.blockedUntil)}, updated_at = ${at} WHERE scope = ${subject.scope} AND key = ${subject.key}`;
        }
        return { allowed: true as const };
      });
    },

    async succeeded(subjects) {
      for (const s of subjects) {
        if (s.scope === 'account') await db.$executeRaw`DELETE FROM login_throttles WHERE scope = 'account' AND key = ${s.key}`;
        else await db.$executeRaw`UPDATE login_throttles SET failures = GREATEST(failures - 1, 0) WHERE scope = ${s.scope} AND key = ${s.key}`;
      }
      // Opportunistic cleanup keeps the table small without a scheduler (like sessions).
      await db.$executeRaw`DELETE FROM login_throttles WHERE updated_at < ${new Date(Date.now() - STALE_MS)}`;
    },

    async clear(subject) {
      return db.$executeRaw`DELETE FROM login_throttles WHERE scope = ${subject.scope} AND key = ${subject.key}`;
    },
  };
}
