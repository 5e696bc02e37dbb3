import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

const options = { baseMs: 100, maxMs: 5000 };

describe('backoffDelay (exponential, full jitter)', () => {
  it('spans [0, base·2^attempt) — the extremes of the random draw give 0 and just under the ceiling', () => {
    for (let attempt = 0; attempt < 6; attempt++) {
      const ceiling = 100 * 2 ** attempt;
      expect(backoffDelay(attempt, options, () => 0)).toBe(0);
      expect(backoffDelay(attempt, options, () => 0.999999)).toBe(ceiling - 1);
    }
  });

  it('never passes maxMs, however many attempts', () => {
    expect(backoffDelay(6, options, () => 0.999999)).toBe(4999);
    expect(backoffDelay(1000, options, () => 0.999999)).toBe(4999);
  });

  it('with Math.random, every delay is inside its window and they spread over it (mean near half the ceiling)', () => {
    const samples = Array.from({ length: 4000 }, () => backoffDelay(3, options));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...samples)).toBeLessThan(800);
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    // Uniform on [0, 800): mean 400, standard error ≈ 3.7 — 40 is more than ten of them.
    expect(Math.abs(mean - 400)).toBeLessThan(40);
    expect(samples.filter((s) => s < 200).length).toBeGreaterThan(700);
    expect(samples.filter((s) => s >= 600).length).toBeGreaterThan(700);
  });
});
