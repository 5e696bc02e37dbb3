import { randomBytes, randomUUID } from 'node:crypto';
import { messagesByStatus } from '@tribune/analytics';
import { CLICKHOUSE, LIVE_STATS, signViewerToken, type MessageStatus } from '@tribune/contracts';
import { createLogger } from '@tribune/service-kit';
import { AppProcess, freePorts, portOpen, WsViewer, type Ack } from '@tribune/devstack/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../services';
import { consoleTestEnv, operatorCaller, startTestServices } from '../testing/operator-caller';
import { readRoomSeconds } from './read-live';
import { MESSAGE_STATUSES, summarise } from './live-series';
import type { Overview } from './live-overview';

// The live path against the archive: a synthetic minute of messages (delivered, masked, blocked, held, rate-limited)
// sent through two real chat nodes; the live per-second counts the console reads from Redis (summed over both nodes)
// must equal chat.messages_1s for every second of it once ingest has loaded the events. Real Kafka, Redis,
// PostgreSQL, ClickHouse, chat nodes and ingest.

const run = randomUUID().slice(0, 8);
const env = consoleTestEnv(`live-${run}`, {
  KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
  KAFKA_TOPIC_PREFIX: process.env.KAFKA_TOPIC_PREFIX ?? '',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  INGEST_GROUP_ID: `live-it-${run}`,
});
const logger = createLogger({ name: 'live-int', level: 'warn' });
const operator = { email: `op-live-${run}@tribune.test`, password: 'integration-password' };
const room = `live-${run}`;
const letters = run.replace(/[^a-f]/g, '').padEnd(4, 'x');
const maskWord = `zm${letters}`;
const blockWord = `zb${letters}`;
const holdWord = `zh${letters}`;
const SECONDS = 60;

let services: Services;
let nodes: AppProcess[] = [];
let ingest: AppProcess | null = null;
const sockets: WsViewer[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const word = () => [...randomBytes(5)].map((b) => String.fromCharCode(97 + (b % 26))).join('');

async function viewer(node: AppProcess, user: string): Promise<WsViewer> {
  const { token } = await signViewerToken({ sub: user, name: user, roles: [] }, { key: { kid: null, secret: env.CHAT_TOKEN_SECRET }, ttlSeconds: 600 });
  const v = await WsViewer.connect(`${node.wsUrl}?token=${token}`, { label: user });
  await v.join(room);
  sockets.push(v);
  return v;
}

beforeAll(async () => {
  services = (await startTestServices(env, logger, operator)).services;
  const broker = env.KAFKA_BROKERS.split(',')[0]!.trim();
  const [host = '127.0.0.1', port = '0'] = broker.split(':');
  if (!(await portOpen(host, Number(port), 2000))) throw new Error(`no Kafka broker at ${broker}: run through \`npm test\` or the test stack`);
  const caller = await operatorCaller(services, operator);
  await caller.rooms.create({ id: room, title: 'Live counters' });
  await caller.words.add({ term: maskWord, action: 'mask', roomId: room });
  await caller.words.add({ term: blockWord, action: 'block', roomId: room });
  await caller.words.add({ term: holdWord, action: 'hold', roomId: room });
  await services.rules.republishCurrent();
  const ports = await freePorts(3);
  const nodeEnv = {
    KAFKA_BROKERS: env.KAFKA_BROKERS,
    KAFKA_TOPIC_PREFIX: env.KAFKA_TOPIC_PREFIX,
    REDIS_URL: env.REDIS_URL,
    REDIS_PREFIX: env.REDIS_PREFIX,
    CHAT_TOKEN_SECRET: env.CHAT_TOKEN_SECRET,
    LOG_LEVEL: 'warn',
    RULES_POLL_SECONDS: '600',
    HEARTBEAT_SECONDS: '1',
    HOST: '127.0.0.1',
  };
  nodes = ports.slice(0, 2).map((p, i) => AppProcess.spawn({ app: 'chat-node', port: p, name: `live-${run}-${i}`, env: { ...nodeEnv, NODE_ID: `live-${run}-${i}` } }));
  ingest = AppProcess.spawn({
    app: 'ingest',
    port: ports[2]!,
    name: `live-${run}-ingest`,
    env: { LOG_LEVEL: 'warn', KAFKA_BROKERS: env.KAFKA_BROKERS, KAFKA_TOPIC_PREFIX: env.KAFKA_TOPIC_PREFIX, KAFKA_GROUP_ID: env.INGEST_GROUP_ID, CLICKHOUSE_URL: process.env.CLICKHOUSE_URL ?? 'http://127.0.0.1:8123', BATCH_MAX_WAIT_MS: '200', HOST: '127.0.0.1' },
  });
  await Promise.all([...nodes, ingest].map((n) => n.waitReady(90_000)));
}, 180_000);

afterAll(async () => {
  for (const v of sockets) v.close();
  const all = [...nodes, ...(ingest ? [ingest] : [])];
  const codes = await Promise.all(all.map((n) => n.stop()));
  codes.forEach((code, i) => {
    if (code !== 0) process.stderr.write(`${all[i]!.name} exited ${code}:\n${all[i]!.logs()}\n`);
  });
  if (services) {
    await services.db.bannedWord.deleteMany({ where: { roomId: room } });
    await services.db.room.deleteMany({ where: { id: room } });
    const keys = await services.redis.keys(`${env.REDIS_PREFIX}:*`);
    if (keys.length > 0) await services.redis.del(...keys);
    await services.close();
  }
}, 60_000);

describe('live counters: two chat nodes → Redis per room-second ↔ chat.messages_1s', () => {
  it('a synthetic minute counts the same, second by second and status by status, live and in ClickHouse', async () => {
    // Two senders and a watcher per node; one sender per node sends in bursts so the rate rule refuses some.
    const joinedFrom = Date.now();
    const senders = await Promise.all([0, 1, 2, 3].map((i) => viewer(nodes[i % 2]!, `sender-${run}-${i}`)));
    await Promise.all(nodes.map((n, i) => viewer(n, `watch-${run}-${i}`)));
    const acks: Ack[] = [];
    // An ack `unavailable` is a message Kafka never took: not recorded, so in neither count.
    const record = (a: Ack) => {
      if (a.reason !== 'unavailable') acks.push(a);
      return a;
    };
    const started = Date.now();
    // Warm up: the first transaction of a fresh producer may miss the ack deadline.
    for (const s of senders) while (record(await s.say(room, `${word()} hello`)).reason === 'unavailable') await sleep(500);
    for (let tick = 0; Date.now() - started < SECONDS * 1000; tick++) {
      const texts = senders.map((_, i) => {
        const r = (tick * 7 + i * 3) % 10;
        return r < 6 ? `${word()} ${word()}` : r < 8 ? `${word()} ${maskWord}` : r < 9 ? `${blockWord} ${word()}` : `${holdWord} ${word()}`;
      });
      // One send at a time per socket (an error frame fails every pending send of its socket); sockets in parallel.
      (await Promise.all(senders.map((s, i) => s.say(room, texts[i]!)))).forEach(record);
      // Every 10th round sender 0 sends a burst, back to back: the rate rule refuses some (rejected, flood).
      if (tick % 10 === 0) for (let b = 0; b < 6; b++) record(await senders[0]!.say(room, `${word()} burst`));
      await sleep(200);
    }
    const ended = Date.now();
    const byStatus = new Map<MessageStatus, number>();
    for (const a of acks) byStatus.set(a.status, (byStatus.get(a.status) ?? 0) + 1);
    // The mix really has every kind in it, or the comparison proves less than it claims.
    for (const s of ['accepted', 'masked', 'blocked', 'held'] as const) expect(byStatus.get(s) ?? 0, s).toBeGreaterThan(0);

    // The overview sees the room move while it is busy (read once, through the live router).
    const caller = await operatorCaller(services, operator);
    const stream = await caller.live.onOverview();
    const first = (await stream[Symbol.asyncIterator]().next()).value as Overview;
    const row = first.rooms.find((r) => r.room === room);
    expect(row, 'room in the overview').toBeDefined();
    expect(row!.viewers).toBe(6);
    expect(row!.chatters5m).toBeGreaterThanOrEqual(4);
    expect(first.nodes.filter((n) => n.nodeId.startsWith(`live-${run}`) && n.up)).toHaveLength(2);
    expect(first.nodes.find((n) => n.nodeId === `live-${run}-0`)?.load?.messagesInPerSecond).toBeGreaterThan(0);

    // Everything sent is in ClickHouse (one row per ack), then every second is compared.
    const deadline = Date.now() + 90_000;
    for (;;) {
      const res = await services.clickhouse.query({ query: `SELECT count() AS n FROM ${CLICKHOUSE.messages} WHERE room = {room:String}`, query_params: { room }, format: 'JSONEachRow' });
      const n = Number((await res.json<{ n: string }>())[0]?.n ?? 0);
      if (n === acks.length) break;
      if (Date.now() > deadline) throw new Error(`ClickHouse holds ${n} of ${acks.length} messages`);
      await sleep(500);
    }
    await sleep(LIVE_STATS.flushMs * 3);
    const from = Math.floor(started / 1000) - 1;
    const to = Math.floor(ended / 1000) + 2;
    const live = await readRoomSeconds(services.redis, env.REDIS_PREFIX, room, from, to);
    const archived = await messagesByStatus(services.clickhouse, { room, range: { from: from * 1000, to: to * 1000 }, resolution: 'second' });
    const liveRows = live
      .flatMap((s) => MESSAGE_STATUSES.filter((c) => s.counts[c] > 0).map((c) => ({ t: s.t, status: c as string, messages: s.counts[c] })))
      .sort((a, b) => a.t - b.t || a.status.localeCompare(b.status));
    expect(liveRows.length).toBeGreaterThan(SECONDS);
    expect(liveRows).toEqual(archived);
    process.stdout.write(`live vs ClickHouse: ${liveRows.length} (second, status) rows, ${acks.length} messages (${[...byStatus].map(([k, v]) => `${k} ${v}`).join(', ')}), equal\n`);
    expect(liveRows.reduce((n, r) => n + r.messages, 0)).toBe(acks.length);
    // Viewer levels were written for the room all along: both nodes' watchers and senders.
    expect(live.filter((s) => s.viewers === 6).length).toBeGreaterThan(SECONDS / 2);
    // The delivery-side figures: six joins, and one latency observation per delivered message and node (both nodes
    // have viewers of the room), none lost between the nodes' histograms and the console's sum.
    const whole = await readRoomSeconds(services.redis, env.REDIS_PREFIX, room, Math.floor(joinedFrom / 1000), to);
    const totals = summarise(whole);
    expect(totals.joins).toBe(6);
    const delivered = (byStatus.get('accepted') ?? 0) + (byStatus.get('masked') ?? 0);
    expect(whole.reduce((n, s) => n + s.latency.reduce((a, b) => a + b, 0), 0)).toBe(2 * delivered);
    expect(totals.p50Ms).not.toBeNull();
    expect(totals.p99Ms!).toBeGreaterThanOrEqual(totals.p50Ms!);
    expect(totals.sampled).toBe(0);
    process.stdout.write(`live delivery figures: ${totals.joins} joins, latency p50 ${totals.p50Ms} ms p99 ${totals.p99Ms} ms over ${2 * delivered} observations\n`);
  }, 240_000);
});
