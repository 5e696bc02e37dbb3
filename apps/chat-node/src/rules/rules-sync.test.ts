import { pino } from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it, vi } from 'vitest';
import type { RuleSet } from '@tribune/contracts';
import { createChatMetrics } from '../metrics';
import { LiveRules } from './live-rules';
import { MemoryRuleSource } from './memory-rule-source';
import { RulesNotLoadedError, RulesSync } from './rules-sync';

const compile = (rules: RuleSet) => rules.words.map((w) => w.term);
const snap = (version: number, term: string) => JSON.stringify({ v: 1, version, publishedAt: 1, rules: { words: [{ id: 'w', term }] } });

function setup(pollMs = 60_000, requireSnapshot = true) {
  const source = new MemoryRuleSource();
  const live = new LiveRules(compile);
  const metrics = createChatMetrics(new Registry());
  const sync = new RulesSync({ source, live, pollMs, logger: pino({ level: 'silent' }), metrics, requireSnapshot });
  return { source, live, metrics, sync };
}

const settle = () => new Promise((r) => setTimeout(r, 10));

describe('RulesSync', () => {
  it('with no snapshot in Redis stays unready, asks the console to republish, and is ready once it answers', async () => {
    const { sync, live, source, metrics } = setup();
    await expect(sync.start()).rejects.toBeInstanceOf(RulesNotLoadedError);
    expect(sync.ready).toBe(false);
    expect(live.current()).toBeNull();
    expect(source.republishRequests).toBe(1);
    expect((await metrics.rulesStale.get()).values[0]?.value).toBe(1);
    source.publish(snap(3, 'three'), 3);
    await settle();
    expect(sync.ready).toBe(true);
    expect(live.current()).toMatchObject({ version: 3, compiled: ['three'] });
    await sync.start();
    await sync.stop();
  });

  it('keeps the rules it has when the snapshot key disappears (Redis lost its data) and asks for a republish', async () => {
    const { sync, live, source } = setup();
    source.snapshot = snap(2, 'two');
    await sync.start();
    source.snapshot = null;
    source.reconnect();
    await settle();
    expect(live.current()).toMatchObject({ version: 2, compiled: ['two'] });
    expect(sync.ready).toBe(true);
    expect(source.republishRequests).toBe(1);
    await sync.stop();
  });

  it('without a console (requireSnapshot off) starts with the empty set at version 0 when nothing was published', async () => {
    const { sync, live, metrics } = setup(60_000, false);
    await sync.start();
    expect(sync.ready).toBe(true);
    expect(live.current()).toMatchObject({ version: 0, compiled: [] });
    expect((await metrics.rulesVersion.get()).values[0]?.value).toBe(0);
    await sync.stop();
  });

  it('swaps in a newer announced version and ignores an announcement it already enforces', async () => {
    const { sync, live, source, metrics } = setup();
    source.snapshot = snap(1, 'one');
    await sync.start();
    source.publish(snap(2, 'two'), 2);
    await settle();
    expect(live.current()).toMatchObject({ version: 2, compiled: ['two'] });
    expect((await metrics.rulesVersion.get()).values[0]?.value).toBe(2);
    const before = source.fetches;
    source.publish(snap(2, 'two'), 1);
    await settle();
    expect(source.fetches).toBe(before);
    await sync.stop();
  });

  it('tells the node about each version it swapped in, and only those', async () => {
    const source = new MemoryRuleSource();
    const live = new LiveRules(compile);
    const applied: number[] = [];
    const sync = new RulesSync({ source, live, pollMs: 60_000, logger: pino({ level: 'silent' }), metrics: createChatMetrics(new Registry()), onApplied: (v) => applied.push(v) });
    source.snapshot = snap(1, 'one');
    await sync.start();
    source.publish(snap(2, 'two'), 2);
    await settle();
    source.publish(snap(2, 'two'), 2);
    source.publish('{"v":1,"version":3}', 3);
    await settle();
    expect(applied).toEqual([1, 2]);
    await sync.stop();
  });

  it('keeps the last good version and counts an invalid snapshot', async () => {
    const { sync, live, source, metrics } = setup();
    source.snapshot = snap(1, 'one');
    await sync.start();
    source.publish('{"v":1,"version":2,"rules":"nope"}', 2);
    await settle();
    expect(live.current()).toMatchObject({ version: 1, compiled: ['one'] });
    expect((await metrics.rulesInvalid.get()).values[0]?.value).toBe(1);
    await sync.stop();
  });

  it('stays unready with no rules (never the empty set) when the first snapshot is invalid, and recovers on a valid one', async () => {
    const { sync, live, source, metrics } = setup();
    source.snapshot = '{"v":1,"version":3,"publishedAt":1,"rules":{"words":"nope"}}';
    await expect(sync.start()).rejects.toBeInstanceOf(RulesNotLoadedError);
    expect(sync.ready).toBe(false);
    expect(live.current()).toBeNull();
    expect((await metrics.rulesStale.get()).values[0]?.value).toBe(1);
    expect((await metrics.rulesInvalid.get()).values[0]?.value).toBe(1);
    // The caller retries start(): still invalid, still unready.
    await expect(sync.start()).rejects.toBeInstanceOf(RulesNotLoadedError);
    expect(live.current()).toBeNull();
    // Whoever publishes next — announcement or the retry — gets the node ready.
    source.publish(snap(4, 'fixed'), 4);
    await settle();
    expect(sync.ready).toBe(true);
    expect(live.current()).toMatchObject({ version: 4, compiled: ['fixed'] });
    expect((await metrics.rulesStale.get()).values[0]?.value).toBe(0);
    await expect(sync.start()).resolves.toBeUndefined();
    await sync.stop();
  });

  it('flags stale rules while keeping the last good version when a later snapshot is invalid', async () => {
    const { sync, live, source, metrics } = setup();
    source.snapshot = snap(1, 'one');
    await sync.start();
    expect((await metrics.rulesStale.get()).values[0]?.value).toBe(0);
    source.publish('{nope', 2);
    await settle();
    expect(sync.ready).toBe(true);
    expect(live.version).toBe(1);
    expect((await metrics.rulesStale.get()).values[0]?.value).toBe(1);
    source.publish(snap(3, 'three'), 3);
    await settle();
    expect((await metrics.rulesStale.get()).values[0]?.value).toBe(0);
    await sync.stop();
  });

  it('resyncs after a reconnect even without an announcement', async () => {
    const { sync, live, source } = setup();
    source.snapshot = snap(1, 'first');
    await sync.start();
    source.snapshot = snap(4, 'missed');
    source.reconnect();
    await settle();
    expect(live.version).toBe(4);
    await sync.stop();
  });

  it('resyncs on the poll', async () => {
    vi.useFakeTimers();
    try {
      const { sync, live, source } = setup(30_000);
      source.snapshot = snap(1, 'first');
      await sync.start();
      source.snapshot = snap(9, 'polled');
      await vi.advanceTimersByTimeAsync(30_001);
      expect(live.version).toBe(9);
      await sync.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('collapses triggers during a reload into one follow-up run that sees the latest snapshot', async () => {
    const { sync, live, source } = setup();
    source.snapshot = snap(1, 'first');
    await sync.start();
    const fetchesBefore = source.fetches;
    source.snapshot = snap(5, 'a');
    const runs = [sync.reload('poll'), sync.reload('announcement'), sync.reload('announcement'), sync.reload('reconnect')];
    source.snapshot = snap(6, 'b');
    await Promise.all(runs);
    expect(source.fetches - fetchesBefore).toBe(2);
    expect(live.version).toBe(6);
    await sync.stop();
  });
});
