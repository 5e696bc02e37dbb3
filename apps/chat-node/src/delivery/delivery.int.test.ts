import { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signViewerToken, TOPIC_PARTITIONS, topicName, type ChatMessage } from '@tribune/contracts';
import { AppProcess, freePorts, waitFor, WsViewer } from '@tribune/devstack/testing';

// Batched delivery on two real nodes over real Redis and Kafka (the harness describes them through env).
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const topicPrefix = process.env.KAFKA_TOPIC_PREFIX ?? 'chatnode-int.';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisPrefix = `${process.env.REDIS_PREFIX ?? 'tribune-test'}-delivery-${process.pid}-${Date.now()}`;
const secret = process.env.CHAT_TOKEN_SECRET ?? 'chat-node-integration-secret';

const nodeEnv = {
  KAFKA_BROKERS: brokers.join(','),
  KAFKA_TOPIC_PREFIX: topicPrefix,
  REDIS_URL: redisUrl,
  REDIS_PREFIX: redisPrefix,
  CHAT_TOKEN_SECRET: secret,
  LOG_LEVEL: 'warn',
  HEARTBEAT_SECONDS: '1',
  // Completeness of batched delivery is what this suite checks: the overload policy (sampling,
  // unit-tested in room-delivery.test.ts) is set above the burst's rate.
  DELIVERY_MAX_VIEWER_RATE: '100000',
};

const token = (sub: string) => signViewerToken({ sub, name: sub, roles: [] }, { key: { kid: null, secret }, ttlSeconds: 600 }).then((t) => t.token);

let nodeA: AppProcess;
let nodeB: AppProcess;
const open: WsViewer[] = [];

async function connect(node: AppProcess, user?: string): Promise<WsViewer> {
  const url = user ? `${node.wsUrl}?token=${await token(user)}` : node.wsUrl;
  const client = await WsViewer.connect(url, { label: user ?? `guest@${node.port}` });
  open.push(client);
  return client;
}

const idsOf = (messages: ChatMessage[]) => messages.map((m) => m.id);
const until = (what: string, condition: () => boolean, timeoutMs = 10_000) => waitFor(what, async () => condition(), timeoutMs, 20);

beforeAll(async () => {
  const admin = new Kafka({ clientId: 'chat-node-delivery-int', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: (['messages', 'moderation', 'dlq'] as const).map((key) => ({ topic: topicName(topicPrefix, key), numPartitions: TOPIC_PARTITIONS[key], replicationFactor: 1 })),
  });
  await admin.disconnect();
  // What a console does at boot: nodes are ready once a rules snapshot is published.
  const publisher = new Redis(redisUrl);
  await publisher.set(`${redisPrefix}:rules:snapshot`, JSON.stringify({ v: 1, version: 1, publishedAt: Date.now(), rules: { words: [] } }));
  await publisher.quit();
  const [portA, portB] = await freePorts(2);
  [nodeA, nodeB] = await Promise.all([
    AppProcess.start({ app: 'chat-node', port: portA!, env: { ...nodeEnv, NODE_ID: 'delivery-a' } }),
    AppProcess.start({ app: 'chat-node', port: portB!, env: { ...nodeEnv, NODE_ID: 'delivery-b' } }),
  ]);
});

afterAll(async () => {
  for (const client of open) client.close();
  const codes = await Promise.all([nodeA?.stop(), nodeB?.stop()]);
  if (codes.some((c) => c !== 0)) process.stderr.write(`node A:\n${nodeA?.logs()}\nnode B:\n${nodeB?.logs()}\n`);
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`${redisPrefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  expect(codes, 'nodes exit 0 on SIGTERM').toEqual([0, 0]);
});

describe('batched delivery (two nodes, real Redis and Kafka)', () => {
  it('a burst of 500 messages from senders on both nodes reaches every viewer on both nodes complete, once, in order per sender, as messages frames', async () => {
    const room = 'burst';
    const senders = await Promise.all(Array.from({ length: 10 }, (_, i) => connect(i % 2 ? nodeB : nodeA, `sender-${i}`)));
    const guests = await Promise.all([connect(nodeA), connect(nodeA), connect(nodeB), connect(nodeB)]);
    const everyone = [...senders, ...guests];
    await Promise.all(everyone.map((v) => v.join(room)));

    // Each sender sends 50 one after the other (its order is then the order of its publishes); ten at once.
    const sent = new Map<string, string[]>();
    await Promise.all(
      senders.map(async (sender) => {
        const ids: string[] = [];
        for (let i = 0; i < 50; i++) {
          const ack = await sender.say(room, `${sender.label} #${i}`);
          expect(ack.status).toBe('accepted');
          ids.push(ack.id);
        }
        sent.set(sender.label, ids);
      }),
    );
    const all = new Set([...sent.values()].flat());
    expect(all.size).toBe(500);

    await Promise.all(everyone.map((v) => until(`${v.label} has 500 messages`, () => v.messages.filter((m) => all.has(m.id)).length >= 500, 20_000)));
    // A beat more, so a duplicate would have arrived too.
    await new Promise((r) => setTimeout(r, 200));
    for (const v of everyone) {
      const received = v.messages.filter((m) => m.room === room);
      expect(received, v.label).toHaveLength(500);
      expect(new Set(idsOf(received)).size, `${v.label}: no duplicates`).toBe(500);
      for (const [label, ids] of sent) {
        expect(idsOf(received.filter((m) => m.user.id === label)), `${v.label}: ${label}'s messages in order`).toEqual(ids);
      }
      const batched = v.frames.filter((f) => f.type === 'messages');
      expect(batched.length, `${v.label} got messages frames`).toBeGreaterThan(0);
      expect(Math.max(...batched.map((f) => (f.type === 'messages' ? f.messages.length : 0))), `${v.label}: some frame carries several`).toBeGreaterThan(1);
    }
    // Every node delivered in batches: fewer frames than messages per viewer.
    for (const node of [nodeA, nodeB]) {
      const metrics = await (await fetch(`${node.httpUrl}/metrics`)).text();
      const batches = Number(/^tribune_chat_node_delivery_batch_messages_count (\d+)/m.exec(metrics)?.[1]);
      expect(batches, `${node.name} flushes`).toBeGreaterThan(0);
      expect(batches, `${node.name} flushed fewer batches than messages`).toBeLessThan(500);
    }
  });

  it('a viewer that drops and rejoins with `since` (on the other node) gets exactly what it missed, then the live messages', async () => {
    const room = 'rejoin';
    const sender = await connect(nodeA, 'talker');
    const stayer = await connect(nodeB);
    const leaver = await connect(nodeB);
    await Promise.all([sender, stayer, leaver].map((v) => v.join(room)));
    const say = async (from: number, to: number) => {
      for (let i = from; i < to; i++) expect((await sender.say(room, `line ${i}`)).status).toBe('accepted');
    };

    await say(0, 20);
    await until('leaver has the first 20', () => leaver.messages.length >= 20);
    const lastSeen = leaver.messages.at(-1)!.id;
    leaver.close();
    await leaver.waitClose();

    await say(20, 50);
    await until('stayer has 50', () => stayer.messages.length >= 50);
    const back = await connect(nodeA);
    const joined = await back.join(room, lastSeen);
    await say(50, 60);
    await until('stayer has 60', () => stayer.messages.length >= 60);
    await until('back has the live ones', () => back.messages.some((m) => m.id === stayer.messages.at(-1)!.id));

    expect(joined.recovered).toBe(true);
    expect(joined.history.length, 'some of the missed messages came in joined.history').toBeGreaterThan(0);
    const missed = idsOf(stayer.messages.slice(20));
    expect([...idsOf([...joined.history].reverse()), ...idsOf(back.messages)]).toEqual(missed);

    // An id the node never held: the recent history, and `recovered: false`.
    const lost = await connect(nodeB);
    const unknown = await lost.join(room, '00000000-0000-7000-8000-000000000000');
    expect(unknown.recovered).toBe(false);
    expect(idsOf(unknown.history)).toEqual(idsOf(stayer.messages.slice(-50)).reverse());
  });
});
