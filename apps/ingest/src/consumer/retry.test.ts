import { describe, expect, it } from 'vitest';
import { backoffMs } from './retry';

describe('backoffMs', () => {
  it('doubles per attempt within [ceiling/2, ceiling] and stops at the cap', () => {
    expect(backoffMs(1, 100, 10_000, () => 0)).toBe(50);
    expect(backoffMs(1, 100, 10_000, () => 1)).toBe(100);
    expect(backoffMs(4, 100, 10_000, () => 1)).toBe(800);
    expect(backoffMs(30, 100, 10_000, () => 1)).toBe(10_000);
    expect(backoffMs(30, 100, 10_000, () => 0)).toBe(5_000);
  });
});
