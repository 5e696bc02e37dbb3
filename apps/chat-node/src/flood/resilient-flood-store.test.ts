import { pino } from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { FloodQuery, FloodResult } from '@tribune/moderation';
import { createChatMetrics } from '../metrics';
import type { FloodStore } from './flood-store';
import { MemoryFloodStore } from './memory-flood-store';
import { ResilientFloodStore } from './resilient-flood-store';

/** A shared store that answers like memory (labelled redis) until told to fail. */
class SwitchableShared implements FloodStore {
  failing = false;
  calls = 0;
  private readonly memory = new MemoryFloodStore();
  async answer(query: FloodQuery): Promise<FloodResult[]> {
    this.calls++;
    if (this.failing) throw new Error('connection reset');
    const results = await this.memory.answer(query);
    return results.map((r) => ({ ...r, counter: { ...r.counter, store: 'redis' as const } }));
  }
}

function setup() {
  const shared = new SwitchableShared();
  const metrics = createChatMetrics(new Registry());
  let clock = 1_000;
  let connected = true;
  const store = new ResilientFloodStore({
    shared,
    local: new MemoryFloodStore(),
    sharedConnected: () => connected,
    retryMs: 1_000,
    logger: pino({ level: 'silent' }),
    metrics,
    now: () => clock,
  });
  const query = (ts: number): FloodQuery => ({ room: 'r', userId: 'u', ts, key: 'same text', rules: [{ id: 'd', kind: 'duplicate', windowSeconds: 30, similarity: 0.9, minLength: 0, roomId: null, action: 'reject', enabled: true }] });
  const gauge = async () => (await metrics.floodStoreLocal.get()).values[0]?.value;
  const checks = async (store: string) => (await metrics.floodChecks.get()).values.find((v) => v.labels.store === store)?.value ?? 0;
  return { shared, store, query, gauge, checks, tick: (ms: number) => (clock += ms), disconnect: (v: boolean) => (connected = !v) };
}

describe('resilient flood store', () => {
  it('answers from the shared store while it works', async () => {
    const { store, query, gauge, checks } = setup();
    await store.answer(query(1));
    const [second] = await store.answer(query(2));
    expect(second).toMatchObject({ hit: true, counter: { name: 'copies', value: 1, store: 'redis' } });
    expect(store.describe()).toBe('redis');
    expect(await gauge()).toBe(0);
    expect(await checks('redis')).toBe(2);
  });

  it('falls back to node-local state on a failure, still enforcing, and says so (gauge, detail, counter store)', async () => {
    const { shared, store, query, gauge, checks } = setup();
    shared.failing = true;
    const [first] = await store.answer(query(1));
    expect(first).toMatchObject({ hit: false, counter: { store: 'local' } });
    const [second] = await store.answer(query(2));
    expect(second).toMatchObject({ hit: true, counter: { name: 'copies', store: 'local' } });
    expect(store.local).toBe(true);
    expect(store.describe()).toMatch(/^node-local since .* \(connection reset\)$/);
    expect(await gauge()).toBe(1);
    expect(await checks('local')).toBe(2);
    // Only the first answer tried Redis: the next ones wait for the retry interval.
    expect(shared.calls).toBe(1);
  });

  it('tries the shared store again after the retry interval and returns to it when it answers', async () => {
    const { shared, store, query, gauge, tick } = setup();
    shared.failing = true;
    await store.answer(query(1));
    shared.failing = false;
    await store.answer(query(2));
    expect(shared.calls).toBe(1);
    tick(1_000);
    const [probe] = await store.answer(query(3));
    expect(probe!.counter.store).toBe('redis');
    expect(store.describe()).toBe('redis');
    expect(await gauge()).toBe(0);
  });

  it('answers locally at once while the connection is down, without queueing on it', async () => {
    const { shared, store, query, gauge, disconnect } = setup();
    disconnect(true);
    expect(store.describe()).toBe('node-local (redis not connected)');
    const [r] = await store.answer(query(1));
    expect(r!.counter.store).toBe('local');
    expect(shared.calls).toBe(0);
    expect(store.describe()).toContain('redis not connected');
    expect(await gauge()).toBe(1);
  });
});
