import { randomBytes, randomUUID } from 'node:crypto';
import { signViewerToken, type MessageStatus } from '@tribune/contracts';
import { createLogger } from '@tribune/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../services';
import { callerFor, consoleTestEnv, loginCookie, startTestServices } from '../testing/operator-caller';
import { startChatNodes, stopChatNodes, WsViewer, type AppProcess } from '@tribune/devstack/testing';

// The whole live-rules path, nothing stubbed: tRPC `words.add` → PostgreSQL → Redis snapshot +
// announcement → two real chat-node processes → a viewer's `send` is acked `blocked` on each.
// Real Kafka, PostgreSQL and Redis: the harness's when given; alone, the dev stack's services.

const ENFORCE_WITHIN_MS = 1000;
/** How long we keep trying before declaring the rule never arrived (well under the test timeout). */
const GIVE_UP_MS = 5000;

const run = randomUUID().slice(0, 8);
const env = consoleTestEnv(`live-rules-${run}`, {
  KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
  KAFKA_TOPIC_PREFIX: process.env.KAFKA_TOPIC_PREFIX ?? '',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
});
// Far beyond the test: only the announcement can bring a new rule in time, never the slow poll.
const nodeEnv = { RULES_POLL_SECONDS: '600' };
const logger = createLogger({ name: 'live-rules-int', level: 'warn' });
/** The measured latencies are the point of the suite: logged whatever the services' log level. */
const report = createLogger({ name: 'live-rules-int', level: 'info' });

const email = `op-live-${run}@tribune.test`;
const password = 'integration-password';
const room = `live-${run}`;
// Letters only, so spacing and case evasions of it are plain to construct.
const term = `zq${[...randomBytes(8)].map((b) => String.fromCharCode(97 + (b % 26))).join('')}`;

let services: Services;
let nodes: AppProcess[] = [];
let viewers: WsViewer[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function loggedInCaller() {
  const cookie = await loginCookie(services, { email, password });
  expect(cookie, 'login sets a session cookie').toMatch(/=/);
  return (await callerFor(services, cookie)).caller;
}

// The probes below send a near copy every ~30 ms, which the default flood policy rightly refuses: the probing
// viewers are broadcasters, whom spam rules skip and word rules still judge (what this suite measures).
const viewerToken = (sub: string) =>
  signViewerToken({ sub, name: sub, roles: ['broadcaster'] }, { key: { kid: null, secret: env.CHAT_TOKEN_SECRET }, ttlSeconds: 600 }).then((t) => t.token);

/**
 * Sends a message carrying the term on `viewer` until its ack has `status`, and returns the ms from
 * `since` to that ack. Throws a message naming the node when it never happens within GIVE_UP_MS.
 */
async function untilStatus(viewer: WsViewer, status: MessageStatus, since: number, what: string): Promise<number> {
  const seen: string[] = [];
  for (let n = 1; ; n++) {
    const ack = await viewer.say(room, `say ${term} #${n}`);
    const elapsed = Date.now() - since;
    if (ack.status === status) return elapsed;
    seen.push(ack.status);
    if (elapsed > GIVE_UP_MS) {
      throw new Error(`${viewer.label}: ${what}: still ${ack.status} after ${elapsed} ms (${n} sends, statuses ${[...new Set(seen)].join(',')}) — did the console publish the rules?`);
    }
    await sleep(15);
  }
}

beforeAll(async () => {
  services = (await startTestServices(env, logger, { email, password })).services;
  // What a console does on boot: the nodes start from the latest published version.
  await services.rules.republishCurrent();
  nodes = await startChatNodes({ stack: env, name: `live-${run}`, env: nodeEnv });
});

afterAll(async () => {
  for (const v of viewers) v.close();
  await stopChatNodes(nodes);
  if (services) {
    await services.db.bannedWord.deleteMany({ where: { roomId: room } });
    await services.db.spamRule.deleteMany({ where: { roomId: room } });
    await services.db.room.deleteMany({ where: { id: room } });
    const keys = await services.redis.keys(`${env.REDIS_PREFIX}:*`);
    if (keys.length > 0) await services.redis.del(...keys);
    await services.close();
  }
});

describe('live rules: console tRPC API → Redis → two chat nodes', () => {
  it(`a banned word added through words.add is enforced by both nodes within ${ENFORCE_WITHIN_MS} ms, and lifted as fast by words.remove`, async () => {
    const caller = await loggedInCaller();
    await caller.rooms.create({ id: room, title: 'Live rules' });

    viewers = await Promise.all(nodes.map(async (n, i) => WsViewer.connect(`${n.wsUrl}?token=${await viewerToken(`viewer-${run}-${i}`)}`, { label: n.name })));
    await Promise.all(viewers.map((v) => v.join(room)));

    // Before the rule: the term is an ordinary word on both nodes.
    for (const v of viewers) expect((await v.say(room, `say ${term} #0`)).status, `${v.label} before the rule`).toBe('accepted');

    const callStarted = Date.now();
    const added = await caller.words.add({ term, action: 'block', roomId: room });
    const t0 = Date.now();
    expect(added.published, 'words.add published to Redis').toBe(true);

    const blockedMs = await Promise.all(viewers.map((v) => untilStatus(v, 'blocked', t0, `blocking "${term}"`)));
    for (const n of nodes) expect(await n.metric('tribune_chat_node_rules_version'), `${n.name} reports the console's version`).toBeGreaterThanOrEqual(added.rulesVersion);

    // Evasions of the same term are caught by the nodes' engine, on both nodes.
    const evasions = [term.split('').join(' '), term.toUpperCase(), [...term].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('.')];
    const blockedIds: string[] = [];
    for (const v of viewers) {
      for (const text of evasions) {
        const ack = await v.say(room, `look: ${text}!`);
        expect(ack.status, `${v.label}: "${text}"`).toBe('blocked');
        blockedIds.push(ack.id);
      }
    }

    const removed = await caller.words.remove({ id: added.word.id });
    const t1 = Date.now();
    expect(removed.published, 'words.remove published to Redis').toBe(true);
    const liftedMs = await Promise.all(viewers.map((v) => untilStatus(v, 'accepted', t1, `lifting "${term}"`)));

    // A blocked message reaches no viewer; an accepted one reaches both, through either node.
    const last = await viewers[0]!.say(room, `after ${term}`);
    expect(last.status).toBe('accepted');
    await Promise.all(viewers.map((v) => v.nextMessage((m) => m.id === last.id)));
    for (const v of viewers) expect(v.messages.filter((m) => blockedIds.includes(m.id))).toEqual([]);

    report.info(
      {
        term,
        addCallMs: t0 - callStarted,
        blockedMs: Object.fromEntries(nodes.map((n, i) => [n.name, blockedMs[i]])),
        liftedMs: Object.fromEntries(nodes.map((n, i) => [n.name, liftedMs[i]])),
      },
      'live_rules_enforcement_latency',
    );
    blockedMs.forEach((ms, i) => expect(ms, `${nodes[i]!.name}: ms from words.add to a blocked ack`).toBeLessThan(ENFORCE_WITHIN_MS));
    liftedMs.forEach((ms, i) => expect(ms, `${nodes[i]!.name}: ms from words.remove to an accepted ack`).toBeLessThan(ENFORCE_WITHIN_MS));
  });

  it(`a room spam rule created through spam.create is enforced by both nodes within ${ENFORCE_WITHIN_MS} ms, and lifted as fast by spam.enable`, async () => {
    const caller = await loggedInCaller();
    // Plain viewers (no role: spam rules apply), one user per node. A generous room rate rule replaces the default
    // rate in this room, so only the rule under test can refuse the probes; each probe is a distinct text.
    const plain = await Promise.all(
      nodes.map(async (n, i) => {
        const { token } = await signViewerToken({ sub: `plain-${run}-${i}`, name: `plain${i}`, roles: [] }, { key: { kid: null, secret: env.CHAT_TOKEN_SECRET }, ttlSeconds: 600 });
        return WsViewer.connect(`${n.wsUrl}?token=${token}`, { label: `${n.name}-plain` });
      }),
    );
    viewers.push(...plain);
    await Promise.all(plain.map((v) => v.join(room)));
    await caller.spam.create({ kind: 'rate', roomId: room, params: { burst: 1000, perSeconds: 1 } });
    const probe = () => `${randomBytes(12).toString('hex')} ${randomBytes(12).toString('base64url')}`;
    for (const v of plain) expect((await v.say(room, probe())).status, `${v.label} before the rule`).toBe('accepted');

    const untilAck = async (v: WsViewer, status: MessageStatus, since: number) => {
      for (;;) {
        const ack = await v.say(room, probe());
        const elapsed = Date.now() - since;
        if (ack.status === status) return { elapsed, reason: ack.reason };
        if (elapsed > GIVE_UP_MS) throw new Error(`${v.label}: still ${ack.status} after ${elapsed} ms`);
        await sleep(15);
      }
    };
    const created = await caller.spam.create({ kind: 'max_length', roomId: room, action: 'reject', params: { maxChars: 30 } });
    const t0 = Date.now();
    expect(created.published).toBe(true);
    const refused = await Promise.all(plain.map((v) => untilAck(v, 'rejected', t0)));
    for (const r of refused) expect(r.reason).toContain('max_length');
    // Short messages still pass.
    for (const v of plain) expect((await v.say(room, `short ${randomBytes(3).toString('hex')}`)).status).toBe('accepted');

    const disabled = await caller.spam.enable({ id: created.rule.id, enabled: false });
    const t1 = Date.now();
    const lifted = await Promise.all(plain.map((v) => untilAck(v, 'accepted', t1)));
    report.info({ refusedMs: refused.map((r) => r.elapsed), liftedMs: lifted.map((r) => r.elapsed), version: disabled.rulesVersion }, 'live_spam_rule_enforcement_latency');
    refused.forEach((r, i) => expect(r.elapsed, `${nodes[i]!.name}: ms from spam.create to a rejected ack`).toBeLessThan(ENFORCE_WITHIN_MS));
    lifted.forEach((r, i) => expect(r.elapsed, `${nodes[i]!.name}: ms from spam.enable(false) to an accepted ack`).toBeLessThan(ENFORCE_WITHIN_MS));
  });
});
