import { describe, expect, it } from 'vitest';
import { messageTotalsSource, rangeParams, resolutionFor, timeRange } from './time-range';

describe('time ranges of the rollups', () => {
  const now = Date.UTC(2026, 11, 2, 12, 0, 0);
  it('reads per second up to an hour within the last 7 days, per minute beyond', () => {
    expect(resolutionFor({ from: now - 15 * 60_000, to: now }, now)).toBe('second');
    expect(resolutionFor({ from: now - 3_600_000, to: now }, now)).toBe('second');
    expect(resolutionFor({ from: now - 3_600_001, to: now }, now)).toBe('minute');
    expect(resolutionFor({ from: now - 8 * 86_400_000, to: now - 8 * 86_400_000 + 60_000 }, now)).toBe('minute');
  });
  it('widens a range to whole buckets, in unix seconds', () => {
    expect(rangeParams({ from: now + 1_500, to: now + 2_001 }, 1)).toEqual({ from: now / 1000 + 1, to: now / 1000 + 3 });
    expect(rangeParams({ from: now + 59_999, to: now + 60_001 }, 60)).toEqual({ from: now / 1000, to: now / 1000 + 120 });
  });
  it('refuses an empty or reversed range', () => {
    expect(timeRange.safeParse({ from: now, to: now }).success).toBe(false);
    expect(timeRange.safeParse({ from: now, to: now + 1 }).success).toBe(true);
  });
  it('reads the whole hours of a total per hour and its edges per minute', () => {
    const h = now / 1000;
    expect(messageTotalsSource({ from: now - 90 * 60_000, to: now + 135 * 60_000 + 1 }, 'minute').params).toEqual({ from: h - 5400, to: h + 8160, hourFrom: h - 3600, hourTo: h + 7200 });
    // No whole hour inside: the hourly half is empty, the minutes cover it all.
    const short = messageTotalsSource({ from: now + 60_000, to: now + 120_000 }, 'minute');
    expect(short.params.hourFrom).toBe(short.params.hourTo);
    expect(short.from).toContain('chat.messages_1h');
    expect(messageTotalsSource({ from: now, to: now + 5_000 }, 'second')).toMatchObject({ params: { from: h, to: h + 5 } });
  });
});
