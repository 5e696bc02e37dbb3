/**
 * How failed logins slow down and then stop guessing (NIST SP 800-63B §5.2.2: at most 100 consecutive failures per
 * account before lockout; backoff sooner). Pure: the store (login-throttle.ts) applies it under a row lock.
 */
export interface ThrottlePolicy {
  /** Failures are counted from the first one in a window of this length; an expired window starts again at 0. */
  windowMs: number;
  /** Failures allowed back to back before any wait. */
  freeFailures: number;
  /** At this many failures in the window, no attempt is judged until the window ends (lockout). */
  lockoutFailures: number;
  /** First wait after the free failures; doubles with each further failure, up to `backoffMaxMs`. */
  backoffBaseMs: number;
  backoffMaxMs: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Per account (the normalized email, existing or not): 5 free, then 10 s doubling to 15 min; locked at 100 in 30 days. */
export const ACCOUNT_POLICY: ThrottlePolicy = { windowMs: 30 * DAY, freeFailures: 5, lockoutFailures: 100, backoffBaseMs: 10_000, backoffMaxMs: 15 * MINUTE };

/** Per client address (spraying many accounts): 20 free, then 10 s doubling to 5 min; locked at 200 in an hour. */
export const IP_POLICY: ThrottlePolicy = { windowMs: 60 * MINUTE, freeFailures: 20, lockoutFailures: 200, backoffBaseMs: 10_000, backoffMaxMs: 5 * MINUTE };

export interface ThrottleState {
  failures: number;
  windowStart: number;
  blockedUntil: number;
}

/** The state once `now` is taken into account: an ended window is forgotten. */
export function current(policy: ThrottlePolicy, state: ThrottleState, now: number): ThrottleState {
  if (now - state.windowStart >= policy.windowMs) return { failures: 0, windowStart: now, blockedUntil: now };
  return state;
}

/** Until when the next attempt waits after `failures` failures in a window that began at `windowStart`. */
export function blockedUntil(policy: ThrottlePolicy, failures: number, windowStart: number, now: number): number {
  if (failures >= policy.lockoutFailures) return windowStart + policy.windowMs;
  if (failures < policy.freeFailures) return now;
  const exponent = Math.min(failures - policy.freeFailures, 30);
  return now + Math.min(policy.backoffBaseMs * 2 ** exponent, policy.backoffMaxMs);
}

/** One more attempt counted (as a failure until it is known to have succeeded). */
export function countAttempt(policy: ThrottlePolicy, state: ThrottleState, now: number): ThrottleState {
  const failures = state.failures + 1;
  return { failures, windowStart: state.windowStart, blockedUntil: blockedUntil(policy, failures, state.windowStart, now) };
}
