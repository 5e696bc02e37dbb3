import { randomUUID } from 'node:crypto';
import { CLICKHOUSE, signViewerToken } from '@tribune/contracts';
import { createLogger } from '@tribune/service-kit';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../app-error';
import type { Services } from '../services';
import { consoleTestEnv, loginCookie, operatorCaller, startTestServices } from '../testing/operator-caller';
import { createCaller } from './root';
import { createContext } from './trpc';
import { AppProcess, freePorts, portOpen, WsViewer } from '@tribune/devstack/testing';
import type { QueueStreamEvent } from './routers/review/on-queue';

// The review queue on the whole path, nothing stubbed: a word with action `hold` → a viewer's message held by a real
// chat node → the node's Redis queue → the console's live subscription (tRPC, what SSE carries) → approve → viewers on
// both nodes get it with its original id and ts; reject and expiry recorded in Kafka and loaded by a real ingest into
// ClickHouse `chat.moderation_events`. Then "allow this" on a held false positive, and a later change refused for it.

const run = randomUUID().slice(0, 8);
const env = consoleTestEnv(`review-${run}`, {
  KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
  KAFKA_TOPIC_PREFIX: process.env.KAFKA_TOPIC_PREFIX ?? '',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  REVIEW_EXPIRE_MINUTES: '10',
  REVIEW_SWEEP_MS: '0',
});
const nodeEnv = {
  KAFKA_BROKERS: env.KAFKA_BROKERS,
  KAFKA_TOPIC_PREFIX: env.KAFKA_TOPIC_PREFIX,
  REDIS_URL: env.REDIS_URL,
  REDIS_PREFIX: env.REDIS_PREFIX,
  CHAT_TOKEN_SECRET: env.CHAT_TOKEN_SECRET,
  LOG_LEVEL: 'warn',
  RULES_POLL_SECONDS: '600',
  HEARTBEAT_SECONDS: '1',
};
const logger = createLogger({ name: 'review-int', level: 'warn' });
const report = createLogger({ name: 'review-int', level: 'info' });
const operator = { email: `op-review-${run}@tribune.test`, password: 'integration-password' };
const room = `review-${run}`;
// Letters unique to this run: stored rows of other suites never match it.
const held = `zq${run.replace(/[^a-f]/g, '').padEnd(4, 'x')}`;

let services: Services;
let nodes: AppProcess[] = [];
let ingest: AppProcess | null = null;
const sockets: WsViewer[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const token = (sub: string) => signViewerToken({ sub, name: sub, roles: [] }, { key: { kid: null, secret: env.CHAT_TOKEN_SECRET }, ttlSeconds: 600 }).then((t) => t.token);
async function viewer(node: AppProcess, user: string | null): Promise<WsViewer> {
  const url = user === null ? node.wsUrl : `${node.wsUrl}?token=${await token(user)}`;
  const v = await WsViewer.connect(url, { label: `${user ?? 'guest'}@${node.name}` });
  await v.join(room);
  sockets.push(v);
  return v;
}

/** The live queue as a moderator's browser gets it: every event, with the time it arrived. */
async function liveQueue(roomId: string | null) {
  const controller = new AbortController();
  // The request's signal, as the fetch adapter passes it: aborting it ends the server's generator.
  const caller = createCaller(await createContext(services, { headers: new Headers({ cookie: await loginCookie(services, operator) }) }), { signal: controller.signal });
  const events: { at: number; event: QueueStreamEvent }[] = [];
  const iterable = (await caller.review.onQueue({ roomId })) as AsyncIterable<QueueStreamEvent>;
  let snapshot!: () => void;
  const gotSnapshot = new Promise<void>((r) => (snapshot = r));
  const done = (async () => {
    try {
      for await (const event of iterable) {
        events.push({ at: Date.now(), event });
        if (event.kind === 'snapshot') snapshot();
      }
    } catch {
      // aborted
    }
  })();
  await gotSnapshot;
  return {
    events,
    async held(id: string, timeoutMs = 3000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const e = events.find((x) => x.event.kind === 'held' && x.event.item.id === id);
        if (e) return e;
        if (Date.now() > end) throw new Error(`held ${id} not streamed in ${timeoutMs} ms`);
        await sleep(10);
      }
    },
    async decided(id: string, timeoutMs = 3000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const e = events.find((x) => x.event.kind === 'decided' && x.event.id === id);
        if (e) return e.event;
        if (Date.now() > end) throw new Error(`decision of ${id} not streamed`);
        await sleep(10);
      }
    },
    async stop() {
      controller.abort();
      await done;
    },
  };
}

async function moderationRows(messageId: string, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const result = await services.clickhouse.query({
      query: `SELECT source, action, reason, node FROM ${CLICKHOUSE.moderationEvents} WHERE room = {room:String} AND message_id = {id:String} ORDER BY ts`,
      query_params: { room, id: messageId },
      format: 'JSONEachRow',
    });
    const rows = await result.json<{ source: string; action: string; reason: string; node: string }>();
    if (rows.some((r) => r.source === 'operator') || Date.now() > end) return rows;
    await sleep(300);
  }
}

function appErrorOf(err: unknown): AppError {
  expect(err).toBeInstanceOf(TRPCError);
  const cause = (err as TRPCError).cause;
  expect(AppError.is(cause)).toBe(true);
  return cause as AppError;
}

beforeAll(async () => {
  services = (await startTestServices(env, logger, operator)).services;
  await services.rules.republishCurrent();
  const broker = env.KAFKA_BROKERS.split(',')[0]!.trim();
  const [host = '127.0.0.1', port = '0'] = broker.split(':');
  if (!(await portOpen(host, Number(port), 2000))) throw new Error(`no Kafka broker at ${broker}: run through \`npm test\` or the test stack`);
  const ports = await freePorts(3);
  nodes = ports.slice(0, 2).map((p, i) => {
    const nodeId = `review-${run}-${i === 0 ? 'a' : 'b'}`;
    return AppProcess.spawn({ app: 'chat-node', port: p, name: nodeId, env: { ...nodeEnv, NODE_ID: nodeId, HOST: '127.0.0.1' } });
  });
  ingest = AppProcess.spawn({
    app: 'ingest',
    port: ports[2]!,
    name: `review-${run}-ingest`,
    env: { LOG_LEVEL: 'warn', KAFKA_BROKERS: env.KAFKA_BROKERS, KAFKA_TOPIC_PREFIX: env.KAFKA_TOPIC_PREFIX, KAFKA_GROUP_ID: `review-it-${run}`, CLICKHOUSE_URL: process.env.CLICKHOUSE_URL ?? 'http://127.0.0.1:8123', BATCH_MAX_WAIT_MS: '200', HOST: '127.0.0.1' },
  });
  await Promise.all([...nodes, ingest].map((n) => n.waitReady(90_000)));
  const caller = await operatorCaller(services, operator);
  await caller.rooms.create({ id: room, title: 'Review queue' });
  await caller.words.add({ term: held, action: 'hold', roomId: room });
  await caller.words.add({ term: 'bollocks', action: 'hold', roomId: room });
  // Nodes take the version from the announcement; give them a moment.
  await sleep(500);
}, 180_000);

afterAll(async () => {
  for (const v of sockets) v.close();
  const codes = await Promise.all([...nodes, ...(ingest ? [ingest] : [])].map((n) => n.stop()));
  codes.forEach((code, i) => {
    const p = [...nodes, ingest][i];
    if (code !== 0 && p) process.stderr.write(`${p.name} exited ${code}:\n${p.logs()}\n`);
  });
  if (services) {
    await services.db.regressionCase.deleteMany({ where: { roomId: room } });
    await services.db.reviewDecision.deleteMany({ where: { roomId: room } });
    await services.db.allowedPhrase.deleteMany({ where: { roomId: room } });
    await services.db.bannedWord.deleteMany({ where: { roomId: room } });
    await services.db.room.deleteMany({ where: { id: room } });
    const keys = await services.redis.keys(`${env.REDIS_PREFIX}:*`);
    if (keys.length > 0) await services.redis.del(...keys);
    await services.close();
  }
}, 60_000);

describe('review queue: chat node → Redis → console subscription → decision on every node and in ClickHouse', () => {
  it('a held message reaches the live queue within 1 s; approved, viewers on both nodes get it with its original id and ts', async () => {
    const queue = await liveQueue(room);
    const watchers = await Promise.all(nodes.map((n) => viewer(n, null)));
    const sender = await viewer(nodes[0]!, `sender-${run}`);
    // The node's first produce sets its Kafka transaction up: not what a held message costs.
    expect((await sender.say(room, 'warm up')).status).toBe('accepted');
    const sentAt = Date.now();
    const ack = await sender.say(room, `well ${held} that`);
    expect(ack.status).toBe('held');
    const streamed = await queue.held(ack.id!);
    report.info({ ms: streamed.at - sentAt }, 'held_to_live_queue');
    expect(streamed.at - sentAt, 'held → live queue').toBeLessThan(1000);
    const item = streamed.event.kind === 'held' ? streamed.event.item : null;
    expect(item).toMatchObject({ id: ack.id, room, text: `well ${held} that`, user: { id: `sender-${run}` } });
    expect(item!.hits[0]).toMatchObject({ kind: 'word', term: held, action: 'hold' });
    // Nothing reached the room while it waits.
    await sleep(200);
    for (const w of watchers) expect(w.frames.some((f) => (f.type === 'message' && f.id === ack.id) || (f.type === 'messages' && f.messages.some((m) => m.id === ack.id)))).toBe(false);
    const caller = await operatorCaller(services, operator);
    expect((await caller.review.list({ roomId: room })).items.map((i) => i.id)).toContain(ack.id);
    expect(await services.review.depths()).toMatchObject({ [room]: 1 });
    // The queue depth as Prometheus scrapes it (/api/metrics).
    expect(await services.metrics.metrics()).toContain(`tribune_console_review_queue_depth{room="${room}"} 1`);

    const delivered = Promise.all(watchers.map((w) => w.nextMessage((m) => m.id === ack.id, 3000)));
    const out = await caller.review.approve({ id: ack.id!, room });
    expect(out).toMatchObject({ id: ack.id, decision: 'approved', delivered: true });
    for (const m of await delivered) expect(m).toMatchObject({ id: ack.id, ts: item!.ts, text: `well ${held} that`, user: { id: `sender-${run}` } });
    expect(await queue.decided(ack.id!)).toMatchObject({ decision: 'approved', by: operator.email });
    // A second decision is refused: one decider wins.
    expect(appErrorOf(await caller.review.reject({ id: ack.id!, room }).catch((e: unknown) => e)).code).toBe('ALREADY_DECIDED');
    expect((await caller.review.list({ roomId: room })).items).toHaveLength(0);
    expect(await services.metrics.metrics()).not.toContain(`tribune_console_review_queue_depth{room="${room}"}`);
    expect((await services.db.reviewDecision.findUniqueOrThrow({ where: { messageId: ack.id! } })).decision).toBe('approved');
    // A late joiner gets it in the history too.
    const late = await WsViewer.connect(nodes[1]!.wsUrl, { label: 'late' });
    sockets.push(late);
    expect((await late.join(room)).history.map((m) => m.id)).toContain(ack.id);
    await queue.stop();
    const rows = await moderationRows(ack.id!);
    expect(rows.map((r) => [r.source, r.action])).toEqual([['engine', 'hold'], ['operator', 'approve']]);
    expect(rows[1]!.reason).toBe(`review: approved by ${operator.email}`);
  }, 90_000);

  it('reject and expiry are recorded in chat.moderation; neither reaches the room', async () => {
    const queue = await liveQueue(null);
    const watcher = await viewer(nodes[1]!, null);
    const sender = await viewer(nodes[0]!, `sender2-${run}`);
    const rejected = await sender.say(room, `no ${held} here`);
    const expiring = await sender.say(room, `old ${held} one`);
    await queue.held(rejected.id!);
    await queue.held(expiring.id!);
    const caller = await operatorCaller(services, operator);
    expect(await caller.review.reject({ id: rejected.id!, room })).toMatchObject({ decision: 'rejected', delivered: false });
    // Not yet due: nothing expires.
    expect(await services.review.expireDue()).toBe(0);
    // Ten minutes later (REVIEW_EXPIRE_MINUTES=10).
    expect(await services.review.expireDue(Date.now() + 10 * 60_000 + 1000)).toBe(1);
    expect(await queue.decided(expiring.id!)).toMatchObject({ decision: 'expired', by: null });
    await queue.stop();
    expect(await services.review.depths()).toEqual({});
    const rej = await moderationRows(rejected.id!);
    expect(rej.map((r) => [r.source, r.action, r.node])).toEqual([['engine', 'hold', nodes[0]!.name], ['operator', 'reject', 'console']]);
    const exp = await moderationRows(expiring.id!);
    expect(exp.map((r) => [r.source, r.action])).toEqual([['engine', 'hold'], ['operator', 'reject']]);
    expect(exp[1]!.reason).toBe('review: expired after 10 min');
    expect(watcher.frames.some((f) => f.type === 'message' && (f.id === rejected.id || f.id === expiring.id))).toBe(false);
  }, 90_000);

  it('allow this: the proposed phrase, its backtest, one published version with a regression case; a later conflicting change is refused naming the case', async () => {
    const queue = await liveQueue(room);
    const watcher = await viewer(nodes[1]!, null);
    const sender = await viewer(nodes[0]!, `fan-${run}`);
    const text = 'bollocks to the offside rule';
    const ack = await sender.say(room, text);
    expect(ack.status).toBe('held');
    await queue.held(ack.id!);
    await queue.stop();
    const caller = await operatorCaller(services, operator);
    const proposal = await caller.review.proposeAllowed({ room, id: ack.id! });
    expect(proposal).toMatchObject({ term: 'bollocks', span: [0, 8], phrase: 'bollocks to', scope: 'room' });
    expect(proposal.message).toMatchObject({ held: true, text });
    expect(proposal.backtest.scanned).toBeGreaterThanOrEqual(0);

    const versionBefore = await services.rules.currentVersion();
    const delivered = watcher.nextMessage((m) => m.id === ack.id, 5000);
    const fixed = await caller.review.allowThis({ room, id: ack.id!, phrase: proposal.phrase });
    expect(fixed).toMatchObject({ published: true, approved: true, rulesVersion: versionBefore + 1 });
    expect((await delivered).text).toBe(text);
    const phrase = await services.db.allowedPhrase.findUniqueOrThrow({ where: { id: fixed.phraseId } });
    expect(phrase).toMatchObject({ phrase: 'bollocks to', roomId: room });
    expect(await services.db.regressionCase.findUniqueOrThrow({ where: { id: fixed.regressionCaseId } })).toMatchObject({ messageId: ack.id, text, allowedPhraseId: phrase.id });
    // Live on the nodes: the same text is now accepted.
    // (Another user: the same user's same line would be a duplicate.)
    const other = await viewer(nodes[1]!, `fan2-${run}`);
    expect((await other.say(room, text)).status).toBe('accepted');

    // A later change that would refuse the case again: refused, naming it; nothing committed.
    const refused = appErrorOf(await caller.words.add({ term: 'offside', action: 'block', roomId: room }).catch((e: unknown) => e));
    expect(refused.code).toBe('REGRESSION_CASE_REFUSED');
    expect(refused.message).toContain(`regression case ${fixed.regressionCaseId}`);
    expect(refused.message).toContain('by word "offside"');
    expect(await services.rules.currentVersion()).toBe(fixed.rulesVersion);
    const removal = appErrorOf(await caller.allowed.remove({ id: phrase.id }).catch((e: unknown) => e));
    expect(removal.code).toBe('REGRESSION_CASE_REFUSED');
    // Unrelated changes still pass; a forced one passes and says so.
    await caller.words.add({ term: `unrelated${held}`, roomId: room });
    const forced = await caller.words.add({ term: 'offside', action: 'block', roomId: room, force: true });
    expect((await services.db.rulesVersion.findUniqueOrThrow({ where: { version: forced.rulesVersion } })).reason).toContain(`forced past regression case ${fixed.regressionCaseId}`);
    // Once forced, the case no longer blocks every later change.
    await caller.words.add({ term: `another${held}`, roomId: room });
  }, 90_000);
});
