import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatMessage, ServerFrame } from '@tribune/contracts';
import type { Identity } from '../auth/viewer-token';
import { createChatMetrics } from '../metrics';
import type { Session } from '../transport/session';
import { RoomStats } from '../stats/room-stats';
import { RoomDelivery, type DeliverySettings } from './room-delivery';
import { seededRandom } from './seeded-random';

class FakeSession implements Session {
  readonly id: string;
  readonly rooms = new Set<string>();
  pendingSends = 0;
  readonly buffers: Buffer[] = [];
  /** false: the socket refuses writes (closing, or cut as a slow reader). */
  writable = true;
  constructor(readonly identity: Identity, readonly ip = '127.0.0.1') {
    this.id = identity.kind === 'viewer' ? identity.user.id : `guest-${Math.random()}`;
  }
  send(): void {}
  sendShared(bytes: Buffer): boolean {
    if (!this.writable) return false;
    this.buffers.push(bytes);
    return true;
  }
  close(): void {}
  frames(): ServerFrame[] {
    return this.buffers.map((b) => JSON.parse(b.toString('utf8')) as ServerFrame);
  }
  /** Ids of every message received, in order, from `message` and `messages` frames alike. */
  ids(): string[] {
    return this.frames().flatMap((f) => (f.type === 'message' ? [f.id] : f.type === 'messages' ? f.messages.map((m) => m.id) : []));
  }
}

const viewer = (id: string): Identity => ({ kind: 'viewer', user: { id, name: id, roles: [] } });
const msg = (n: number, user = 'sender'): ChatMessage => ({ room: 'r', id: `m${String(n).padStart(4, '0')}`, user: { id: user, name: user, roles: [] }, text: `t${n}`, ts: 1_000_000 + n });
const settings: DeliverySettings = { flushMs: 50, maxBatch: 500, maxViewerRate: 60, ringSize: 500, maxLanes: 8, sliceMs: 4 };
const value = async (c: { get(): Promise<{ values: { value: number; labels: object }[] }> }, labels: object = {}) =>
  (await c.get()).values.find((v) => JSON.stringify(v.labels) === JSON.stringify(labels))?.value ?? 0;

describe('RoomDelivery', () => {
  let metrics: ReturnType<typeof createChatMetrics>;
  const make = (over: Partial<DeliverySettings> = {}) => new RoomDelivery({ room: 'r', settings: { ...settings, ...over }, metrics, random: seededRandom(9) });
  const audience = (room: RoomDelivery, n: number, prefix = 'v') => {
    const sessions = Array.from({ length: n }, (_, i) => new FakeSession(viewer(`${prefix}${i}`)));
    for (const s of sessions) room.admit(s);
    return sessions;
  };

  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
    metrics = createChatMetrics(new Registry());
  });
  afterEach(() => vi.useRealTimers());

  it('writes a batch as one frame, encoded once: the same bytes to every viewer, counted once per batch', async () => {
    const room = make();
    const viewers = audience(room, 5);
    for (let i = 1; i <= 4; i++) room.add(msg(i));
    vi.advanceTimersByTime(0);
    const first = viewers[0]!.buffers[0]!;
    for (const v of viewers) {
      expect(v.buffers).toHaveLength(1);
      expect(v.buffers[0]).toBe(first);
    }
    expect(viewers[0]!.frames()[0]).toEqual({
      type: 'messages',
      room: 'r',
      messages: [1, 2, 3, 4].map((n) => ({ id: msg(n).id, user: msg(n).user, text: `t${n}`, ts: msg(n).ts })),
    });
    expect(await value(metrics.deliveries)).toBe(20);
    expect(await value(metrics.framesOut, { type: 'messages' })).toBe(5);
    expect((await metrics.deliveryBatch.get()).values.find((v) => v.metricName === 'tribune_chat_node_delivery_batch_messages_count')?.value).toBe(1);
  });

  it('keeps the single-message frame for a flush of one', () => {
    const room = make();
    const [v] = audience(room, 1);
    room.add(msg(1));
    vi.advanceTimersByTime(0);
    expect(v!.frames()).toEqual([{ type: 'message', ...msg(1) }]);
  });

  it('keeps the room order across flushes and a deleted frame after the messages before it', () => {
    const room = make();
    const [v] = audience(room, 1);
    room.add(msg(1));
    vi.advanceTimersByTime(0);
    room.add(msg(2));
    room.add(msg(3));
    room.broadcast({ type: 'deleted', room: 'r', id: msg(1).id });
    room.add(msg(4));
    vi.advanceTimersByTime(60);
    expect(v!.frames().map((f) => f.type)).toEqual(['message', 'messages', 'deleted', 'message']);
    expect(v!.ids()).toEqual([msg(1).id, msg(2).id, msg(3).id, msg(4).id]);
  });

  describe('a frame written in slices (a large room on a busy node)', () => {
    /** The writer's clock: 1 ms per look, so a 4 ms slice ends after a few hundred viewers. */
    const slowClock = () => {
      let t = 0;
      return vi.spyOn(performance, 'now').mockImplementation(() => (t += 1));
    };
    /** 1,000 viewers and a first message whose frame has reached only part of them. */
    const halfWritten = () => {
      const clock = slowClock();
      const room = make();
      const viewers = audience(room, 1000);
      room.add(msg(1));
      vi.advanceTimersToNextTimer();
      return { clock, room, viewers };
    };

    it('gathers what arrives meanwhile into the next frame, and a viewer who joins mid-write gets each message once', () => {
      const { clock, room, viewers } = halfWritten();
      // Part of the audience has the first frame; the rest waits for the next turn of the loop.
      const written = viewers.filter((v) => v.ids().length > 0).length;
      expect(written).toBeGreaterThan(0);
      expect(written).toBeLessThan(1000);
      // A join now is given msg 1 from the ring, so the half-written frame must not reach it too.
      const { history } = room.catchUp(undefined, 50);
      const late = new FakeSession(viewer('late'));
      room.admit(late);
      // The interval passes while the frame is still being written: the next messages gather into one frame.
      vi.setSystemTime(Date.now() + 60);
      room.add(msg(2));
      room.add(msg(3));
      vi.runAllTimers();
      expect(viewers.every((v) => v.ids().join() === 'm0001,m0002,m0003')).toBe(true);
      expect(viewers[0]!.frames().map((f) => f.type)).toEqual(['message', 'messages']);
      expect([...history.map((m) => m.id), ...late.ids()]).toEqual(['m0001', 'm0002', 'm0003']);
      clock.mockRestore();
    });

    it('skips a viewer that left before its turn, and a deleted frame still comes after the messages before it', () => {
      const { clock, room, viewers } = halfWritten();
      const last = viewers.at(-1)!;
      expect(last.frames()).toEqual([]);
      room.remove(last);
      room.removeMessages((m) => m.id === 'm0001');
      vi.runAllTimers();
      expect(last.frames()).toEqual([]);
      for (const v of viewers.slice(0, -1)) expect(v.frames().map((f) => f.type)).toEqual(['message', 'deleted']);
      clock.mockRestore();
    });
  });

  it('a viewer that cannot take a write does not stop the others', async () => {
    const room = make();
    const viewers = audience(room, 3);
    viewers[1]!.writable = false;
    room.add(msg(1));
    room.add(msg(2));
    vi.advanceTimersByTime(0);
    expect(viewers.map((v) => v.ids().length)).toEqual([2, 0, 2]);
    expect(await value(metrics.deliveries)).toBe(4);
  });

  describe('overload policy', () => {
    it('gives each viewer a sample of at most the budget, in room order, and together the room sees every message', async () => {
      const room = make();
      const viewers = audience(room, 20);
      // 100 messages in one turn of a quiet room: the bucket holds one second, 60 messages.
      for (let i = 0; i < 100; i++) room.add(msg(i));
      vi.advanceTimersByTime(0);
      const seen = new Set<string>();
      for (const v of viewers) {
        const ids = v.ids();
        expect(ids).toHaveLength(60);
        expect([...ids].sort()).toEqual(ids);
        for (const id of ids) seen.add(id);
      }
      expect(seen.size).toBe(100);
      expect(await value(metrics.deliveries)).toBe(20 * 60);
      expect(await value(metrics.deliveriesSampledOut)).toBe(20 * 40);
      expect(await value(metrics.deliverySampledFraction)).toBeCloseTo(0.4);
    });

    it('holds each viewer to the configured rate over time, and says so in the sampled fraction', async () => {
      const room = make();
      const viewers = audience(room, 10);
      // 400 msg/s for 2 s, one message every 2.5 ms.
      for (let i = 0; i < 800; i++) {
        room.add(msg(i));
        vi.advanceTimersByTime(2.5);
      }
      vi.advanceTimersByTime(100);
      for (const v of viewers) {
        // At most the rate for the 2 s plus the one second the bucket holds at the start.
        expect(v.ids().length).toBeLessThanOrEqual(60 * 2 + 60);
        expect(v.ids().length).toBeGreaterThan(60 * 2);
        for (const f of v.frames()) expect(f.type === 'messages' ? f.messages.length : 1).toBeLessThanOrEqual(60);
      }
      expect(await value(metrics.deliverySampledFraction)).toBeGreaterThan(0.8);
      // Every message is still in the ring (its last 500), sampled or not.
      expect(room.catchUp(msg(300).id, 50)).toMatchObject({ recovered: true });
      expect(room.catchUp(msg(300).id, 50).history).toHaveLength(499);
      expect(room.catchUp(msg(299).id, 50)).toMatchObject({ recovered: false });
    });

    it('always echoes a sender its own messages, in order, on top of its sample', () => {
      const room = make();
      const viewers = audience(room, 12);
      const alice = new FakeSession(viewer('alice'));
      const aliceTab = new FakeSession(viewer('alice'));
      room.admit(alice);
      room.admit(aliceTab);
      const own: string[] = [];
      for (let i = 0; i < 200; i++) {
        const m = msg(i, i % 25 === 0 ? 'alice' : 'sender');
        if (m.user.id === 'alice') own.push(m.id);
        room.add(m);
      }
      vi.advanceTimersByTime(0);
      for (const s of [alice, aliceTab]) {
        const ids = s.ids();
        for (const id of own) expect(ids).toContain(id);
        expect([...ids].sort()).toEqual(ids);
        expect(ids.length).toBeLessThanOrEqual(60 + own.length);
      }
      for (const v of viewers) expect(v.ids()).toHaveLength(60);
    });
  });

  describe('live figures of the room', () => {
    it('counts each message\'s latency once per node when its frame is written, and the withheld deliveries as sampled', () => {
      const counters = new RoomStats();
      const room = new RoomDelivery({ room: 'r', settings, metrics, counters, random: seededRandom(9) });
      audience(room, 20);
      // Published 40 ms before the write: the 50 ms bucket; 100 in one turn, so 40 of each viewer's are sampled out.
      vi.setSystemTime(1_000_140);
      for (let i = 0; i < 100; i++) room.add({ ...msg(i), ts: 1_000_100 });
      vi.advanceTimersByTime(0);
      const [second, ...rest] = counters.drain();
      expect(rest).toEqual([]);
      expect(second).toMatchObject({ room: 'r', second: 1000, counts: { sampled: 20 * 40 } });
      expect(second!.latency.reduce((a, b) => a + b, 0)).toBe(100);
      expect(second!.latency[3]).toBe(100);
    });

    it('counts nothing for a room with no viewer on the node', () => {
      const counters = new RoomStats();
      const room = new RoomDelivery({ room: 'r', settings, metrics, counters });
      room.add(msg(1));
      vi.advanceTimersByTime(0);
      expect(counters.drain()).toEqual([]);
    });
  });

  describe('history ring', () => {
    it('recovers exactly what came after `since`, and says when it cannot', () => {
      const room = make();
      for (let i = 1; i <= 5; i++) room.add(msg(i));
      vi.advanceTimersByTime(0);
      expect(room.catchUp(msg(2).id, 50)).toEqual({ history: [msg(5), msg(4), msg(3)], recovered: true });
      expect(room.catchUp('unknown', 2)).toEqual({ history: [msg(5), msg(4)], recovered: false });
      expect(room.catchUp(undefined, 2)).toEqual({ history: [msg(5), msg(4)] });
    });

    it('is seeded from the shared history once, without the messages still pending', async () => {
      vi.useRealTimers();
      const room = make();
      let loads = 0;
      room.add(msg(3));
      const load = async () => {
        loads += 1;
        return [msg(3), msg(2), msg(1)];
      };
      await Promise.all([room.seed(load), room.seed(load)]);
      await room.seed(load);
      expect(loads).toBe(1);
      await new Promise((r) => setImmediate(r));
      expect(room.catchUp(undefined, 10).history.map((m) => m.id)).toEqual([msg(3).id, msg(2).id, msg(1).id]);
      room.markGap();
      expect(room.catchUp(msg(1).id, 10)).toMatchObject({ recovered: false, history: [] });
      await room.seed(load);
      expect(loads).toBe(2);
    });
  });

  it('after a gap, delivers from the shared history exactly the messages it never delivered, oldest first', async () => {
    const room = make();
    const [v] = audience(room, 1);
    for (let i = 1; i <= 5; i++) room.add(msg(i));
    await vi.advanceTimersByTimeAsync(60);
    expect(v!.ids()).toEqual(['m0001', 'm0002', 'm0003', 'm0004', 'm0005']);
    const before = room.markGap();
    // Redis history, newest first: older than the ring (m0000: not ours to give), what we had (1–5), what the channel
    // dropped while it was down (6, 7), and one that already arrived live again after the resubscribe (8).
    room.add(msg(8));
    const history = [8, 7, 6, 5, 4, 3, 2, 1, 0].map((n) => msg(n));
    expect(room.backfill(history, before)).toBe(2);
    await vi.advanceTimersByTimeAsync(60);
    expect(v!.ids()).toEqual(['m0001', 'm0002', 'm0003', 'm0004', 'm0005', 'm0008', 'm0006', 'm0007']);
    // The ring started over at the gap: a `since` from before it is not claimed recovered.
    expect(room.catchUp('m0003', 50).recovered).toBe(false);
  });

  it('backfills nothing for a room that had delivered nothing before the gap', () => {
    const room = make();
    audience(room, 1);
    expect(room.backfill([msg(2), msg(1)], room.markGap())).toBe(0);
  });
});
