import { describe, expect, it } from 'vitest';
import { BASELINE_SECONDS, detectSpike, MIN_WINDOW_MESSAGES, WINDOW_SECONDS, type SecondCount } from './spike-detector';

const now = 1_800_000_000_000;
const lag = 2;
const policy = { factor: 5, minRatePerSecond: 5, minRefusedPercent: 30 };
const end = Math.floor(now / 1000) - lag;

/** `perSecond` messages (of which `refusedPerSecond`) every second of [from, to) seconds before the window's end. */
function steady(fromAgo: number, toAgo: number, perSecond: number, refusedPerSecond = 0): SecondCount[] {
  const out: SecondCount[] = [];
  for (let s = end - fromAgo; s < end - toAgo; s++) out.push({ t: s * 1000, total: perSecond, refused: refusedPerSecond });
  return out;
}
const baseline = (perSecond: number, refused = 0) => steady(WINDOW_SECONDS + BASELINE_SECONDS, WINDOW_SECONDS, perSecond, refused);
const window = (perSecond: number, refused = 0) => steady(WINDOW_SECONDS, 0, perSecond, refused);

describe('detectSpike', () => {
  it('a steady room is not spiking', () => {
    const v = detectSpike([...baseline(10), ...window(12)], policy, now, lag);
    expect(v).toMatchObject({ spiking: false, reason: null, ratePerSecond: 12, baselineRatePerSecond: 10 });
  });

  it('a rate of factor × the median and above the floor is a spike, with the figures in the reason', () => {
    const v = detectSpike([...baseline(4), ...window(20)], policy, now, lag);
    expect(v.spiking).toBe(true);
    expect(v.reason).toBe('20 msg/s against a 10-min median of 4 msg/s');
  });

  it('just under factor × the median is not', () => {
    expect(detectSpike([...baseline(4), ...window(19.9)], policy, now, lag).spiking).toBe(false);
  });

  it('a quiet room needs the floor rate: 3 msg/s after silence is no spike, 5 msg/s is', () => {
    expect(detectSpike(window(3), policy, now, lag).spiking).toBe(false);
    expect(detectSpike(window(5), policy, now, lag)).toMatchObject({ spiking: true, baselineRatePerSecond: 0 });
  });

  it('the median ignores a short burst in the baseline (seconds without messages count as zero)', () => {
    // Two busy windows in ten minutes do not raise the median, which stays at 1 msg/s.
    const burst = steady(300, 280, 200);
    const v = detectSpike([...baseline(1), ...burst, ...window(6)], policy, now, lag);
    expect(v.baselineRatePerSecond).toBe(1);
    expect(v.spiking).toBe(true);
  });

  it('the newest `lag` seconds are not counted yet, and seconds older than the baseline are ignored', () => {
    const late = [{ t: (end + 1) * 1000, total: 1000, refused: 0 }];
    const ancient = steady(WINDOW_SECONDS + BASELINE_SECONDS + 100, WINDOW_SECONDS + BASELINE_SECONDS, 500);
    expect(detectSpike([...late, ...ancient, ...window(1)], policy, now, lag)).toMatchObject({ spiking: false, ratePerSecond: 1, baselineRatePerSecond: 0 });
  });

  it('a jump in the refused share is a spike at the same rate', () => {
    const v = detectSpike([...baseline(4, 0.2), ...window(4, 2)], policy, now, lag);
    expect(v.refusedPercent).toBe(50);
    expect(v.baselineRefusedPercent).toBe(5);
    expect(v.spiking).toBe(true);
    expect(v.reason).toBe('50% refused against a 10-min median of 5%');
  });

  it('a refused share needs enough messages in the window and the minimum percentage', () => {
    const few = MIN_WINDOW_MESSAGES / WINDOW_SECONDS - 0.1;
    expect(detectSpike(window(few, few), policy, now, lag).spiking).toBe(false);
    // 25% refused after a 0% baseline: above factor × 0 but under the 30% floor.
    expect(detectSpike([...baseline(4), ...window(4, 1)], policy, now, lag).spiking).toBe(false);
  });
});
