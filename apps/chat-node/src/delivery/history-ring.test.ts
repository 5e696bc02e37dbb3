import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '@tribune/contracts';
import { HistoryRing } from './history-ring';

const msg = (n: number): ChatMessage => ({ room: 'r', id: `m${n}`, user: { id: 'u', name: 'U', roles: [] }, text: `t${n}`, ts: n });
const ids = (ms: ChatMessage[]) => ms.map((m) => m.id);

describe('HistoryRing', () => {
  it('keeps the newest `capacity` messages and gives them newest first', () => {
    const ring = new HistoryRing(3);
    for (let i = 1; i <= 5; i++) ring.push(msg(i));
    expect(ring.length).toBe(3);
    expect(ids(ring.recent(10))).toEqual(['m5', 'm4', 'm3']);
    expect(ids(ring.recent(2))).toEqual(['m5', 'm4']);
    expect(ring.has('m2')).toBe(false);
  });

  it('recovers by id what came after it, and says when the id is gone', () => {
    const ring = new HistoryRing(4);
    for (let i = 1; i <= 6; i++) ring.push(msg(i));
    expect(ring.since('m4')).toEqual({ messages: [msg(5), msg(6)], complete: true });
    expect(ring.since('m6')).toEqual({ messages: [], complete: true });
    expect(ring.since('m1')).toEqual({ messages: [], complete: false });
  });

  it('removes deleted messages (by id or by sender) keeping the rest in order, so neither history nor since gives them', () => {
    const ring = new HistoryRing(5);
    for (let i = 1; i <= 5; i++) ring.push(i % 2 === 0 ? { ...msg(i), user: { id: 'spammer', name: 'S', roles: [] } } : msg(i));
    expect(ring.remove((m) => m.id === 'm3')).toEqual(['m3']);
    expect(ids(ring.recent(10))).toEqual(['m5', 'm4', 'm2', 'm1']);
    expect(ring.has('m3')).toBe(false);
    expect(ring.remove((m) => m.user.id === 'spammer')).toEqual(['m2', 'm4']);
    expect(ids(ring.recent(10))).toEqual(['m5', 'm1']);
    expect(ids(ring.since('m1').messages)).toEqual(['m5']);
    expect(ring.remove((m) => m.id === 'nope')).toEqual([]);
    // Still a ring of its capacity after the rebuild.
    for (let i = 6; i <= 10; i++) ring.push(msg(i));
    expect(ids(ring.recent(10))).toEqual(['m10', 'm9', 'm8', 'm7', 'm6']);
  });

  it('does not hold a message twice', () => {
    const ring = new HistoryRing(4);
    ring.push(msg(1));
    ring.push(msg(1));
    expect(ring.length).toBe(1);
  });

  it('puts older messages (newest first, as Redis keeps them) before the live ones, skipping duplicates and ids on their way', () => {
    const ring = new HistoryRing(5);
    ring.push(msg(4));
    ring.push(msg(5));
    ring.prependOlder([msg(6), msg(4), msg(3), msg(2), msg(1)], new Set(['m6']));
    expect(ids(ring.recent(10))).toEqual(['m5', 'm4', 'm3', 'm2', 'm1']);
    expect(ring.since('m2').messages.map((m) => m.id)).toEqual(['m3', 'm4', 'm5']);
  });
});
