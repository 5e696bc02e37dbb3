import { randomUUID } from 'node:crypto';
import { moderationEvent, redisNames, signViewerToken, topicName, type ModerationEvent } from '@tribune/contracts';
import { createLogger } from '@tribune/service-kit';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../services';
import { callerFor, consoleTestEnv, loginCookie, startTestServices } from '../testing/operator-caller';
import { startChatNodes, stopChatNodes, WsViewer, type AppProcess } from '@tribune/devstack/testing';

// Moderators act, nothing stubbed: tRPC `sanctions.*` / `messages.*` → PostgreSQL (audit) + Kafka (chat.moderation) +
// Redis → two real chat-node processes → real WebSocket viewers on each; and `mod` frames from a moderator viewer.
// Real Kafka, PostgreSQL and Redis: the harness's when given; alone, the dev stack's services.

const ENFORCE_WITHIN_MS = 1000;

const run = randomUUID().slice(0, 8);
const env = consoleTestEnv(`moderation-${run}`, {
  KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
  KAFKA_TOPIC_PREFIX: process.env.KAFKA_TOPIC_PREFIX ?? '',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
});
const logger = createLogger({ name: 'moderation-int', level: 'warn' });
const report = createLogger({ name: 'moderation-int', level: 'info' });
const email = `op-mod-${run}@tribune.test`;
const password = 'integration-password';
const room = `mod-${run}`;
const otherRoom = `mod2-${run}`;
const names = redisNames(env.REDIS_PREFIX);

let services: Services;
let nodes: AppProcess[] = [];
const opened: WsViewer[] = [];
let n = 0;
/** A distinct text per send: the flood rules never see a duplicate. */
const text = (what: string) => `${what} ${run} #${++n}`;

async function caller() {
  return (await callerFor(services, await loginCookie(services, { email, password }))).caller;
}

/** A viewer on node `i`, joined to `rooms`. Broadcasters: the spam rules skip them, sanctions do not. */
async function viewer(i: number, sub: string, rooms: string[] = [room], roles: string[] = ['broadcaster']) {
  const { token } = await signViewerToken({ sub, name: sub, roles }, { key: { kid: null, secret: env.CHAT_TOKEN_SECRET }, ttlSeconds: 600 });
  const v = await WsViewer.connect(`${nodes[i]!.wsUrl}?token=${token}`, { label: `${sub}@${nodes[i]!.name}` });
  opened.push(v);
  for (const r of rooms) await v.join(r);
  return v;
}

/** What a viewer joining now on node `i` is given as the room's history (ids). */
async function freshHistory(i: number, r = room): Promise<string[]> {
  const v = await viewer(i, `fresh-${randomUUID().slice(0, 6)}`, []);
  const joined = await v.join(r);
  v.close();
  return joined.history.map((m) => m.id);
}

beforeAll(async () => {
  services = (await startTestServices(env, logger, { email, password })).services;
  await services.rules.republishCurrent();
  const c = await caller();
  // Published before the nodes start: they load the room list with their first snapshot.
  await c.rooms.create({ id: room, title: 'Moderation' });
  await c.rooms.create({ id: otherRoom, title: 'Moderation 2' });
  nodes = await startChatNodes({ stack: env, name: `mod-${run}`, env: { RULES_POLL_SECONDS: '600' } });
}, 120_000);

afterAll(async () => {
  for (const v of opened) v.close();
  await stopChatNodes(nodes);
  if (services) {
    await services.db.room.deleteMany({ where: { id: { in: [room, otherRoom] } } });
    const keys = await services.redis.keys(`${env.REDIS_PREFIX}:*`);
    if (keys.length > 0) await services.redis.del(...keys);
    await services.close();
  }
});

describe('sanctions from the console, enforced by every node', () => {
  it(`a timeout refuses the viewer's next send on the other node (timed_out, seconds left) within ${ENFORCE_WITHIN_MS} ms; lift ends it`, async () => {
    const c = await caller();
    const target = await viewer(1, `tim-${run}`);
    expect((await target.say(room, text('before'))).status).toBe('accepted');

    const given = await c.sanctions.timeout({ room, userId: `tim-${run}`, seconds: 600, reason: 'cool off' });
    const t0 = Date.now();
    expect(given).toMatchObject({ kind: 'timeout', room, until: expect.any(Number), announced: false });
    const refused = await target.say(room, text('during'));
    const elapsed = Date.now() - t0;
    expect(refused).toMatchObject({ status: 'rejected', reason: 'timed_out' });
    expect(refused.retryAfterSeconds).toBeGreaterThan(590);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(600);
    expect(elapsed).toBeLessThan(ENFORCE_WITHIN_MS);
    report.info({ elapsedMs: elapsed, node: nodes[1]!.name }, 'timeout_enforcement_latency');

    expect(await c.sanctions.listForUser({ userId: `tim-${run}` })).toEqual([{ kind: 'timeout', room, until: given.until, by: email, reason: 'cool off' }]);
    const audit = await services.db.auditLog.findFirstOrThrow({ where: { action: 'sanctions.timeout', target: `user:tim-${run}` } });
    expect(audit).toMatchObject({ room, actorLabel: email });

    expect(await c.sanctions.lift({ room, userId: `tim-${run}`, kind: 'timeout' })).toEqual({ lifted: true });
    expect((await target.say(room, text('after'))).status).toBe('accepted');
    expect(await c.sanctions.listForUser({ userId: `tim-${run}` })).toEqual([]);
    expect(await c.sanctions.lift({ room, userId: `tim-${run}`, kind: 'timeout' })).toEqual({ lifted: false });
  });

  it('a room ban holds in its room only; a global ban in every room on both nodes; each lifts; announce tells the room on both nodes', async () => {
    const c = await caller();
    const user = `ban-${run}`;
    const onA = await viewer(0, user, [room, otherRoom]);
    const onB = await viewer(1, user, [room, otherRoom]);
    const watcherB = await viewer(1, `watch-${run}`);

    const roomBan = await c.sanctions.ban({ room, userId: user, reason: 'spam links', announce: true });
    expect(roomBan).toMatchObject({ kind: 'ban', room, until: null, announced: true });
    for (const v of [onA, onB]) {
      const ack = await v.say(room, text('banned here'));
      expect(ack).toMatchObject({ status: 'rejected', reason: 'banned' });
      expect(ack.retryAfterSeconds).toBeUndefined();
      expect((await v.say(otherRoom, text('not there'))).status).toBe('accepted');
    }
    const notice = await watcherB.next('notice', (f) => f.room === room && f.text.includes(user));
    expect(notice.text).toBe(`${user} was banned by a moderator: spam links`);
    await onA.next('notice', (f) => f.room === room && f.text.includes(user));

    const global = await c.sanctions.ban({ room: null, userId: user, expiresInSeconds: 3600 });
    expect(global).toMatchObject({ room: null, announced: false });
    for (const v of [onA, onB]) {
      for (const r of [room, otherRoom]) {
        const ack = await v.say(r, text('banned everywhere'));
        expect(ack, `${v.label} in ${r}`).toMatchObject({ status: 'rejected', reason: 'banned' });
      }
    }
    // The global ban (with its expiry) wins over the room one: the seconds left are told.
    expect((await onB.say(room, text('how long'))).retryAfterSeconds).toBeGreaterThan(3500);
    const listed = await c.sanctions.listForUser({ userId: user });
    expect(listed).toEqual([
      { kind: 'ban', room: null, until: global.until, by: email, reason: null },
      { kind: 'ban', room, until: null, by: email, reason: 'spam links' },
    ]);

    expect(await c.sanctions.lift({ room: null, userId: user, kind: 'ban' })).toEqual({ lifted: true });
    expect((await onA.say(otherRoom, text('free again'))).status).toBe('accepted');
    expect((await onA.say(room, text('still banned here'))).reason).toBe('banned');
    expect(await c.sanctions.lift({ room, userId: user, kind: 'ban' })).toEqual({ lifted: true });
    expect((await onB.say(room, text('back'))).status).toBe('accepted');
    expect(await c.sanctions.listForUser({ userId: user })).toEqual([]);
  });

  it('a scoped moderator may ban in its room but not globally', async () => {
    const admin = await caller();
    const { operator, temporaryPassword } = await admin.operators.create({ email: `scoped-${run}@tribune.test`, role: 'moderator', rooms: [room] });
    await services.db.operator.update({ where: { id: operator.id }, data: { mustChangePassword: false } });
    const scoped = (await callerFor(services, await loginCookie(services, { email: operator.email, password: temporaryPassword }))).caller;
    await expect(scoped.sanctions.ban({ room: null, userId: `x-${run}` })).rejects.toThrow(/every room/);
    await expect(scoped.sanctions.ban({ room: otherRoom, userId: `x-${run}` })).rejects.toThrow(/outside|needs an admin/);
    expect(await scoped.sanctions.ban({ room, userId: `x-${run}`, expiresInSeconds: 60 })).toMatchObject({ room });
    // An admin's ban elsewhere is not the scoped moderator's to see; its own room's is.
    await admin.sanctions.timeout({ room: otherRoom, userId: `x-${run}`, seconds: 60 });
    expect((await admin.sanctions.listForUser({ userId: `x-${run}` })).map((x) => x.room)).toEqual([room, otherRoom]);
    expect((await scoped.sanctions.listForUser({ userId: `x-${run}` })).map((x) => x.room)).toEqual([room]);
    await admin.sanctions.lift({ room: otherRoom, userId: `x-${run}`, kind: 'timeout' });
    expect(await scoped.sanctions.lift({ room, userId: `x-${run}`, kind: 'ban' })).toEqual({ lifted: true });
  });
});

describe('deleting messages, live on both nodes and out of every history', () => {
  it('messages.delete: viewers on both nodes get `deleted`; a fresh join on either node is not given it', async () => {
    const c = await caller();
    const author = await viewer(0, `auth-${run}`);
    const reader = await viewer(1, `read-${run}`);
    const kept = await author.say(room, text('fine'));
    const bad = await author.say(room, text('rude'));
    await Promise.all([author, reader].map((v) => v.nextMessage((m) => m.id === bad.id)));
    for (const i of [0, 1]) expect(await freshHistory(i)).toEqual(expect.arrayContaining([bad.id, kept.id]));

    expect(await c.messages.delete({ room, id: bad.id, reason: 'insult' })).toEqual({ deleted: true });
    await Promise.all([author, reader].map((v) => v.next('deleted', (f) => f.id === bad.id && f.room === room)));
    for (const i of [0, 1]) {
      const history = await freshHistory(i);
      expect(history, nodes[i]!.name).not.toContain(bad.id);
      expect(history, nodes[i]!.name).toContain(kept.id);
    }
    expect((await services.redis.lrange(names.roomHistory(room), 0, -1)).some((raw) => raw.includes(bad.id))).toBe(false);
    // A `since` from before it recovers without it.
    const back = await viewer(1, `back-${run}`, []);
    const joined = await back.join(room, kept.id);
    expect(joined.recovered).toBe(true);
    expect(joined.history.map((m) => m.id)).not.toContain(bad.id);
  });

  it('messages.purgeUser removes every recent message of the user on both nodes, and only theirs', async () => {
    const c = await caller();
    const spammer = await viewer(0, `spam-${run}`);
    const other = await viewer(1, `other-${run}`);
    const spam = [await spammer.say(room, text('buy')), await other.say(room, text('hello')), await spammer.say(room, text('cheap')), await spammer.say(room, text('now'))];
    const spamIds = [spam[0]!.id, spam[2]!.id, spam[3]!.id];
    await Promise.all([spammer, other].map((v) => v.nextMessage((m) => m.id === spam[3]!.id)));

    expect(await c.messages.purgeUser({ room, userId: `spam-${run}`, reason: 'spam' })).toEqual({ deleted: 3 });
    for (const v of [spammer, other]) await Promise.all(spamIds.map((id) => v.next('deleted', (f) => f.id === id)));
    expect(other.frames.filter((f) => f.type === 'deleted' && f.id === spam[1]!.id)).toEqual([]);
    for (const i of [0, 1]) {
      const history = await freshHistory(i);
      for (const id of spamIds) expect(history, nodes[i]!.name).not.toContain(id);
      expect(history).toContain(spam[1]!.id);
    }
  });
});

describe('moderator tools in the chat (`mod` frames)', () => {
  it('a moderator viewer deletes a message sent on the other node and times out its author; a plain viewer is refused', async () => {
    const mod = await viewer(1, `mo-${run}`, [room], ['moderator']);
    const troll = await viewer(0, `troll-${run}`);
    const plain = await viewer(0, `plain-${run}`);
    const msg = await troll.say(room, text('troll'));
    await mod.nextMessage((m) => m.id === msg.id);

    plain.send({ type: 'mod', action: 'delete', room, id: msg.id, cid: 'p1' });
    expect((await plain.next('error')).code).toBe('not_moderator');
    plain.send({ type: 'mod', action: 'timeout', room, userId: `troll-${run}`, seconds: 60 });
    await plain.next('error', () => plain.frames.filter((x) => x.type === 'error').length === 2);
    expect(plain.frames.filter((f) => f.type === 'error').map((f) => f.type === 'error' && f.code)).toEqual(['not_moderator', 'not_moderator']);
    expect(plain.frames.filter((f) => f.type === 'mod_ack' || f.type === 'deleted')).toEqual([]);
    expect((await troll.say(room, text('not muted'))).status).toBe('accepted');

    mod.send({ type: 'mod', action: 'delete', room, id: msg.id, cid: 'd1' });
    expect(await mod.next('mod_ack', (f) => f.cid === 'd1')).toEqual({ type: 'mod_ack', action: 'delete', room, cid: 'd1' });
    await Promise.all([troll, plain, mod].map((v) => v.next('deleted', (f) => f.id === msg.id)));
    for (const i of [0, 1]) expect(await freshHistory(i), nodes[i]!.name).not.toContain(msg.id);

    mod.send({ type: 'mod', action: 'timeout', room, userId: `troll-${run}`, seconds: 120, reason: 'trolling', cid: 't1' });
    await mod.next('mod_ack', (f) => f.cid === 't1');
    expect(await troll.say(room, text('muted?'))).toMatchObject({ status: 'rejected', reason: 'timed_out' });
    const c = await caller();
    expect(await c.sanctions.listForUser({ userId: `troll-${run}` })).toEqual([{ kind: 'timeout', room, until: expect.any(Number), by: `viewer:mo-${run}`, reason: 'trolling' }]);
  });
});

const EXPECTED_EVENTS = 17;

describe('the record', () => {
  it('every action above is in chat.moderation (source operator), who did it in the reason', async () => {
    const kafka = new Kafka({ clientId: `moderation-int-${run}`, brokers: env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `moderation-int-${run}` });
    const seen: ModerationEvent[] = [];
    const want = (e: ModerationEvent) => e.source === 'operator' && (e.room === room || e.room === otherRoom || e.room === '*') && e.userId.endsWith(run);
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: topicName(env.KAFKA_TOPIC_PREFIX, 'moderation'), fromBeginning: true });
      let enough: () => void = () => undefined;
      const done = new Promise<void>((resolve) => (enough = resolve));
      await consumer.run({
        eachMessage: async ({ message }) => {
          const parsed = moderationEvent.safeParse(JSON.parse(String(message.value)));
          if (parsed.success && want(parsed.data)) seen.push(parsed.data);
          // Every event of this run (partitions are read side by side, each in its order): 2 for the timeout user,
          // 4 for the banned one, 4 in the scoped moderator's test, 1 deletion, purge + 3 deletions, 2 by mod frames.
          if (seen.length >= EXPECTED_EVENTS) enough();
        },
      });
      await Promise.race([done, new Promise((r) => setTimeout(r, 30_000))]);
    } finally {
      await consumer.disconnect();
    }
    expect(seen).toHaveLength(EXPECTED_EVENTS);
    // Partitions (keyed by room; `*` for a global ban) interleave: the order of the actions is their time.
    seen.sort((x, y) => x.ts - y.ts);
    const actions = (user: string) => seen.filter((e) => e.userId === user).map((e) => `${e.action}@${e.room}`);
    // The second lift found nothing in force: audited, not recorded as a decision.
    expect(actions(`tim-${run}`)).toEqual([`timeout@${room}`, `lift_timeout@${room}`]);
    expect(actions(`ban-${run}`)).toEqual([`ban@${room}`, 'ban@*', 'unban@*', `unban@${room}`]);
    expect(actions(`spam-${run}`).filter((a) => a.startsWith('purge'))).toEqual([`purge@${room}`]);
    expect(actions(`spam-${run}`).filter((a) => a.startsWith('delete'))).toHaveLength(3);
    expect(actions(`auth-${run}`)).toEqual([`delete@${room}`]);
    const byModerator = seen.filter((e) => e.userId === `troll-${run}`);
    expect(byModerator.map((e) => e.action)).toEqual(['delete', 'timeout']);
    for (const e of byModerator) expect(e.reason).toContain(`viewer:mo-${run}`);
    expect(seen.find((e) => e.userId === `ban-${run}` && e.action === 'ban')?.reason).toContain(email);
  }, 60_000);
});
