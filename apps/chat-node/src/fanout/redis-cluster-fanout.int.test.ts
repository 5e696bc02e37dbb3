import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Cluster, Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisNames, signViewerToken, TOPIC_PARTITIONS, topicName, type RulesSnapshot } from '@tribune/contracts';
import { AppProcess, freePorts, startRedisCluster, waitFor, WsViewer, type RedisClusterHandle } from '@tribune/devstack/testing';

// Two real chat nodes on a real 3-master Redis Cluster (the system's redis-server in cluster mode): rooms on shard
// channels (SSUBSCRIBE / SPUBLISH), every other key the node uses on the cluster too. The cluster is the test stack's
// when it started one (TEST_REDIS_CLUSTER=1 → REDIS_CLUSTER_URL), else this suite starts its own and stops it.
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const topicPrefix = process.env.KAFKA_TOPIC_PREFIX ?? 'chatnode-int.';
const redisPrefix = `${process.env.REDIS_PREFIX ?? 'tribune-test'}-cluster-${process.pid}-${Date.now()}`;
const secret = process.env.CHAT_TOKEN_SECRET ?? 'chat-node-integration-secret';
const names = redisNames(redisPrefix);
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

let cluster: RedisClusterHandle | null = null;
let clusterUrl: string;
let seeds: { host: string; port: number }[];
let redis: Cluster;
let nodeA: AppProcess;
let nodeB: AppProcess;
/** Rooms whose channels live on different masters (all three when the names allow). */
let rooms: string[] = [];
const clients: WsViewer[] = [];

const token = (sub: string) => signViewerToken({ sub, name: sub, roles: [] }, { key: { kid: null, secret }, ttlSeconds: 600 }).then((t) => t.token);

async function viewer(node: AppProcess, user: string, room: string): Promise<WsViewer> {
  const client = await WsViewer.connect(`${node.wsUrl}?token=${await token(user)}`, { label: `${user}@${node.name}` });
  await client.join(room);
  clients.push(client);
  return client;
}

async function publishRules(rules: RulesSnapshot['rules'] | Record<string, unknown>): Promise<number> {
  const current = await redis.get(names.rulesSnapshot);
  const version = current ? (JSON.parse(current) as RulesSnapshot).version + 1 : 1;
  await redis.set(names.rulesSnapshot, JSON.stringify({ v: 1, version, publishedAt: Date.now(), rules }));
  // A classic PUBLISH reaches every master's subscribers on a cluster (the rules channel is not a shard channel).
  await redis.publish(names.rulesChannel, JSON.stringify({ v: 1, version }));
  return version;
}

async function rulesVersion(node: AppProcess): Promise<number | undefined> {
  return node.metric('tribune_chat_node_rules_version');
}

/** The master (`host:port`) whose slot holds a key or shard channel. */
async function masterOf(key: string): Promise<string> {
  const slot = (await redis.call('CLUSTER', 'KEYSLOT', key)) as number;
  const ranges = (await redis.call('CLUSTER', 'SLOTS')) as [number, number, [string, number]][];
  const range = ranges.find(([from, to]) => slot >= from && slot <= to)!;
  return `${range[2][0]}:${range[2][1]}`;
}

beforeAll(async () => {
  if (process.env.REDIS_CLUSTER_URL) {
    clusterUrl = process.env.REDIS_CLUSTER_URL;
  } else {
    const dataDir = resolve(REPO_ROOT, process.env.TEST_DATA_DIR ?? '.data/test', `redis-cluster-${process.pid}`);
    cluster = await startRedisCluster({ ports: await freePorts(3), dataDir });
    clusterUrl = cluster.url;
  }
  seeds = clusterUrl.split(',').map((u) => new URL(u)).map((u) => ({ host: u.hostname, port: Number(u.port) }));
  redis = new Cluster(seeds);

  // One room per master, found by asking the cluster where each candidate's channel lives.
  const byMaster = new Map<string, string>();
  for (let i = 0; i < 64 && byMaster.size < seeds.length; i++) {
    const room = `cl-${i}`;
    const master = await masterOf(names.roomChannel(room));
    if (!byMaster.has(master)) byMaster.set(master, room);
  }
  rooms = [...byMaster.values()];

  const kafka = new Kafka({ clientId: 'chat-node-cluster-int', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: (['messages', 'moderation', 'dlq'] as const).map((key) => ({ topic: topicName(topicPrefix, key), numPartitions: TOPIC_PARTITIONS[key], replicationFactor: 1 })),
  });
  await admin.disconnect();

  await publishRules({ words: [], spam: [] });
  const env = {
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_TOPIC_PREFIX: topicPrefix,
    REDIS_CLUSTER: '1',
    REDIS_URL: clusterUrl,
    REDIS_PREFIX: redisPrefix,
    CHAT_TOKEN_SECRET: secret,
    HEARTBEAT_SECONDS: '1',
    LOG_LEVEL: 'info',
  };
  const [portA, portB] = await freePorts(2);
  [nodeA, nodeB] = await Promise.all([
    AppProcess.start({ app: 'chat-node', port: portA!, name: 'cluster-a', env: { ...env, NODE_ID: 'cluster-a' } }),
    AppProcess.start({ app: 'chat-node', port: portB!, name: 'cluster-b', env: { ...env, NODE_ID: 'cluster-b' } }),
  ]);
}, 120_000);

afterAll(async () => {
  for (const c of clients) c.close();
  const codes = await Promise.all([nodeA?.stop(), nodeB?.stop()]);
  if (codes.some((c) => c !== 0)) process.stderr.write(`node A:\n${nodeA?.logs()}\nnode B:\n${nodeB?.logs()}\n`);
  if (redis) {
    // Keys spread over every master: delete each master's own.
    for (const master of redis.nodes('master')) {
      const keys = await master.keys(`${redisPrefix}:*`);
      for (const key of keys) await master.del(key);
    }
    await redis.quit();
  }
  await cluster?.stop();
  expect(codes, 'nodes exit 0 on SIGTERM').toEqual([0, 0]);
});

describe('chat-node on a Redis Cluster (3 masters, sharded pub/sub)', () => {
  it('has rooms whose channels hash to different masters, each subscribed on its own master by both nodes', async () => {
    expect(rooms.length).toBe(3);
    expect(new Set(await Promise.all(rooms.map((r) => masterOf(names.roomChannel(r)))))).toHaveProperty('size', 3);
    const viewers = await Promise.all(rooms.flatMap((room) => [viewer(nodeA, `watch-a-${room}`, room), viewer(nodeB, `watch-b-${room}`, room)]));
    expect(viewers).toHaveLength(6);
    for (const room of rooms) {
      const channel = names.roomChannel(room);
      const [host, port] = (await masterOf(channel)).split(':');
      const owner = new Redis({ host, port: Number(port) });
      try {
        // Sharded: the room's channel is a shard channel on the master that owns its slot, one subscriber per node.
        expect(await owner.call('PUBSUB', 'SHARDCHANNELS', channel)).toEqual([channel]);
        expect(await owner.call('PUBSUB', 'SHARDNUMSUB', channel)).toEqual([channel, 2]);
        // Not a classic subscription anywhere.
        expect(await owner.call('PUBSUB', 'NUMSUB', channel)).toEqual([channel, 0]);
      } finally {
        owner.disconnect();
      }
    }
  });

  it('delivers both ways between the nodes in every room, with history and the viewer count from the cluster', async () => {
    for (const [i, room] of rooms.entries()) {
      const onA = await viewer(nodeA, `alice-${i}`, room);
      const onB = await viewer(nodeB, `bob-${i}`, room);
      const fromA = await onA.say(room, `hello from A in ${room}`);
      const fromB = await onB.say(room, `hello from B in ${room}`);
      expect([fromA.status, fromB.status]).toEqual(['accepted', 'accepted']);
      // Each sender's message reaches the viewer on the other node, and echoes to the sender's own node.
      expect(await onB.nextMessage((m) => m.id === fromA.id)).toMatchObject({ room, text: `hello from A in ${room}`, user: { id: `alice-${i}` } });
      expect(await onA.nextMessage((m) => m.id === fromB.id)).toMatchObject({ room, text: `hello from B in ${room}`, user: { id: `bob-${i}` } });
      await onA.nextMessage((m) => m.id === fromA.id);
      await onB.nextMessage((m) => m.id === fromB.id);

      // The history list shares the channel's slot (one MULTI with the SPUBLISH), newest first.
      expect(await masterOf(names.roomHistory(room))).toBe(await masterOf(names.roomChannel(room)));
      const history = (await redis.lrange(names.roomHistory(room), 0, 1)).map((raw) => (JSON.parse(raw) as { id: string }).id);
      expect(history).toEqual([fromB.id, fromA.id]);

      // A newcomer on node B: history, and viewers counted over both nodes (presence and heartbeats on the cluster).
      const carol = await viewer(nodeB, `carol-${i}`, room);
      const joined = carol.frames.find((f) => f.type === 'joined' && f.room === room);
      expect(joined && joined.type === 'joined' ? joined.history.slice(0, 2).map((m) => m.id) : null).toEqual([fromB.id, fromA.id]);
      expect(joined && joined.type === 'joined' ? joined.viewers : null).toBe(5);
    }
  });

  it('applies live rules, flood counters and timeouts from the cluster on both nodes; a held message reaches the review queue', async () => {
    const [roomX, roomY] = rooms as [string, string];
    const banned = 'zorblaxqueen';
    const rate = { id: 'rate-cluster', kind: 'rate', roomId: roomY, burst: 2, perSeconds: 600, action: 'timeout', timeoutSeconds: 30 };
    const version = await publishRules({ words: [{ id: 'w-cluster', term: banned }, { id: 'w-hold', term: 'holdmeplease', action: 'hold' }], spam: [rate] });
    await waitFor('both nodes enforce the new rules', async () => (await rulesVersion(nodeA)) === version && (await rulesVersion(nodeB)) === version, 10_000);

    // A banned word: blocked on both nodes, never delivered.
    const erin = await viewer(nodeA, 'erin', roomX);
    const frank = await viewer(nodeB, 'frank', roomX);
    const blockedA = await erin.say(roomX, `you ${banned} you`);
    const blockedB = await frank.say(roomX, `${banned} again`);
    expect([blockedA.status, blockedB.status]).toEqual(['blocked', 'blocked']);

    // A held message: recorded, not delivered, queued for review in one MULTI on the `{review}` slot.
    const held = await erin.say(roomX, 'please holdmeplease now');
    expect(held.status).toBe('held');
    await waitFor('the held item in the review queue', async () => (await redis.hget(names.reviewItems, held.id)) !== null, 5_000);
    expect(await redis.zscore(names.reviewQueue, held.id)).not.toBeNull();
    expect(Number(await redis.hget(names.reviewDepth, roomX))).toBe(1);

    // The rate rule's bucket is room-wide (flood keys on the cluster): two pass on A, the third is refused and times her out.
    const ginaA = await viewer(nodeA, 'gina', roomY);
    const acks = [await ginaA.say(roomY, 'one'), await ginaA.say(roomY, 'two'), await ginaA.say(roomY, 'three')];
    expect(acks.map((a) => [a.status, a.reason])).toEqual([
      ['accepted', undefined],
      ['accepted', undefined],
      ['rejected', 'spam:rate'],
    ]);
    const ttl = await redis.ttl(names.userTimeout(roomY, 'gina'));
    expect(ttl).toBeGreaterThan(25);
    expect(ttl).toBeLessThanOrEqual(30);
    // Muted on node B too; someone else still talks there and is heard on node A.
    const ginaB = await viewer(nodeB, 'gina', roomY);
    const hank = await viewer(nodeB, 'hank', roomY);
    expect(await ginaB.say(roomY, 'from B')).toMatchObject({ status: 'rejected', reason: 'timed_out' });
    const fromHank = await hank.say(roomY, 'hank here');
    expect(fromHank.status).toBe('accepted');
    await ginaA.nextMessage((m) => m.id === fromHank.id);

    // Nothing blocked, held or refused reached a viewer.
    await new Promise((r) => setTimeout(r, 300));
    const refused = new Set([blockedA.id, blockedB.id, held.id, acks[2]!.id]);
    for (const c of clients) expect(c.messages.filter((m) => refused.has(m.id))).toEqual([]);
  });
});
