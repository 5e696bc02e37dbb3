import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RoomBatcher } from './room-batcher';

describe('RoomBatcher', () => {
  let flushes: number[][];
  let batcher: RoomBatcher<number>;

  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
    flushes = [];
    batcher = new RoomBatcher<number>({ intervalMs: 50, maxBatch: 10, onFlush: (items) => flushes.push(items) });
  });
  afterEach(() => vi.useRealTimers());

  it('flushes a quiet room on the next turn of the loop, without waiting for the interval', () => {
    batcher.add(1);
    expect(flushes).toEqual([]);
    vi.advanceTimersByTime(0);
    expect(flushes).toEqual([[1]]);
    // Long after: quiet again, flushed at once again.
    vi.advanceTimersByTime(500);
    batcher.add(2);
    vi.advanceTimersByTime(0);
    expect(flushes).toEqual([[1], [2]]);
  });

  it('coalesces what arrives in the same turn into one flush', () => {
    batcher.add(1);
    batcher.add(2);
    batcher.add(3);
    vi.advanceTimersByTime(0);
    expect(flushes).toEqual([[1, 2, 3]]);
  });

  it('under load, flushes at most once per interval, keeping the order of arrival', () => {
    batcher.add(1);
    vi.advanceTimersByTime(0);
    for (let i = 2; i <= 6; i++) {
      vi.advanceTimersByTime(5);
      batcher.add(i);
    }
    expect(flushes).toEqual([[1]]);
    vi.advanceTimersByTime(24);
    expect(flushes).toEqual([[1]]);
    vi.advanceTimersByTime(1);
    expect(flushes).toEqual([[1], [2, 3, 4, 5, 6]]);
    batcher.add(7);
    vi.advanceTimersByTime(49);
    expect(flushes).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(flushes).toEqual([[1], [2, 3, 4, 5, 6], [7]]);
  });

  it('flushes at once when a batch reaches its size bound', () => {
    batcher.add(0);
    vi.advanceTimersByTime(0);
    for (let i = 1; i <= 10; i++) batcher.add(i);
    expect(flushes).toEqual([[0], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]);
    // The scheduled flush has nothing left to send.
    vi.advanceTimersByTime(100);
    expect(flushes).toHaveLength(2);
  });

  it('flush() sends what is pending now; stop() drops it and the scheduled flush', () => {
    batcher.add(1);
    batcher.flush();
    expect(flushes).toEqual([[1]]);
    batcher.add(2);
    expect(batcher.peekPending()).toEqual([2]);
    batcher.stop();
    vi.advanceTimersByTime(100);
    expect(flushes).toEqual([[1]]);
    expect(batcher.pendingCount).toBe(0);
  });

  it('while the owner is not ready, keeps gathering into one batch that goes on resume()', () => {
    let ready = true;
    const gated = new RoomBatcher<number>({ intervalMs: 50, maxBatch: 10, ready: () => ready, onFlush: (items) => flushes.push(items) });
    gated.add(1);
    vi.advanceTimersByTime(0);
    ready = false; // the first frame is still being written
    gated.add(2);
    vi.advanceTimersByTime(60);
    gated.add(3);
    gated.add(4);
    vi.advanceTimersByTime(200);
    expect(flushes).toEqual([[1]]);
    ready = true;
    gated.resume();
    expect(flushes).toEqual([[1], [2, 3, 4]]);
    // Quiet again afterwards: the interval counts from that flush.
    gated.add(5);
    vi.advanceTimersByTime(49);
    expect(flushes).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(flushes).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('a batch at its size bound goes even while the owner is not ready', () => {
    const gated = new RoomBatcher<number>({ intervalMs: 50, maxBatch: 3, ready: () => false, onFlush: (items) => flushes.push(items) });
    for (let i = 1; i <= 7; i++) gated.add(i);
    vi.advanceTimersByTime(100);
    expect(flushes).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(gated.peekPending()).toEqual([7]);
  });
});
