import { describe, expect, it } from 'vitest';
import { sourceAddress, VIEWERS_PER_ADDRESS } from './source-address';

describe('sourceAddress', () => {
  it('puts at most VIEWERS_PER_ADDRESS viewers on one loopback address', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) counts.set(sourceAddress(i), (counts.get(sourceAddress(i)) ?? 0) + 1);
    expect(Math.max(...counts.values())).toBe(VIEWERS_PER_ADDRESS);
    expect(counts.size).toBe(500);
    for (const address of counts.keys()) expect(address).toMatch(/^127\.10\.\d{1,3}\.([1-9]\d?|1\d\d|2[0-4]\d|250)$/);
  });
});
