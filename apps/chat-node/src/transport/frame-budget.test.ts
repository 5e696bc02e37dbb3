import { describe, expect, it } from 'vitest';
import { FrameBudget, TokenBucket } from './frame-budget';

const limits = { framesPerSecond: 10, framesBurst: 20, joinsPerSecond: 1, joinsBurst: 3, invalidPerMinute: 6, invalidBurst: 2 };

describe('TokenBucket', () => {
  it('allows the burst, then the rate', () => {
    const b = new TokenBucket(3, 2, 0);
    expect([b.take(0), b.take(0), b.take(0), b.take(0)]).toEqual([true, true, true, false]);
    expect(b.take(499)).toBe(false);
    expect(b.take(500)).toBe(true);
  });
});

describe('FrameBudget', () => {
  it('lets a normal client through and refuses past the frame burst', () => {
    const budget = new FrameBudget(limits, 0);
    const verdicts = Array.from({ length: 25 }, () => budget.chargeFrame(0));
    expect(verdicts.slice(0, 20).every((v) => v === 'ok')).toBe(true);
    expect(verdicts.slice(20).every((v) => v === 'refuse')).toBe(true);
    expect(budget.chargeFrame(1000)).toBe('ok');
  });

  it('closes a connection that keeps flooding at twice its budget', () => {
    const budget = new FrameBudget(limits, 0);
    const verdicts = Array.from({ length: 41 }, () => budget.chargeFrame(0));
    expect(verdicts[39]).toBe('refuse');
    expect(verdicts[40]).toBe('close');
  });

  it('budgets joins and leaves on their own', () => {
    const budget = new FrameBudget(limits, 0);
    expect(['join', 'leave', 'join', 'join'].map((k) => budget.chargeKind(k, 0))).toEqual(['ok', 'ok', 'ok', 'refuse']);
    expect(budget.chargeKind('send', 0)).toBe('ok');
    expect(budget.chargeKind('join', 1000)).toBe('ok');
  });

  it('closes after the invalid-frame budget is spent', () => {
    const budget = new FrameBudget(limits, 0);
    expect(['invalid', 'invalid', 'invalid'].map((k) => budget.chargeKind(k, 0))).toEqual(['ok', 'ok', 'close']);
  });

  it('notifies at most once a second', () => {
    const budget = new FrameBudget(limits, 0);
    expect([budget.shouldNotify(1000), budget.shouldNotify(1500), budget.shouldNotify(2000)]).toEqual([true, false, true]);
  });
});
