import { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverFrame, signViewerToken, TOPIC_PARTITIONS, topicName } from '@tribune/contracts';
import { AppProcess, freePorts, waitFor } from '@tribune/devstack/testing';
import type { ChatMessage } from './protocol';
import { TribuneClient, type JoinedEvent, type StateChange, type TribuneClientOptions } from './tribune-client';

// The SDK against two REAL chat nodes (child processes: `node --import tsx apps/chat-node/src/main.ts`) over the
// real Redis and Kafka the harness describes through env. Node A is SIGKILLed under a connected client.
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const topicPrefix = process.env.KAFKA_TOPIC_PREFIX ?? 'client-int.';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisPrefix = `${process.env.REDIS_PREFIX ?? 'tribune-test'}-client-${process.pid}-${Date.now()}`;
const secret = process.env.CHAT_TOKEN_SECRET ?? 'client-integration-secret';

const nodeEnv = {
  KAFKA_BROKERS: brokers.join(','),
  KAFKA_TOPIC_PREFIX: topicPrefix,
  REDIS_URL: redisUrl,
  REDIS_PREFIX: redisPrefix,
  CHAT_TOKEN_SECRET: secret,
  LOG_LEVEL: 'warn',
  HEARTBEAT_SECONDS: '1',
};

const mint = (sub: string) => () =>
  signViewerToken({ sub, name: sub, roles: [] }, { key: { kid: null, secret }, ttlSeconds: 600 }).then((t) => t.token);

let nodeA: AppProcess;
let nodeB: AppProcess;
const clients: TribuneClient[] = [];

function client(urls: string[], sub: string, options: Partial<TribuneClientOptions> = {}) {
  // Full zod validation of every frame here (the default is the structural guard): a frame the nodes send
  // that the contracts refuse surfaces as an `invalid_frame` error, which the test asserts never happens.
  const c = new TribuneClient({ urls, token: mint(sub), WebSocket, validate: (f) => serverFrame.safeParse(f).data, ...options });
  const seen = { messages: [] as ChatMessage[], joined: [] as (JoinedEvent & { at: number })[], states: [] as StateChange[], errors: [] as string[] };
  c.on('message', (m) => seen.messages.push(m));
  c.on('joined', (j) => seen.joined.push({ ...j, at: Date.now() }));
  c.on('state', (s) => seen.states.push(s));
  c.on('error', (e) => seen.errors.push(`${e.code}: ${e.message}`));
  clients.push(c);
  return { c, seen };
}

beforeAll(async () => {
  const admin = new Kafka({ clientId: 'client-int', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: (['messages', 'moderation', 'dlq'] as const).map((key) => ({ topic: topicName(topicPrefix, key), numPartitions: TOPIC_PARTITIONS[key], replicationFactor: 1 })),
  });
  await admin.disconnect();
  // What a console does at boot: nodes are ready once a rules snapshot is published; it lists the rooms.
  const publisher = new Redis(redisUrl);
  await publisher.set(`${redisPrefix}:rules:snapshot`, JSON.stringify({ v: 1, version: 1, publishedAt: Date.now(), rules: { words: [{ id: 'sdk-test-word', term: 'zorblax' }], rooms: [{ id: 'final', status: 'open' }] } }));
  await publisher.quit();
  const [portA, portB] = await freePorts(2);
  [nodeA, nodeB] = await Promise.all([
    AppProcess.start({ app: 'chat-node', port: portA!, env: { ...nodeEnv, NODE_ID: 'client-a' } }),
    AppProcess.start({ app: 'chat-node', port: portB!, env: { ...nodeEnv, NODE_ID: 'client-b' } }),
  ]);
  // A broker's first transaction (its transaction-state topic is created then) can take longer than an ack
  // timeout: one message through each node first, with time to spare.
  await Promise.all(
    [nodeA, nodeB].map(async (node) => {
      const warm = new TribuneClient({ urls: node.wsUrl, token: mint('warm-up'), WebSocket, ackTimeoutMs: 60_000 });
      await warm.connect();
      await warm.join('final');
      await warm.send('final', `warm-up ${node.port}`);
      warm.close();
    }),
  );
});

afterAll(async () => {
  for (const c of clients) c.close();
  const codes = await Promise.all([nodeA?.stop('SIGKILL'), nodeB?.stop()]);
  if (codes[1] !== 0) process.stderr.write(`node B:\n${nodeB?.logs()}\n`);
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`${redisPrefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  expect(codes[1], 'node B exits 0 on SIGTERM').toBe(0);
});

describe('@tribune/client against two real chat nodes', () => {
  it('node A SIGKILLed under a connected viewer: it is on node B within seconds, recovered, with every message it missed exactly once', async () => {
    // The first retry waits ~1 s (random pinned near the top of a 1 s window) so that some of the messages below
    // are published while the viewer is away and must come back through `join.since`; the rest arrive live.
    const viewer = client([nodeA.wsUrl, nodeB.wsUrl], 'viewer', { backoff: { baseMs: 1000 }, random: () => 0.99 });
    const sender = client([nodeB.wsUrl], 'sender');
    await Promise.all([viewer.c.connect(), sender.c.connect()]);
    expect(viewer.c.url).toBe(nodeA.wsUrl);
    await Promise.all([viewer.c.join('final'), sender.c.join('final')]);

    const sent: string[] = [];
    const say = async (text: string) => {
      const ack = await sender.c.send('final', text);
      expect(ack.status).toBe('accepted');
      sent.push(ack.id);
    };
    // The warm-up messages came in the join's history: count the sender's only.
    const fromSender = () => viewer.seen.messages.filter((m) => m.user.id === 'sender');
    for (let i = 0; i < 5; i++) await say(`before ${i}`);
    await waitFor('viewer has the first 5', async () => fromSender().length >= 5, 10_000, 20);
    const had = fromSender().map((m) => m.id);
    expect(had).toEqual(sent);

    const killedAt = Date.now();
    expect(await nodeA.stop('SIGKILL')).toBe('SIGKILL');
    for (let i = 0; i < 20; i++) await say(`meanwhile ${i}`);
    await waitFor('viewer rejoined on node B', async () => viewer.seen.joined.some((j) => j.rejoin), 10_000, 20);
    for (let i = 0; i < 5; i++) await say(`after ${i}`);
    await waitFor('viewer has all 30', async () => fromSender().length >= 30, 10_000, 20);
    // A beat more, so a duplicate would have arrived too.
    await new Promise((r) => setTimeout(r, 300));

    const rejoin = viewer.seen.joined.find((j) => j.rejoin)!;
    expect(viewer.c.url).toBe(nodeB.wsUrl);
    expect(rejoin).toMatchObject({ room: 'final', url: nodeB.wsUrl, recovered: true });
    const rejoinedAfter = rejoin.at - killedAt;
    process.stdout.write(`client int: rejoined on node B ${rejoinedAfter} ms after the SIGKILL, ${rejoin.history.length} missed messages recovered from join.since\n`);
    expect(rejoinedAfter, `on node B ${rejoinedAfter} ms after the kill`).toBeLessThan(4000);
    // What it missed came through the rejoin's history: the messages acked while it was away, right after the 5 it had.
    const missed = sent.slice(5, 5 + rejoin.history.length);
    expect(rejoin.history.length, 'some messages were sent while the viewer was away').toBeGreaterThan(0);
    expect(rejoin.history.map((m) => m.id)).toEqual(missed);
    expect(rejoin.history[0]!.text).toBe('meanwhile 0');
    // Every message once, in order: history and live together.
    expect(fromSender().map((m) => m.id)).toEqual(sent);
    expect(new Set(viewer.seen.messages.map((m) => m.id)).size, 'no message twice').toBe(viewer.seen.messages.length);
    const lost = viewer.seen.states.find((s) => s.state === 'reconnecting');
    expect(lost?.close?.code, 'a killed node drops the socket without a close frame').toBe(1006);
    expect(viewer.seen.errors).toEqual([]);

    // And the viewer can speak again, on node B.
    const own = await viewer.c.send('final', 'back on B');
    expect(own.status).toBe('accepted');
    await waitFor('the sender sees it', async () => sender.seen.messages.some((m) => m.id === own.id), 10_000, 20);
  });

  it('refusals from a real node: an unpublished room (unknown_room), a blocked word (SendRefusedError with the rule), a guest (read_only)', async () => {
    const viewer = client([nodeB.wsUrl], 'speaker');
    await viewer.c.connect();
    await viewer.c.join('final');
    await expect(viewer.c.send('final', 'such zorblax')).rejects.toMatchObject({ name: 'SendRefusedError', code: 'send_refused', status: 'blocked', reason: 'word:sdk-test-word' });

    const guest = new TribuneClient({ urls: [nodeB.wsUrl], WebSocket });
    clients.push(guest);
    await guest.connect();
    await expect(guest.join('ghost')).rejects.toMatchObject({ code: 'unknown_room', room: 'ghost' });
    await expect(guest.join('final')).resolves.toMatchObject({ room: 'final', recovered: undefined });
    await expect(guest.send('final', 'hi')).rejects.toMatchObject({ code: 'read_only' });
  });
});
