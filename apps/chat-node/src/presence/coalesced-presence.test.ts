import { describe, expect, it } from 'vitest';
import { CoalescedPresence } from './coalesced-presence';
import type { Presence } from './presence';

/** A presence whose calls complete only when released, recording what reached it. */
class SlowPresence implements Presence {
  readonly writes: number[] = [];
  reads = 0;
  stored = 0;
  private held: (() => void)[] = [];
  setLocalViewers(_room: string, count: number): Promise<void> {
    this.writes.push(count);
    return new Promise((resolve) =>
      this.held.push(() => {
        this.stored = count;
        resolve();
      }),
    );
  }
  totalViewers(): Promise<number> {
    this.reads += 1;
    const seen = this.stored;
    return new Promise((resolve) => this.held.push(() => resolve(seen)));
  }
  async reassert(): Promise<void> {}
  async clearLocal(): Promise<void> {}
  release(): void {
    for (const done of this.held.splice(0)) done();
  }
}

const tick = () => new Promise((r) => setImmediate(r));

describe('CoalescedPresence', () => {
  it('a storm of joins makes one write on the wire and one queued, and the last write carries the latest count', async () => {
    const inner = new SlowPresence();
    const presence = new CoalescedPresence(inner);
    const writes = Array.from({ length: 100 }, (_, i) => presence.setLocalViewers('r', i + 1));
    await tick();
    expect(inner.writes).toEqual([100]);
    // More joins while that write is on the wire: they share one queued write.
    const more = Array.from({ length: 50 }, (_, i) => presence.setLocalViewers('r', 101 + i));
    inner.release();
    await tick();
    expect(inner.writes).toEqual([100, 150]);
    inner.release();
    await Promise.all([...writes, ...more]);
    expect(inner.stored).toBe(150);
  });

  it('shares a read only with callers whose write had completed when it was issued', async () => {
    const inner = new SlowPresence();
    const presence = new CoalescedPresence(inner);
    const first = presence.setLocalViewers('r', 1);
    await tick();
    inner.release();
    await first;
    const a = presence.totalViewers('r');
    const b = presence.totalViewers('r');
    expect(inner.reads).toBe(1);
    // A later join's write completes while that read is still on the wire: it needs a read of its own.
    const second = presence.setLocalViewers('r', 2);
    await tick();
    inner.release();
    await second;
    const c = presence.totalViewers('r');
    expect(inner.reads).toBe(2);
    inner.release();
    expect(await a).toBe(1);
    expect(await b).toBe(1);
    expect(await c).toBe(2);
  });
});
