import { pino } from 'pino';
import { Registry } from 'prom-client';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ServerFrame } from '@tribune/contracts';
import type { Decision } from '@tribune/moderation';
import type { Identity } from './auth/viewer-token';
import { ChatNode } from './chat-node';
import { MemoryEventSink } from './events/memory-event-sink';
import { MemoryFanout } from './fanout/memory-fanout';
import { SendMessage } from './messaging/send-message';
import { createChatMetrics } from './metrics';
import { ModActions } from './moderation/mod-actions';
import type { Judge } from './moderation/moderator';
import type { Presence } from './presence/presence';
import { MemorySanctions } from './sanctions/memory-sanctions';
import type { Session } from './transport/session';

class FakeSession implements Session {
  readonly id = Math.random().toString(36).slice(2);
  readonly rooms = new Set<string>();
  pendingSends = 0;
  readonly frames: ServerFrame[] = [];
  constructor(
    readonly identity: Identity,
    readonly ip = '127.0.0.1',
  ) {}
  send(frame: ServerFrame): void {
    this.frames.push(frame);
  }
  sendShared(bytes: Buffer): boolean {
    this.frames.push(JSON.parse(bytes.toString('utf8')) as ServerFrame);
    return true;
  }
  close(): void {}
  /** Ids of the messages received live, from `message` and `messages` frames alike. */
  live(): string[] {
    return this.frames.flatMap((f) => (f.type === 'message' ? [f.id] : f.type === 'messages' ? f.messages.map((m) => m.id) : []));
  }
  /** What a rejoin was given: the joined history (oldest first), then what came live. */
  caughtUp(): string[] {
    return [...(this.of('joined')[0]?.history ?? [])].reverse().map((m) => m.id).concat(this.live());
  }
  of<T extends ServerFrame['type']>(type: T): Extract<ServerFrame, { type: T }>[] {
    return this.frames.filter((f): f is Extract<ServerFrame, { type: T }> => f.type === type);
  }
}

class FixedJudge implements Judge {
  decision: Decision | null = null;
  throws = false;
  judged = 0;
  async judge(input: { text: string }) {
    if (this.throws) throw new Error('boom');
    this.judged += 1;
    return Promise.resolve({ decision: this.decision ?? { action: 'allow' as const, text: input.text, hits: [] }, rulesVersion: 7 });
  }
  rulesVersion() {
    return 7;
  }
}

const memoryPresence = (): Presence & { counts: Map<string, number> } => {
  const counts = new Map<string, number>();
  return {
    counts,
    async setLocalViewers(room, count) {
      counts.set(room, count);
    },
    async totalViewers(room) {
      return counts.get(room) ?? 0;
    },
    async reassert() {},
    async clearLocal() {},
  };
};

const deliveryDeps = { delivery: { flushMs: 50, maxBatch: 100, maxViewerRate: 60, ringSize: 500, maxLanes: 8, sliceMs: 4 }, roomLingerMs: 0 };
const settle = () => new Promise((r) => setTimeout(r, 5));
const viewer = (id: string): Identity => ({ kind: 'viewer', user: { id, name: id.toUpperCase(), roles: [] } });

describe('ChatNode', () => {
  let sink: MemoryEventSink;
  let fanout: MemoryFanout;
  let judge: FixedJudge;
  let presence: ReturnType<typeof memoryPresence>;
  let sanctions: MemorySanctions;
  let metrics: ReturnType<typeof createChatMetrics>;
  let node: ChatNode;

  beforeEach(() => {
    sink = new MemoryEventSink();
    fanout = new MemoryFanout();
    judge = new FixedJudge();
    presence = memoryPresence();
    const logger = pino({ level: 'silent' });
    sanctions = new MemorySanctions();
    metrics = createChatMetrics(new Registry());
    const sendMessage = new SendMessage({ nodeId: 'n1', moderator: judge, sink, fanout, sanctions, logger, metrics });
    node = new ChatNode({
      fanout,
      presence,
      sendMessage,
      maxPendingSends: 2,
      maxRoomsPerConnection: 2,
      ...deliveryDeps,
      logger,
      metrics,
    });
    fanout.onEnvelope((e) => node.deliver(e));
  });

  async function joined(identity: Identity, room = 'r1') {
    const s = new FakeSession(identity);
    node.opened(s);
    node.frame(s, { type: 'join', room });
    await settle();
    return s;
  }

  it('joins: subscribes on the first viewer, reports viewers and history, unsubscribes after the last', async () => {
    const a = await joined(viewer('a'));
    const b = await joined({ kind: 'guest' });
    expect(fanout.subscribed.has('r1')).toBe(true);
    expect(a.of('joined')[0]).toEqual({ type: 'joined', room: 'r1', history: [], viewers: 1 });
    expect(b.of('joined')[0]?.viewers).toBe(2);
    node.frame(a, { type: 'leave', room: 'r1' });
    node.closed(b);
    await settle();
    expect(fanout.subscribed.has('r1')).toBe(false);
    expect(presence.counts.get('r1')).toBe(0);
  });

  it('acks after the events are recorded and delivers accepted messages to the room', async () => {
    const a = await joined(viewer('a'));
    const b = await joined(viewer('b'));
    node.frame(a, { type: 'send', room: 'r1', text: 'hi', cid: 'c1' });
    await settle();
    const [ack] = a.of('ack');
    expect(ack).toMatchObject({ cid: 'c1', status: 'accepted' });
    expect(ack).not.toHaveProperty('reason');
    expect(sink.batches.map((x) => x.message.id)).toEqual([ack?.id]);
    expect(sink.batches[0]?.message).toMatchObject({ status: 'accepted', rulesVersion: 7, node: 'n1', user: { id: 'a' } });
    expect(b.of('message')).toEqual([expect.objectContaining({ id: ack?.id, text: 'hi', user: { id: 'a', name: 'A', roles: [] } })]);
  });

  it('gives join history from the node ring (Redis only for the first join) and recovers by `since` exactly what was missed', async () => {
    const a = await joined(viewer('a'));
    const ids: string[] = [];
    for (const text of ['one', 'two', 'three']) {
      node.frame(a, { type: 'send', room: 'r1', text, cid: text });
      await settle();
      ids.push(a.of('ack').at(-1)!.id);
    }
    expect(fanout.historyReads).toBe(1);
    const back = new FakeSession(viewer('b'));
    node.frame(back, { type: 'join', room: 'r1', since: ids[0] });
    const lost = new FakeSession(viewer('c'));
    node.frame(lost, { type: 'join', room: 'r1', since: 'not-a-known-id' });
    const plain = await joined(viewer('d'));
    // Past the flush interval: what was still batched when they joined reached them live.
    await new Promise((r) => setTimeout(r, 80));
    expect(back.of('joined')[0]).toMatchObject({ recovered: true });
    expect(back.caughtUp()).toEqual([ids[1], ids[2]]);
    expect(lost.of('joined')[0]).toMatchObject({ recovered: false });
    expect(lost.caughtUp()).toEqual(ids);
    expect(plain.of('joined')[0]).not.toHaveProperty('recovered');
    expect(fanout.historyReads).toBe(1);
  });

  it('keeps a room subscribed for the linger after its last viewer left, so a viewer coming back recovers what it missed', async () => {
    const logger = pino({ level: 'silent' });
    const sendMessage = new SendMessage({ nodeId: 'n1', moderator: judge, sink, fanout, sanctions, logger, metrics });
    node = new ChatNode({ fanout, presence, sendMessage, maxPendingSends: 2, maxRoomsPerConnection: 2, ...deliveryDeps, roomLingerMs: 60_000, logger, metrics });
    fanout.onEnvelope((e) => node.deliver(e));
    const a = await joined(viewer('a'));
    node.frame(a, { type: 'send', room: 'r1', text: 'seen', cid: 'c1' });
    await settle();
    const seen = a.of('ack')[0]!.id;
    node.closed(a);
    await settle();
    expect(fanout.subscribed.has('r1')).toBe(true);
    // Published by another node while nobody here is in the room.
    const user = { id: 'z', name: 'Z', roles: [] };
    await fanout.publishMessage({ room: 'r1', id: 'later-1', user, text: 'missed 1', ts: Date.now() });
    await fanout.publishMessage({ room: 'r1', id: 'later-2', user, text: 'missed 2', ts: Date.now() });
    await settle();
    const back = new FakeSession(viewer('a'));
    node.frame(back, { type: 'join', room: 'r1', since: seen });
    await new Promise((r) => setTimeout(r, 80));
    expect(back.of('joined')[0]).toMatchObject({ recovered: true });
    expect(back.caughtUp()).toEqual(['later-1', 'later-2']);
  });

  it('delivers the masked text of a masked message, and records both texts', async () => {
    const a = await joined(viewer('a'));
    const b = await joined(viewer('b'));
    judge.decision = { action: 'mask', text: 'oh *** no', hits: [{ ruleId: 'w', kind: 'word', term: 'heck', action: 'mask', span: [3, 7] }] };
    node.frame(a, { type: 'send', room: 'r1', text: 'oh heck no', cid: 'c1' });
    await settle();
    expect(a.of('ack')[0]).toMatchObject({ status: 'masked', reason: 'word_rule' });
    expect(b.of('message')[0]?.text).toBe('oh *** no');
    expect(sink.batches[0]?.message).toMatchObject({ text: 'oh heck no', deliveredText: 'oh *** no' });
    expect(sink.batches[0]?.moderation).toHaveLength(1);
  });

  it('shows a shadowed message to its sender only', async () => {
    const a = await joined(viewer('a'));
    const b = await joined(viewer('b'));
    judge.decision = { action: 'shadow', text: 'spam', hits: [{ ruleId: 'w', kind: 'word', term: 'spam', action: 'shadow' }] };
    node.frame(a, { type: 'send', room: 'r1', text: 'spam', cid: 'c1' });
    await settle();
    expect(a.of('message')).toHaveLength(1);
    expect(b.of('message')).toHaveLength(0);
    expect(fanout.published).toHaveLength(0);
  });

  it('tells a shadowed sender `accepted` (no reason) while Kafka records `shadowed`', async () => {
    const a = await joined(viewer('a'));
    judge.decision = { action: 'shadow', text: 'spam', hits: [{ ruleId: 'w', kind: 'word', term: 'spam', action: 'shadow' }], reason: 'word:w' };
    node.frame(a, { type: 'send', room: 'r1', text: 'spam', cid: 'c1' });
    await settle();
    const ack = a.of('ack')[0];
    expect(ack).toMatchObject({ status: 'accepted' });
    expect(ack).not.toHaveProperty('reason');
    expect(a.of('message')[0]?.id).toBe(ack?.id);
    expect(sink.batches[0]?.message).toMatchObject({ id: ack?.id, status: 'shadowed' });
  });

  it('delivers nothing for blocked, held and rejected messages', async () => {
    const a = await joined(viewer('a'));
    for (const action of ['block', 'hold', 'reject', 'timeout'] as const) {
      judge.decision = { action, text: 'x', hits: [], reason: action === 'timeout' ? 'rate' : undefined };
      node.frame(a, { type: 'send', room: 'r1', text: 'x', cid: action });
      await settle();
    }
    expect(a.of('ack').map((f) => [f.status, f.reason])).toEqual([
      ['blocked', 'moderation'],
      ['held', 'moderation'],
      ['rejected', 'moderation'],
      ['rejected', 'rate'],
    ]);
    expect(fanout.published).toHaveLength(0);
    expect(sink.batches).toHaveLength(4);
  });

  it('never acks "accepted" when Kafka fails: rejected/unavailable, nothing delivered', async () => {
    const a = await joined(viewer('a'));
    const b = await joined(viewer('b'));
    sink.failing = true;
    node.frame(a, { type: 'send', room: 'r1', text: 'hi', cid: 'c1' });
    await settle();
    expect(a.of('ack')[0]).toMatchObject({ cid: 'c1', status: 'rejected', reason: 'unavailable' });
    expect(a.of('error')[0]?.code).toBe('unavailable');
    expect(b.of('message')).toHaveLength(0);
    expect(fanout.published).toHaveLength(0);
  });

  it('acks a recorded message whose fan-out failed with its status and an unavailable error', async () => {
    const a = await joined(viewer('a'));
    fanout.failing = true;
    node.frame(a, { type: 'send', room: 'r1', text: 'hi', cid: 'c1' });
    await settle();
    expect(a.of('ack')[0]?.status).toBe('accepted');
    expect(a.of('error')[0]?.code).toBe('unavailable');
  });

  it('refuses guests, non-members, too many pending sends and too many rooms', async () => {
    const guest = await joined({ kind: 'guest' });
    node.frame(guest, { type: 'send', room: 'r1', text: 'x', cid: 'c' });
    const a = new FakeSession(viewer('a'));
    node.frame(a, { type: 'send', room: 'r1', text: 'x', cid: 'c' });
    await settle();
    expect(guest.of('error')[0]?.code).toBe('read_only');
    expect(a.of('error')[0]?.code).toBe('not_joined');

    const b = await joined(viewer('b'));
    b.pendingSends = 2;
    node.frame(b, { type: 'send', room: 'r1', text: 'x', cid: 'c' });
    node.frame(b, { type: 'join', room: 'r2' });
    node.frame(b, { type: 'join', room: 'r3' });
    await settle();
    expect(b.of('error').map((e) => e.code)).toEqual(['rate_limited', 'rate_limited']);
    expect(b.rooms).toEqual(new Set(['r1', 'r2']));
    expect(sink.batches).toHaveLength(0);
  });

  it('times out a user on a timeout decision: later sends in that room are rejected timed_out, recorded, not judged', async () => {
    const a = await joined(viewer('a'));
    const b = await joined(viewer('b'));
    const rate = { ruleId: 's-rate', kind: 'spam' as const, term: 'rate', action: 'timeout' };
    judge.decision = { action: 'timeout', text: 'x', hits: [rate], reason: 'spam:rate', timeoutSeconds: 600 };
    node.frame(a, { type: 'send', room: 'r1', text: 'x', cid: 'c1' });
    await settle();
    expect(a.of('ack')[0]).toMatchObject({ cid: 'c1', status: 'rejected', reason: 'spam:rate' });
    expect(sink.batches[0]?.moderation).toEqual([expect.objectContaining({ action: 'timeout', reason: 'spam:rate timeout:600s', userId: 'a', hit: rate })]);
    const until = sanctions.until.get('r1 a') ?? 0;
    expect(until - Date.now()).toBeGreaterThan(590_000);
    expect(until - Date.now()).toBeLessThanOrEqual(600_000);

    // The rules would now allow it: the mute alone refuses it.
    judge.decision = null;
    const judgedBefore = judge.judged;
    node.frame(a, { type: 'send', room: 'r1', text: 'let me talk', cid: 'c2' });
    node.frame(b, { type: 'send', room: 'r1', text: 'b is fine', cid: 'c3' });
    await settle();
    const ack = a.of('ack')[1];
    expect(ack).toMatchObject({ cid: 'c2', status: 'rejected', reason: 'timed_out' });
    expect(judge.judged - judgedBefore).toBe(1);
    const muted = sink.batches.find((x) => x.message.id === ack?.id);
    expect(muted?.message).toMatchObject({ status: 'rejected', text: 'let me talk', user: { id: 'a' }, rulesVersion: 7, hits: [] });
    expect(muted?.moderation).toEqual([expect.objectContaining({ action: 'reject', reason: 'timed_out', messageId: ack?.id })]);
    expect(b.of('ack')[0]?.status).toBe('accepted');
    expect(b.of('message').map((m) => m.text)).toEqual(['b is fine']);
  });

  it('ends a timeout when it expires, and only mutes in the room where it was given', async () => {
    let now = 1_000_000;
    sanctions = new MemorySanctions(() => now);
    const sendMessage = new SendMessage({ nodeId: 'n1', moderator: judge, sink, fanout, sanctions, logger: pino({ level: 'silent' }), metrics });
    node = new ChatNode({ fanout, presence, sendMessage, maxPendingSends: 2, maxRoomsPerConnection: 2, ...deliveryDeps, logger: pino({ level: 'silent' }), metrics });
    fanout.onEnvelope((e) => node.deliver(e));
    await sanctions.timeOut('r1', 'a', 30, { by: 'test', reason: null });
    const a = await joined(viewer('a'));
    node.frame(a, { type: 'join', room: 'r2' });
    await settle();
    node.frame(a, { type: 'send', room: 'r1', text: 'x', cid: 'muted' });
    node.frame(a, { type: 'send', room: 'r2', text: 'x', cid: 'other-room' });
    await settle();
    now += 30_001;
    node.frame(a, { type: 'send', room: 'r1', text: 'x', cid: 'expired' });
    await settle();
    expect(a.of('ack').map((f) => [f.cid, f.status])).toEqual([
      ['muted', 'rejected'],
      ['other-room', 'accepted'],
      ['expired', 'accepted'],
    ]);
  });

  it('lets a send through to the rules when the timeout check fails, and counts it', async () => {
    const a = await joined(viewer('a'));
    sanctions.failing = true;
    node.frame(a, { type: 'send', room: 'r1', text: 'hi', cid: 'c1' });
    await settle();
    expect(a.of('ack')[0]?.status).toBe('accepted');
    expect((await metrics.sanctionErrors.get()).values).toEqual([expect.objectContaining({ value: 1, labels: { op: 'check' } })]);
  });

  it('acks a send that failed unexpectedly as rejected/internal before the internal error', async () => {
    const a = await joined(viewer('a'));
    judge.throws = true;
    node.frame(a, { type: 'send', room: 'r1', text: 'hi', cid: 'c-boom' });
    await settle();
    const sent = a.frames.filter((f) => f.type === 'ack' || f.type === 'error');
    expect(sent).toEqual([
      { type: 'ack', cid: 'c-boom', id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'rejected', reason: 'internal' },
      { type: 'error', code: 'internal', message: expect.any(String) },
    ]);
    expect(a.pendingSends).toBe(0);
    expect(sink.batches).toHaveLength(0);
  });

  it('answers ping with pong', () => {
    const s = new FakeSession({ kind: 'guest' });
    node.frame(s, { type: 'ping' });
    expect(s.frames).toEqual([{ type: 'pong' }]);
  });
});

describe('ChatNode: sanctions, deletions and moderator frames', () => {
  let sink: MemoryEventSink;
  let fanout: MemoryFanout;
  let sanctions: MemorySanctions;
  let node: ChatNode;
  const moderator: Identity = { kind: 'viewer', user: { id: 'mo', name: 'Mo', roles: ['moderator'] } };

  beforeEach(() => {
    sink = new MemoryEventSink();
    fanout = new MemoryFanout();
    sanctions = new MemorySanctions();
    const logger = pino({ level: 'silent' });
    const metrics = createChatMetrics(new Registry());
    const judge = new FixedJudge();
    const sendMessage = new SendMessage({ nodeId: 'n1', moderator: judge, sink, fanout, sanctions, logger, metrics });
    const modActions = new ModActions({ nodeId: 'n1', sink, fanout, sanctions, rulesVersion: () => 7, logger });
    node = new ChatNode({ fanout, presence: memoryPresence(), sendMessage, modActions, maxPendingSends: 4, maxRoomsPerConnection: 2, ...deliveryDeps, logger, metrics });
    fanout.onEnvelope((e) => node.deliver(e));
  });

  async function joined(identity: Identity, room = 'r1', since?: string) {
    const s = new FakeSession(identity);
    node.opened(s);
    node.frame(s, { type: 'join', room, ...(since === undefined ? {} : { since }) });
    await settle();
    return s;
  }

  async function said(s: FakeSession, text: string, room = 'r1') {
    node.frame(s, { type: 'send', room, text, cid: text });
    await settle();
    return s.of('ack').find((a) => a.cid === text)!;
  }

  it('refuses a banned sender unjudged, `banned` in the ack: a room ban in its room only, a global ban everywhere, the seconds left when it expires', async () => {
    const a = await joined(viewer('a'));
    node.frame(a, { type: 'join', room: 'r2' });
    await settle();
    sanctions.ban('r1', 'a');
    const roomBan = await said(a, 'in r1');
    expect(roomBan).toMatchObject({ status: 'rejected', reason: 'banned' });
    // A ban without expiry: no seconds to wait.
    expect(roomBan).not.toHaveProperty('retryAfterSeconds');
    expect(await said(a, 'in r2', 'r2')).toMatchObject({ status: 'accepted' });
    sanctions.ban(null, 'a', Date.now() + 90_000);
    const global = await said(a, 'in r2 again', 'r2');
    expect(global).toMatchObject({ status: 'rejected', reason: 'banned', retryAfterSeconds: 90 });
    expect(sink.batches.find((b) => b.message.id === global.id)?.moderation).toEqual([expect.objectContaining({ action: 'reject', reason: 'banned:global' })]);
  });

  it('a `deleted` envelope takes the message out of the ring and tells every viewer; a fresh join and a `since` never get it', async () => {
    const a = await joined(viewer('a'));
    const b = await joined(viewer('b'));
    const first = await said(a, 'one');
    const bad = await said(b, 'two');
    const third = await said(a, 'three');
    await fanout.deleteMessage('r1', bad.id);
    await settle();
    for (const s of [a, b]) expect(s.of('deleted')).toEqual([{ type: 'deleted', room: 'r1', id: bad.id }]);
    const fresh = await joined(viewer('c'));
    expect(fresh.of('joined')[0]!.history.map((m) => m.id)).toEqual([third.id, first.id]);
    const back = await joined(viewer('d'), 'r1', first.id);
    expect(back.of('joined')[0]).toMatchObject({ recovered: true, history: [expect.objectContaining({ id: third.id })] });
    expect(back.of('joined')[0]!.history).toHaveLength(1);
  });

  it('a `purged` envelope removes every message of the user from the ring, with a `deleted` for each', async () => {
    const a = await joined(viewer('a'));
    const b = await joined(viewer('b'));
    const spam = [await said(b, 'buy'), await said(b, 'now')];
    const kept = await said(a, 'hello');
    node.deliver({ v: 1, kind: 'purged', origin: 'console', room: 'r1', userId: 'b' });
    expect(a.of('deleted').map((d) => d.id)).toEqual(spam.map((s) => s.id));
    const fresh = await joined(viewer('c'));
    expect(fresh.of('joined')[0]!.history.map((m) => m.id)).toEqual([kept.id]);
  });

  it('refuses a `mod` frame from a viewer without the moderator role (and from a guest), recording and changing nothing', async () => {
    const a = await joined(viewer('a'));
    const msg = await said(a, 'mine');
    const guest = await joined({ kind: 'guest' });
    for (const s of [a, guest]) {
      node.frame(s, { type: 'mod', action: 'delete', room: 'r1', id: msg.id });
      node.frame(s, { type: 'mod', action: 'timeout', room: 'r1', userId: 'a', seconds: 60 });
      await settle();
      expect(s.of('error').map((e) => e.code)).toEqual(['not_moderator', 'not_moderator']);
      expect(s.of('mod_ack')).toEqual([]);
    }
    expect(sink.operatorEvents).toEqual([]);
    expect(a.of('deleted')).toEqual([]);
    expect(await sanctions.active('r1', 'a')).toBeNull();
  });

  it('a moderator deletes a message and times out a user from the chat: recorded with the moderator, applied, acked', async () => {
    const mo = await joined(moderator);
    const a = await joined(viewer('a'));
    const msg = await said(a, 'rude');
    node.frame(mo, { type: 'mod', action: 'delete', room: 'r1', id: msg.id, cid: 'd1' });
    await settle();
    expect(mo.of('mod_ack')).toEqual([{ type: 'mod_ack', action: 'delete', room: 'r1', cid: 'd1' }]);
    expect(a.of('deleted')).toEqual([{ type: 'deleted', room: 'r1', id: msg.id }]);
    expect((await joined(viewer('c'))).of('joined')[0]!.history).toEqual([]);

    node.frame(mo, { type: 'mod', action: 'timeout', room: 'r1', userId: 'a', seconds: 120, reason: 'calm down' });
    await settle();
    expect(mo.of('mod_ack').map((f) => f.action)).toEqual(['delete', 'timeout']);
    expect(await said(a, 'still here?')).toMatchObject({ status: 'rejected', reason: 'timed_out', retryAfterSeconds: 120 });
    expect(sanctions.origins.get('r1 a')).toEqual({ by: 'viewer:mo', reason: 'calm down' });
    expect(sink.operatorEvents).toEqual([
      expect.objectContaining({ source: 'operator', action: 'delete', room: 'r1', messageId: msg.id, userId: 'a', node: 'n1', reason: 'mod frame by viewer:mo' }),
      expect.objectContaining({ source: 'operator', action: 'timeout', room: 'r1', messageId: null, userId: 'a', reason: 'mod frame by viewer:mo: timeout 120s: calm down' }),
    ]);
  });

  it('applies nothing when Kafka does not take the record, and says so', async () => {
    const mo = await joined(moderator);
    sink.failing = true;
    node.frame(mo, { type: 'mod', action: 'timeout', room: 'r1', userId: 'a', seconds: 60 });
    await settle();
    expect(mo.of('error').map((e) => e.code)).toEqual(['unavailable']);
    expect(await sanctions.active('r1', 'a')).toBeNull();
  });
});
