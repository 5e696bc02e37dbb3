import { randomBytes, randomUUID } from 'node:crypto';
import { signViewerToken, type ServerFrame } from '@tribune/contracts';
import { createLogger } from '@tribune/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../services';
import { consoleTestEnv, operatorCaller, startTestServices } from '../testing/operator-caller';
import { startChatNodes, stopChatNodes, WsViewer, type Ack, type AppProcess } from '@tribune/devstack/testing';

// Room modes on the whole path, nothing stubbed: tRPC `rooms.setModes` / `rooms.update` → PostgreSQL → Redis
// snapshot + announcement → two real chat-node processes → viewers' sends are refused with the mode's reason, and
// every viewer of the room, on both nodes, gets a `notice`. Real Kafka, PostgreSQL and Redis.

const ENFORCE_WITHIN_MS = 1000;
const GIVE_UP_MS = 5000;
const SLOW_SECONDS = 5;

const run = randomUUID().slice(0, 8);
const env = consoleTestEnv(`modes-${run}`, {
  KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
  KAFKA_TOPIC_PREFIX: process.env.KAFKA_TOPIC_PREFIX ?? '',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
});
// Far beyond the test: only the announcement can bring a change in time, never the slow poll.
const nodeEnv = { RULES_POLL_SECONDS: '600' };
const logger = createLogger({ name: 'room-modes-int', level: 'warn' });
const report = createLogger({ name: 'room-modes-int', level: 'info' });
const operator = { email: `op-modes-${run}@tribune.test`, password: 'integration-password' };
const room = `modes-${run}`;

let services: Services;
let nodes: AppProcess[] = [];
const sockets: WsViewer[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Plain viewers (no role): slow mode and the other modes apply to them. Texts are short random letters, so the
// default flood policy's duplicate check (8+ characters) never sees them; each phase uses fresh users, so its rate
// bucket is full.
const token = (sub: string, roles: string[] = []) =>
  signViewerToken({ sub, name: sub, roles }, { key: { kid: null, secret: env.CHAT_TOKEN_SECRET }, ttlSeconds: 600 }).then((t) => t.token);
const text = () => [...randomBytes(6)].map((b) => String.fromCharCode(97 + (b % 26))).join('');

async function viewer(node: AppProcess, user: string | null): Promise<WsViewer> {
  const url = user === null ? node.wsUrl : `${node.wsUrl}?token=${await token(user)}`;
  const v = await WsViewer.connect(url, { label: `${user ?? 'guest'}@${node.name}` });
  await v.join(room);
  sockets.push(v);
  return v;
}

/**
 * Sends on `v` until `done(ack)`; the ms from `since` to that ack and the ack. Throws naming the node otherwise.
 * `pairs`: each probe is two messages sent back to back and the second one's ack is judged — slow mode shows on the
 * second message of the first pair judged under it, without waiting for a first message's Kafka round trip.
 */
async function until(v: WsViewer, done: (a: Ack) => boolean, since: number, what: string, pairs = false): Promise<{ ms: number; ack: Ack }> {
  const seen: string[] = [];
  for (let n = 1; ; n++) {
    const ack = pairs ? (await Promise.all([v.say(room, text()), v.say(room, text())]))[1] : await v.say(room, text());
    const ms = Date.now() - since;
    if (done(ack)) return { ms, ack };
    seen.push(`${ack.status}/${ack.reason ?? ''}`);
    if (ms > GIVE_UP_MS) throw new Error(`${v.label}: ${what}: not after ${ms} ms (${n} sends: ${[...new Set(seen)].join(', ')})`);
    await sleep(40);
  }
}

/** The fields a tRPC call was refused for (the input's zod issues, which the errorFormatter puts in `issues`). */
async function refusedFields(call: Promise<unknown>): Promise<string[]> {
  const err: unknown = await call.then(
    () => null,
    (e: unknown) => e,
  );
  const cause = (err as { cause?: { issues?: { path: PropertyKey[] }[] } } | null)?.cause;
  return (cause?.issues ?? []).map((i) => i.path.map(String).join('.'));
}

const notice = (v: WsViewer, text: string) => v.next('notice', (f) => f.room === room && f.text === text, GIVE_UP_MS);
const notices = (v: WsViewer) => v.frames.filter((f): f is Extract<ServerFrame, { type: 'notice' }> => f.type === 'notice').map((f) => f.text);

beforeAll(async () => {
  services = (await startTestServices(env, logger, operator)).services;
  await services.rules.republishCurrent();
  nodes = await startChatNodes({ stack: env, name: `modes-${run}`, env: nodeEnv });
});

afterAll(async () => {
  for (const v of sockets) v.close();
  await stopChatNodes(nodes);
  if (services) {
    await services.db.room.deleteMany({ where: { id: room } });
    const keys = await services.redis.keys(`${env.REDIS_PREFIX}:*`);
    if (keys.length > 0) await services.redis.del(...keys);
    await services.close();
  }
});

describe('room modes: console tRPC → Redis → two chat nodes', () => {
  it('slow mode set in the console is enforced room-wide by both nodes within 1 s, announced, and lifted within 1 s', async () => {
    const caller = await operatorCaller(services, operator);
    await caller.rooms.create({ id: room, title: 'Room modes' });
    const watchers = await Promise.all(nodes.map((n) => viewer(n, null)));
    const probes = await Promise.all(nodes.map((n, i) => viewer(n, `slow-${run}-${i}`)));
    for (const p of probes) for (let k = 0; k < 3; k++) expect((await p.say(room, text())).status, `${p.label} before slow mode`).toBe('accepted');

    const set = await caller.rooms.setModes({ id: room, modes: { slowModeSeconds: SLOW_SECONDS } });
    const t0 = Date.now();
    expect(set.published).toBe(true);
    expect(set.room.slowModeSeconds).toBe(SLOW_SECONDS);
    const latest = await services.db.rulesVersion.findFirstOrThrow({ orderBy: { version: 'desc' } });
    expect(latest.version).toBe(set.rulesVersion);
    expect(latest.reason).toBe(`room ${room} modes: slow mode ${SLOW_SECONDS} s by ${operator.email}`);

    const enforced = await Promise.all(probes.map((p) => until(p, (a) => a.reason === 'slow_mode', t0, 'slow mode enforced', true)));
    for (const { ack } of enforced) {
      expect(ack.status).toBe('rejected');
      expect(ack.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(ack.retryAfterSeconds).toBeLessThanOrEqual(SLOW_SECONDS);
    }
    for (const w of watchers) expect((await notice(w, `Slow mode is on: one message every ${SLOW_SECONDS} s.`)).room).toBe(room);

    // Room-wide: one user on both nodes is one user. A message taken on node A starts the wait on node B.
    const [onA, onB] = await Promise.all(nodes.map((n) => viewer(n, `both-${run}`)));
    expect((await onA!.say(room, text())).status).toBe('accepted');
    const fromB = await onB!.say(room, text());
    expect(fromB).toMatchObject({ status: 'rejected', reason: 'slow_mode' });
    expect(fromB.retryAfterSeconds).toBeGreaterThanOrEqual(SLOW_SECONDS - 1);
    expect((await onA!.say(room, text())).reason).toBe('slow_mode');

    // Lifting: users in the middle of their wait may speak again at once.
    const waiting = await Promise.all(nodes.map((n, i) => viewer(n, `lift-${run}-${i}`)));
    const firstAt: number[] = [];
    for (const w of waiting) {
      expect((await w.say(room, text())).status).toBe('accepted');
      firstAt.push(Date.now());
      expect((await w.say(room, text())).reason).toBe('slow_mode');
    }
    const off = await caller.rooms.setModes({ id: room, modes: { slowModeSeconds: null } });
    const t1 = Date.now();
    expect(off.published).toBe(true);
    const lifted = await Promise.all(waiting.map((w) => until(w, (a) => a.status === 'accepted', t1, 'slow mode lifted')));
    // Accepted before the 5 s wait was over: the lift did it, not the clock.
    lifted.forEach(({ ms }, i) => expect(t1 + ms - firstAt[i]!).toBeLessThan(SLOW_SECONDS * 1000));
    for (const w of watchers) await notice(w, 'Slow mode is off.');

    report.info(
      {
        enforcedMs: Object.fromEntries(nodes.map((n, i) => [n.name, enforced[i]!.ms])),
        liftedMs: Object.fromEntries(nodes.map((n, i) => [n.name, lifted[i]!.ms])),
      },
      'room_modes_slow_mode_latency',
    );
    enforced.forEach(({ ms }, i) => expect(ms, `${nodes[i]!.name}: ms from rooms.setModes to a slow_mode ack`).toBeLessThan(ENFORCE_WITHIN_MS));
    lifted.forEach(({ ms }, i) => expect(ms, `${nodes[i]!.name}: ms from lifting to an accepted ack`).toBeLessThan(ENFORCE_WITHIN_MS));
  });

  it('a closed room refuses sends on both nodes with room_closed, tells its viewers and newcomers, and reopens', async () => {
    const caller = await operatorCaller(services, operator);
    const watchers = sockets.filter((s) => s.label.startsWith('guest@'));
    const senders = await Promise.all(nodes.map((n, i) => viewer(n, `closed-${run}-${i}`)));
    await caller.rooms.update({ id: room, status: 'closed' });
    const t0 = Date.now();
    const refused = await Promise.all(senders.map((s) => until(s, (a) => a.reason === 'room_closed', t0, 'closed room')));
    for (const { ack } of refused) expect(ack.status).toBe('rejected');
    for (const w of watchers) await notice(w, 'Chat is closed: read-only.');
    // A viewer joining the closed room is told at once; joining is still allowed (archived refuses it).
    const late = await viewer(nodes[1]!, null);
    await late.next('notice', (f) => f.room === room && f.text.startsWith('Chat is closed: read-only.'), GIVE_UP_MS);

    await caller.rooms.update({ id: room, status: 'open' });
    await Promise.all(senders.map((s) => until(s, (a) => a.status === 'accepted', Date.now(), 'reopened')));
    for (const w of watchers) await notice(w, 'Chat is open again.');
    report.info({ closedMs: Object.fromEntries(nodes.map((n, i) => [n.name, refused[i]!.ms])) }, 'room_modes_closed_latency');
    refused.forEach(({ ms }) => expect(ms).toBeLessThan(ENFORCE_WITHIN_MS));
  });

  it('a maximum length refuses longer messages with too_long on both nodes; bad modes are refused naming the field', async () => {
    const caller = await operatorCaller(services, operator);
    const senders = await Promise.all(nodes.map((n, i) => viewer(n, `long-${run}-${i}`)));
    const before = await services.rules.currentVersion();
    expect(await refusedFields(caller.rooms.setModes({ id: room, modes: { maxMessageLength: 0 } }))).toEqual(['modes.maxMessageLength']);
    expect(await refusedFields(caller.rooms.setModes({ id: room, modes: { slowModeSeconds: 301, emojiOnly: true } }))).toEqual(['modes.slowModeSeconds']);
    await expect(caller.rooms.setModes({ id: `nope-${run}`, modes: { linksOff: true } })).rejects.toThrow(/does not exist/);
    expect(await services.rules.currentVersion(), 'a refused change commits no version').toBe(before);

    await caller.rooms.setModes({ id: room, modes: { maxMessageLength: 10 } });
    const t0 = Date.now();
    const refused = await Promise.all(
      senders.map(async (s) => {
        for (;;) {
          const ack = await s.say(room, 'eleven char');
          if (ack.reason === 'too_long' || Date.now() - t0 > GIVE_UP_MS) return { ack, ms: Date.now() - t0 };
          await sleep(40);
        }
      }),
    );
    for (const { ack, ms } of refused) {
      expect(ack).toMatchObject({ status: 'rejected', reason: 'too_long' });
      expect(ms).toBeLessThan(ENFORCE_WITHIN_MS);
    }
    for (const s of senders) expect((await s.say(room, 'ten chars!')).status).toBe('accepted');
    for (const w of sockets.filter((x) => x.label.startsWith('guest@'))) {
      await notice(w, 'Messages are limited to 10 characters.');
      // One notice per change on each node: a viewer hears each change once.
      expect(notices(w).filter((t) => t === 'Messages are limited to 10 characters.')).toHaveLength(1);
    }
  });
});
