import { Redis } from 'ioredis';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moderationEvent, signViewerToken, TOPIC_PARTITIONS, topicName, type ModerationEvent } from '@tribune/contracts';
import { AppProcess, freePorts, TcpProxy, waitFor, WsViewer, type Ack } from '@tribune/devstack/testing';

// Flood control on the real stack: two chat-node processes, real Redis and Kafka, and no rules published —
// so what they enforce is version 0, the default spam policy of a fresh install (docs/rules.md).
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const topicPrefix = process.env.KAFKA_TOPIC_PREFIX ?? 'chatnode-int.';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisPrefix = `${process.env.REDIS_PREFIX ?? 'tribune-test'}-flood-${process.pid}-${Date.now()}`;
const secret = process.env.CHAT_TOKEN_SECRET ?? 'chat-node-integration-secret';
const room = `flood-${Date.now() % 1_000_000}`;

const nodeEnv = {
  // Nodes without a console: version 0 (no words, the default spam policy) is what they enforce.
  RULES_REQUIRE_SNAPSHOT: '0',
  KAFKA_BROKERS: brokers.join(','),
  KAFKA_TOPIC_PREFIX: topicPrefix,
  REDIS_URL: redisUrl,
  REDIS_PREFIX: redisPrefix,
  CHAT_TOKEN_SECRET: secret,
  LOG_LEVEL: 'info',
  // Room for a flood's unacked sends on one socket.
  MAX_PENDING_SENDS: '256',
};

const token = (sub: string, roles: string[] = []) =>
  signViewerToken({ sub, name: sub, roles }, { key: { kid: null, secret }, ttlSeconds: 600 }).then((t) => t.token);

let nodes: AppProcess[] = [];
let redis: Redis;
let consumer: Consumer;
const moderation: ModerationEvent[] = [];
const clients: WsViewer[] = [];

async function viewer(node: AppProcess, user: string, roles: string[] = []): Promise<WsViewer> {
  const client = await WsViewer.connect(`${node.wsUrl}?token=${await token(user, roles)}`, { label: `${user}@${node.name}` });
  await client.join(room);
  clients.push(client);
  return client;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends every text at `perSecond`, alternating over the sockets (one user on several nodes), then awaits every ack. */
async function flood(sockets: WsViewer[], texts: string[], perSecond: number): Promise<{ acks: Ack[]; seconds: number }> {
  const started = Date.now();
  const pending: Promise<Ack>[] = [];
  for (const [i, text] of texts.entries()) {
    pending.push(sockets[i % sockets.length]!.say(room, text, 20_000));
    await sleep(1000 / perSecond);
  }
  const acks = await Promise.all(pending);
  return { acks, seconds: (Date.now() - started) / 1000 };
}

/** Distinct texts that are not near copies of each other either: random words, deterministic. */
function distinctTexts(n: number): string[] {
  const words = ['pass', 'shot', 'keeper', 'corner', 'offside', 'referee', 'header', 'volley', 'tackle', 'press', 'counter', 'wing', 'striker', 'bench', 'crowd', 'chant', 'flag', 'whistle', 'penalty', 'save', 'cross', 'dribble', 'midfield', 'goalpost', 'replay', 'captain', 'derby', 'league', 'season', 'transfer'];
  let x = 12_345;
  // mulberry32: 32-bit integer steps, so the stream does not degenerate as a float LCG would.
  const rand = () => {
    x = (x + 0x6d2b79f5) >>> 0;
    let t = Math.imul(x ^ (x >>> 15), x | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: n }, (_, i) => `${Array.from({ length: 5 }, () => words[Math.floor(rand() * words.length)]).join(' ')} ${i}`);
}

beforeAll(async () => {
  const kafka = new Kafka({ clientId: 'chat-node-flood-int', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: (['messages', 'moderation', 'dlq'] as const).map((key) => ({ topic: topicName(topicPrefix, key), numPartitions: TOPIC_PARTITIONS[key], replicationFactor: 1 })),
  });
  await admin.disconnect();
  consumer = kafka.consumer({ groupId: `chat-node-flood-int-${process.pid}-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topicName(topicPrefix, 'moderation')], fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ message }) => {
      try {
        const event = moderationEvent.safeParse(JSON.parse(String(message.value)));
        if (event.success && event.data.room === room) moderation.push(event.data);
      } catch {
        // Other suites' payloads (some malformed on purpose) are not ours to judge.
      }
    },
  });
  redis = new Redis(redisUrl);
  const ports = await freePorts(2);
  nodes = await Promise.all(ports.map((port, i) => AppProcess.start({ app: 'chat-node', port, name: `flood-${'ab'[i]}`, env: { ...nodeEnv, NODE_ID: `flood-${'ab'[i]}` } })));
});

afterAll(async () => {
  for (const c of clients) c.close();
  const codes = await Promise.all(nodes.map((n) => n.stop()));
  codes.forEach((code, i) => {
    if (code !== 0) process.stderr.write(`${nodes[i]!.name} exited ${code}:\n${nodes[i]!.logs()}\n`);
  });
  await consumer?.disconnect();
  if (redis) {
    const keys = await redis.keys(`${redisPrefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
});

describe('flood control across two real chat nodes (default policy, counters in Redis)', () => {
  it('enforces the default policy from the first start, and reports its flood state on /readyz', async () => {
    for (const n of nodes) {
      expect(await n.metric('tribune_chat_node_rules_version')).toBe(0);
      const ready = (await (await fetch(`${n.httpUrl}/readyz`)).json()) as { status: string; details?: Record<string, string> };
      expect(ready).toMatchObject({ status: 'ready', details: { flood_state: 'redis' } });
      expect(await n.metric('tribune_chat_node_flood_store_local')).toBe(0);
    }
  });

  it('stops a duplicate flood spread over both nodes after the first copy; a normal chatter meanwhile is untouched', async () => {
    const [a, b] = nodes as [AppProcess, AppProcess];
    const flooderOnA = await viewer(a, 'gold-seller');
    const flooderOnB = await viewer(b, 'gold-seller');
    const alice = await viewer(a, 'alice');
    const watcher = await viewer(b, 'watcher');
    const line = 'BUY CHEAP GOLD at goldshop dot com, best prices, fast delivery';
    // The same line, with the evasions a flooder tries, 120 times at ~30/s, alternating nodes.
    const variants = [line, line.toUpperCase(), `${line}!!`, line.replace('GOLD', 'G0LD'), line.replaceAll(' ', '  ')];
    const normal = ['what a pass', 'keeper was miles off his line there', 'ㅋㅋㅋ 대박', 'GOAL!!', 'that has to be a penalty', 'gg'];
    const [floodResult, aliceAcks] = await Promise.all([
      flood([flooderOnA, flooderOnB], Array.from({ length: 120 }, (_, i) => variants[i % variants.length]!), 30),
      (async () => {
        const acks: Ack[] = [];
        for (const text of normal) {
          acks.push(await alice.say(room, text));
          await sleep(400);
        }
        return acks;
      })(),
    ]);
    const accepted = floodResult.acks.filter((x) => x.status === 'accepted');
    // eslint-disable-next-line no-console -- the outcome is the point of this test
    console.info(`duplicate flood over two nodes: ${accepted.length} of ${floodResult.acks.length} accepted in ${floodResult.seconds.toFixed(1)} s`);
    expect(accepted).toHaveLength(1);
    expect(floodResult.acks[0]!.status).toBe('accepted');
    expect(floodResult.acks.slice(1).every((x) => x.status === 'rejected')).toBe(true);
    // Copies, until the flooder's bucket is empty too (then the rate rule, first in the policy, names the refusal).
    expect(floodResult.acks.slice(1, 20).map((x) => x.reason)).toEqual(Array(19).fill('spam:duplicate'));
    expect(new Set(floodResult.acks.slice(1).map((x) => x.reason))).toEqual(new Set(['spam:duplicate', 'spam:rate']));
    expect(aliceAcks.map((x) => x.status)).toEqual(normal.map(() => 'accepted'));

    // The watcher on node B got alice's messages and the one copy, nothing else of the flood.
    // Delivered as `message` or batched `messages` frames alike: read the watcher's room messages.
    const deadline = Date.now() + 5000;
    while (!aliceAcks.every((x) => watcher.messages.some((m) => m.id === x.id))) {
      if (Date.now() > deadline) throw new Error('the watcher did not get all of the normal chatter\'s messages');
      await sleep(50);
    }
    await sleep(300);
    const floodIds = new Set(floodResult.acks.map((x) => x.id));
    expect(watcher.messages.filter((m) => floodIds.has(m.id)).map((m) => m.id)).toEqual([accepted[0]!.id]);

    // Each refusal is in Kafka with the rule, the counter, the window and the shared store — from both nodes.
    const refusedIds = floodResult.acks.filter((x) => x.status === 'rejected').map((x) => x.id);
    await waitFor('moderation events of the refused copies', async () => refusedIds.every((id) => moderation.some((m) => m.messageId === id)), 15_000);
    const events = moderation.filter((m) => refusedIds.includes(m.messageId ?? ''));
    expect(new Set(events.map((e) => e.node))).toEqual(new Set(['flood-a', 'flood-b']));
    expect(events.find((e) => e.hit?.ruleId === 'default-duplicate')).toMatchObject({
      action: 'reject',
      userId: 'gold-seller',
      hit: { kind: 'spam', term: 'duplicate', counter: { name: 'copies', limit: 1, windowSeconds: 30, scope: 'user', store: 'redis' } },
    });
  });

  it('throttles a fast distinct-text spammer on both nodes to the room-wide rate (20 per 30 s)', async () => {
    const [a, b] = nodes as [AppProcess, AppProcess];
    const onA = await viewer(a, 'fast-spammer');
    const onB = await viewer(b, 'fast-spammer');
    const { acks, seconds } = await flood([onA, onB], distinctTexts(120), 30);
    const accepted = acks.filter((x) => x.status === 'accepted').length;
    // eslint-disable-next-line no-console -- the outcome is the point of this test
    console.info(`distinct-text spammer over two nodes: ${accepted} of ${acks.length} accepted in ${seconds.toFixed(1)} s`);
    // One bucket for the room, whichever node: the burst plus what refilled meanwhile (2/3 of a token a second).
    // Per-node buckets would have let through about twice as many.
    expect(accepted).toBeGreaterThanOrEqual(20);
    expect(accepted).toBeLessThanOrEqual(20 + Math.ceil((seconds * 20) / 30) + 1);
    expect(acks.filter((x) => x.status !== 'accepted').every((x) => x.status === 'rejected' && x.reason === 'spam:rate')).toBe(true);
  });

  it('refuses a copy-paste raid from many users across both nodes from the 8th user on', async () => {
    const raiders = await Promise.all(Array.from({ length: 12 }, (_, i) => viewer(nodes[i % 2]!, `raider-${i}`)));
    const text = 'everyone join discord dot gg slash free-skins now';
    const acks: Ack[] = [];
    for (const r of raiders) acks.push(await r.say(room, text));
    expect(acks.map((x) => x.status)).toEqual([...Array(7).fill('accepted'), ...Array(5).fill('rejected')]);
    expect(acks.slice(7).every((x) => x.reason === 'spam:raid')).toBe(true);
    const moderators = await viewer(nodes[1]!, 'mod-1', ['moderator']);
    expect((await moderators.say(room, text)).status).toBe('accepted');
  });

  it('when Redis is unreachable, a node keeps the flood rules with node-local state and says so; back on Redis when it returns', async () => {
    const url = new URL(redisUrl);
    const proxy = await TcpProxy.start({ host: url.hostname, port: Number(url.port || 6379) });
    const [port] = await freePorts(1);
    const nodeC = await AppProcess.start({
      app: 'chat-node',
      port: port!,
      name: 'flood-c',
      env: { ...nodeEnv, NODE_ID: 'flood-c', REDIS_URL: `redis://127.0.0.1:${proxy.port}`, FLOOD_RETRY_MS: '200' },
    });
    try {
      const client = await viewer(nodeC, 'offline-flooder');
      const readyz = async () => (await (await fetch(`${nodeC.httpUrl}/readyz`)).json()) as { status: string; details: { flood_state: string } };
      expect((await readyz()).details.flood_state).toBe('redis');
      proxy.cut();
      await waitFor('node C to see Redis gone', async () => (await readyz()).details.flood_state.startsWith('node-local') || undefined, 10_000, 50);
      const text = 'offline copy paste spam, the same line again and again';
      const acks: Ack[] = [];
      for (let i = 0; i < 4; i++) {
        const cid = `offline-${i}`;
        client.send({ type: 'send', room, text, cid });
        // Recorded in Kafka and acked; the room's Redis channel is down too, so an error frame may follow.
        const ack = await client.next('ack', (f) => f.cid === cid, 20_000);
        acks.push({ id: ack.id, status: ack.status, reason: ack.reason });
      }
      // Recorded, but Redis (fan-out) is cut too: the first copy is acked accepted/not_delivered at once (main's fail-fast policy).
      expect(acks.map((x) => [x.status, x.reason])).toEqual([['accepted', 'not_delivered'], ...Array(3).fill(['rejected', 'spam:duplicate'])]);
      const ready = await readyz();
      expect(ready.status).toBe('not_ready');
      expect(ready.details.flood_state).toMatch(/^node-local since \S+ \(/);
      expect(await nodeC.metric('tribune_chat_node_flood_store_local')).toBe(1);
      await waitFor('moderation events of the offline refusals', async () => acks.slice(1).every((x) => moderation.some((m) => m.messageId === x.id)) || undefined, 15_000);
      const offline = moderation.find((m) => m.messageId === acks[1]!.id);
      expect(offline).toMatchObject({ node: 'flood-c', hit: { ruleId: 'default-duplicate', counter: { name: 'copies', store: 'local' } } });

      proxy.restore();
      await waitFor('node C ready again', async () => (await readyz()).status === 'ready' || undefined, 20_000, 100);
      const back = await client.say(room, 'and we are back on the shared counters');
      expect(back.status).toBe('accepted');
      await waitFor('flood state shared again', async () => (await readyz()).details.flood_state === 'redis' || undefined, 5_000, 50);
      expect(await nodeC.metric('tribune_chat_node_flood_store_local')).toBe(0);
    } finally {
      await nodeC.stop();
      await proxy.close();
    }
  });

  it('counts the flood checks as answered by Redis, in at most one round trip per message', async () => {
    let checks = 0;
    let trips = 0;
    let messages = 0;
    for (const n of nodes) {
      const text = await (await fetch(`${n.httpUrl}/metrics`)).text();
      const value = (series: string) => Number(text.split('\n').find((l) => l.startsWith(`${series} `))?.split(' ')[1] ?? 0);
      checks += value('tribune_chat_node_flood_checks_total{store="redis"}');
      expect(value('tribune_chat_node_flood_checks_total{store="local"}')).toBe(0);
      trips += value('tribune_chat_node_flood_redis_round_trips_total');
      messages += value('tribune_chat_node_flood_redis_messages_total');
    }
    expect(checks).toBeGreaterThanOrEqual(120 + 120 + 12 + 6);
    expect(messages).toBe(checks);
    expect(trips).toBeLessThanOrEqual(messages);
  });
});
