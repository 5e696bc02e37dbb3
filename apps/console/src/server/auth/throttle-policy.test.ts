import { describe, expect, it } from 'vitest';
import { ACCOUNT_POLICY, countAttempt, current, IP_POLICY, type ThrottleState } from './throttle-policy';

const DAY = 86_400_000;

/** Fails as fast as the policy lets one, for `span` ms: how many attempts got judged. */
function attackFor(policy: typeof ACCOUNT_POLICY, span: number): number {
  let now = 0;
  let state: ThrottleState = { failures: 0, windowStart: 0, blockedUntil: 0 };
  let judged = 0;
  while (now < span) {
    state = current(policy, state, now);
    if (state.blockedUntil > now) {
      now = state.blockedUntil;
      continue;
    }
    state = countAttempt(policy, state, now);
    judged += 1;
  }
  return judged;
}

describe('throttle policy', () => {
  it('lets the first five failures through at once, then doubles the wait from 10 s up to 15 min', () => {
    let state: ThrottleState = { failures: 0, windowStart: 0, blockedUntil: 0 };
    const waits: number[] = [];
    for (let i = 0; i < 16; i++) {
      state = countAttempt(ACCOUNT_POLICY, state, 0);
      waits.push(state.blockedUntil);
    }
    expect(waits.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(waits.slice(4, 8)).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(waits[15]).toBe(15 * 60_000);
  });

  it('never judges more than 100 guesses against one account in 30 days (NIST SP 800-63B)', () => {
    expect(attackFor(ACCOUNT_POLICY, 30 * DAY - 1)).toBe(100);
    // and the lockout holds to the end of the window, not just for a while
    expect(attackFor(ACCOUNT_POLICY, 29 * DAY)).toBe(100);
  });

  it('caps one address at its lockout per hour', () => {
    expect(attackFor(IP_POLICY, 3_600_000 - 1)).toBeLessThanOrEqual(IP_POLICY.lockoutFailures);
  });

  it('forgets an ended window', () => {
    const state = { failures: 99, windowStart: 0, blockedUntil: 30 * DAY };
    expect(current(ACCOUNT_POLICY, state, 30 * DAY)).toEqual({ failures: 0, windowStart: 30 * DAY, blockedUntil: 30 * DAY });
    expect(current(ACCOUNT_POLICY, state, 30 * DAY - 1)).toBe(state);
  });
});
