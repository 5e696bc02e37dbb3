import { describe, expect, it } from 'vitest';
import { LIVE_LATENCY_BOUNDS_MS, latencyBucket, liveField, liveLatencyField, liveViewersField, parseLiveField } from './live-stats';

describe('live stats fields', () => {
  it('puts a latency in the first bucket whose bound holds it, and above the last bound in the open one', () => {
    expect(latencyBucket(0)).toBe(0);
    expect(latencyBucket(5)).toBe(0);
    expect(latencyBucket(5.1)).toBe(1);
    expect(latencyBucket(5000)).toBe(LIVE_LATENCY_BOUNDS_MS.length - 1);
    expect(latencyBucket(5001)).toBe(LIVE_LATENCY_BOUNDS_MS.length);
  });

  it('reads back every field it writes, and nothing of another shape', () => {
    expect(parseLiveField(liveField(100, 'raid'))).toEqual({ second: 100, counter: 'raid' });
    expect(parseLiveField(liveViewersField(100, 'node-1'))).toEqual({ second: 100, viewersOf: 'node-1' });
    for (let b = 0; b <= LIVE_LATENCY_BOUNDS_MS.length; b++) expect(parseLiveField(liveLatencyField(7, b))).toEqual({ second: 7, latencyBucket: b });
    expect(liveLatencyField(7, LIVE_LATENCY_BOUNDS_MS.length)).toBe('7:lat_le_inf');
    for (const bad of ['7:lat_le_7', '7:nope', 'x:accepted', ':accepted', '7']) expect(parseLiveField(bad)).toBeNull();
  });
});
