import { Redis } from 'ioredis';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLOSE_CODES,
  ERROR_CODES,
  messageEvent,
  moderationEvent,
  redisNames,
  SANCTION_WRITE_SCRIPT,
  sanctionField,
  sanctionRecord,
  signViewerToken,
  TOPIC_PARTITIONS,
  topicName,
  type MessageEvent,
  type ModerationEvent,
  type RulesSnapshot,
  type ServerFrame,
} from '@tribune/contracts';
import { AppProcess, freePorts, WsViewer } from '@tribune/devstack/testing';

// Real Redis and Kafka: the harness describes them through env; alone, the dev services with our own prefixes.
const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const topicPrefix = process.env.KAFKA_TOPIC_PREFIX ?? 'chatnode-int.';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// A suffix per run: the rules snapshot and room state of this suite never meet another suite's.
const redisPrefix = `${process.env.REDIS_PREFIX ?? 'tribune-test'}-chatnode-${process.pid}-${Date.now()}`;
const secret = process.env.CHAT_TOKEN_SECRET ?? 'chat-node-integration-secret';
const names = redisNames(redisPrefix);
const room = 'int-room';

const nodeEnv = {
  KAFKA_BROKERS: brokers.join(','),
  KAFKA_TOPIC_PREFIX: topicPrefix,
  REDIS_URL: redisUrl,
  REDIS_PREFIX: redisPrefix,
  CHAT_TOKEN_SECRET: secret,
  LOG_LEVEL: 'info',
  RULES_POLL_SECONDS: '30',
  HEARTBEAT_SECONDS: '1',
};

const token = (sub: string, name: string, roles: string[] = []) =>
  signViewerToken({ sub, name, roles }, { key: { kid: null, secret }, ttlSeconds: 600 }).then((t) => t.token);

let nodeA: AppProcess;
let nodeB: AppProcess;
let redis: Redis;
let consumer: Consumer;
const kafkaMessages = new Map<string, MessageEvent>();
const kafkaModeration: ModerationEvent[] = [];

async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function viewer(node: AppProcess, user: string, inRoom = room): Promise<WsViewer> {
  const client = await WsViewer.connect(`${node.wsUrl}?token=${await token(user, user)}`);
  client.send({ type: 'join', room: inRoom });
  await client.next('joined', (f) => f.room === inRoom);
  return client;
}

async function publishRules(words: { id: string; term: string }[], exactVersion?: number, spam: unknown[] = [], rooms?: { id: string; status: string }[]): Promise<number> {
  const current = await redis.get(names.rulesSnapshot);
  const version = exactVersion ?? (current ? (JSON.parse(current) as RulesSnapshot).version + 1 : 1);
  const snapshot = { v: 1, version, publishedAt: Date.now(), rules: { words, spam, ...(rooms ? { rooms } : {}) } };
  // Exactly what the console does: write the snapshot, then announce the version.
  await redis.set(names.rulesSnapshot, JSON.stringify(snapshot));
  await redis.publish(names.rulesChannel, JSON.stringify({ v: 1, version }));
  return version;
}

const metricsOf = async (node: AppProcess) => (await fetch(`${node.httpUrl}/metrics`)).text();
function metricValue(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
const rulesVersionOf = async (node: AppProcess) => metricValue(await metricsOf(node), 'tribune_chat_node_rules_version');

beforeAll(async () => {
  const kafka = new Kafka({ clientId: 'chat-node-int', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  // Idempotent: false when they exist (the harness may have created them).
  await admin.createTopics({
    waitForLeaders: true,
    topics: (['messages', 'moderation', 'dlq'] as const).map((key) => ({ topic: topicName(topicPrefix, key), numPartitions: TOPIC_PARTITIONS[key], replicationFactor: 1 })),
  });
  await admin.disconnect();

  consumer = kafka.consumer({ groupId: `chat-node-int-${process.pid}-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topicName(topicPrefix, 'messages'), topicName(topicPrefix, 'moderation')], fromBeginning: true });
  await consumer.run({
    // Other suites share the harness topics (some on purpose with bad payloads): skip what is not ours to judge.
    eachMessage: async ({ topic, message }) => {
      let json: unknown;
      try {
        json = JSON.parse(String(message.value));
      } catch {
        return;
      }
      if (topic === topicName(topicPrefix, 'messages')) {
        const event = messageEvent.safeParse(json);
        if (event.success) kafkaMessages.set(event.data.id, event.data);
      } else {
        const event = moderationEvent.safeParse(json);
        if (event.success) kafkaModeration.push(event.data);
      }
    },
  });

  redis = new Redis(redisUrl);
  // What a console does at boot: nodes wait for a published snapshot (never enforce an absent one as empty).
  await publishRules([]);
  const [portA, portB] = await freePorts(2);
  [nodeA, nodeB] = await Promise.all([
    AppProcess.start({ app: 'chat-node', port: portA!, env: { ...nodeEnv, NODE_ID: 'int-a' } }),
    AppProcess.start({ app: 'chat-node', port: portB!, env: { ...nodeEnv, NODE_ID: 'int-b', ALLOWED_ORIGINS: 'https://stream.example', MAX_CONNECTIONS_PER_IP: '4' } }),
  ]);
});

afterAll(async () => {
  const codes = await Promise.all([nodeA?.stop(), nodeB?.stop()]);
  if (codes.some((c) => c !== 0)) process.stderr.write(`node A:\n${nodeA?.logs()}\nnode B:\n${nodeB?.logs()}\n`);
  await consumer?.disconnect();
  if (redis) {
    const keys = await redis.keys(`${redisPrefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
  expect(codes, 'nodes exit 0 on SIGTERM').toEqual([0, 0]);
});

describe('sanctions and moderator frames (two nodes, real Redis and Kafka)', () => {
  const modRoom = 'int-mod';
  const otherRoom = 'int-mod-2';
  const joinedAs = async (node: AppProcess, user: string, roles: string[], rooms: string[]) => {
    const client = await WsViewer.connect(`${node.wsUrl}?token=${await token(user, user, roles)}`, { label: `${user}@${node.name}` });
    for (const r of rooms) await client.join(r);
    return client;
  };
  /** A ban as the console writes it (packages/contracts/src/sanctions.ts): enforcement key + index, one EVAL. */
  const ban = async (inRoom: string | null, user: string, seconds = 0) => {
    const key = inRoom === null ? names.userGlobalBan(user) : names.userBan(inRoom, user);
    const until = seconds > 0 ? Date.now() + seconds * 1000 : null;
    const record = { v: 1, kind: 'ban', room: inRoom, userId: user, until, by: 'test', reason: null, ts: Date.now() };
    await redis.eval(SANCTION_WRITE_SCRIPT, 2, key, names.userSanctions(user), String(until ?? 0), seconds, sanctionField('ban', inRoom), JSON.stringify(record));
  };

  it('refuses a banned viewer on both nodes (`banned`): a room ban in its room, a global one everywhere with the seconds left; a deleted key lifts it', async () => {
    const onA = await joinedAs(nodeA, 'ivan', [], [modRoom, otherRoom]);
    const onB = await joinedAs(nodeB, 'ivan', [], [modRoom, otherRoom]);
    await ban(modRoom, 'ivan');
    for (const v of [onA, onB]) {
      expect(await v.say(modRoom, `banned ${v.label}`)).toMatchObject({ status: 'rejected', reason: 'banned' });
      expect((await v.say(otherRoom, `fine ${v.label}`)).status).toBe('accepted');
    }
    await ban(null, 'ivan', 120);
    const global = await onB.say(otherRoom, 'everywhere');
    expect(global).toMatchObject({ status: 'rejected', reason: 'banned' });
    expect(global.retryAfterSeconds).toBeGreaterThan(100);
    expect(global.retryAfterSeconds).toBeLessThanOrEqual(120);
    expect(await redis.ttl(names.userSanctions('ivan'))).toBe(-1); // a ban without expiry keeps the index
    const recorded = await eventually(() => kafkaModeration.find((m) => m.messageId === global.id));
    expect(recorded).toMatchObject({ action: 'reject', reason: 'banned:global', userId: 'ivan', node: 'int-b' });
    await redis.del(names.userGlobalBan('ivan'), names.userBan(modRoom, 'ivan'));
    for (const v of [onA, onB]) expect((await v.say(modRoom, `back ${v.label}`)).status).toBe('accepted');
    for (const v of [onA, onB]) v.close();
  });

  it('a moderator on node B deletes a message sent on node A and times out its author; a plain viewer is refused `not_moderator`', async () => {
    const started = Date.now();
    const author = await joinedAs(nodeA, 'jade', [], [modRoom]);
    const mod = await joinedAs(nodeB, 'mona', ['moderator'], [modRoom]);
    const plain = await joinedAs(nodeB, 'kurt', [], [modRoom]);
    const kept = await author.say(modRoom, 'a fine one');
    const bad = await author.say(modRoom, 'a rude one');
    await mod.nextMessage((m) => m.id === bad.id);

    plain.send({ type: 'mod', action: 'delete', room: modRoom, id: bad.id });
    expect(await plain.next('error')).toMatchObject({ code: ERROR_CODES.NOT_MODERATOR });

    mod.send({ type: 'mod', action: 'delete', room: modRoom, id: bad.id, cid: 'del-1' });
    expect(await mod.next('mod_ack', (f) => f.cid === 'del-1')).toEqual({ type: 'mod_ack', action: 'delete', room: modRoom, cid: 'del-1' });
    await Promise.all([author, mod, plain].map((v) => v.next('deleted', (f) => f.id === bad.id && f.room === modRoom)));
    for (const node of [nodeA, nodeB]) {
      const fresh = await joinedAs(node, `fresh-${node.name}`, [], []);
      const history = (await fresh.join(modRoom)).history.map((m) => m.id);
      expect(history, node.name).toContain(kept.id);
      expect(history, node.name).not.toContain(bad.id);
      fresh.close();
    }
    expect((await redis.lrange(names.roomHistory(modRoom), 0, -1)).some((raw) => raw.includes(bad.id))).toBe(false);
    const deletion = await eventually(() => kafkaModeration.find((m) => m.messageId === bad.id && m.action === 'delete'));
    expect(deletion).toMatchObject({ source: 'operator', userId: 'jade', node: 'int-b', reason: 'mod frame by viewer:mona' });

    mod.send({ type: 'mod', action: 'timeout', room: modRoom, userId: 'jade', seconds: 90, reason: 'rude', cid: 'to-1' });
    await mod.next('mod_ack', (f) => f.cid === 'to-1');
    const muted = await author.say(modRoom, 'still talking');
    expect(muted).toMatchObject({ status: 'rejected', reason: 'timed_out' });
    expect(muted.retryAfterSeconds).toBeGreaterThan(80);
    const indexed = sanctionRecord.parse(JSON.parse((await redis.hget(names.userSanctions('jade'), sanctionField('timeout', modRoom))) ?? 'null'));
    expect(indexed).toMatchObject({ kind: 'timeout', room: modRoom, by: 'viewer:mona', reason: 'rude' });
    expect(await redis.ttl(names.userSanctions('jade'))).toBeGreaterThan(80);
    expect(await eventually(() => kafkaModeration.find((m) => m.userId === 'jade' && m.action === 'timeout' && m.source === 'operator'))).toMatchObject({ reason: 'mod frame by viewer:mona: timeout 90s: rude' });
    // The plain viewer's refused frame changed nothing: only the moderator's two actions are recorded.
    expect(kafkaModeration.filter((m) => m.source === 'operator' && m.room === modRoom && m.ts >= started)).toHaveLength(2);
    for (const v of [author, mod, plain]) v.close();
  });
});

describe('chat-node (two nodes, real Redis and Kafka)', () => {
  it('serves /healthz, /readyz and /metrics and announces itself with a heartbeat', async () => {
    expect((await fetch(`${nodeA.httpUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${nodeA.httpUrl}/readyz`);
    expect(ready.status).toBe(200);
    const metrics = await (await fetch(`${nodeA.httpUrl}/metrics`)).text();
    expect(metrics).toContain('tribune_chat_node_rules_version');
    expect(metrics).toContain('tribune_chat_node_kafka_produce_seconds');
    const beat = JSON.parse((await redis.get(names.node('int-a'))) ?? 'null');
    expect(beat).toMatchObject({ v: 1, nodeId: 'int-a', url: nodeA.wsUrl, rulesVersion: 1 });
    expect(await redis.ttl(names.node('int-a'))).toBeGreaterThan(0);
  });

  it('delivers a message sent on node A to a viewer on node B, and acks only after Kafka has it', async () => {
    const alice = await viewer(nodeA, 'alice');
    const bob = await viewer(nodeB, 'bob');
    alice.send({ type: 'send', room, text: 'hello from A', cid: 'c-1' });
    const ack = await alice.next('ack', (f) => f.cid === 'c-1');
    expect(ack.status).toBe('accepted');
    const onB = await bob.nextMessage((m) => m.id === ack.id);
    expect(onB).toMatchObject({ room, text: 'hello from A', user: { id: 'alice', name: 'alice' } });
    const inKafka = await eventually(() => kafkaMessages.get(ack.id));
    expect(inKafka).toMatchObject({ id: ack.id, room, text: 'hello from A', status: 'accepted', cid: 'c-1', node: 'int-a' });
    alice.send({ type: 'send', room, text: 'second', cid: 'c-2' });
    const ack2 = await alice.next('ack', (f) => f.cid === 'c-2');
    // Node B's history is what it delivered: wait until it delivered the second one too.
    await bob.nextMessage((m) => m.id === ack2.id);
    // A newcomer sees both in history, newest first, and counts the viewers on both nodes.
    const carol = await WsViewer.connect(nodeB.wsUrl);
    carol.send({ type: 'join', room });
    const joined = await carol.next('joined');
    expect(joined.history.slice(0, 2).map((m) => m.id)).toEqual([ack2.id, ack.id]);
    expect(joined.viewers).toBe(3);
    for (const c of [alice, bob, carol]) c.close();
  });

  it('answers a malformed frame with an error and keeps the socket usable', async () => {
    const client = await WsViewer.connect(nodeA.wsUrl);
    client.send('{"type":');
    expect(await client.next('error')).toMatchObject({ code: ERROR_CODES.BAD_JSON });
    client.send({ type: 'join', room: 'NOT A ROOM' });
    expect(await client.next('error', (f) => f.code === ERROR_CODES.BAD_FRAME)).toBeTruthy();
    client.send({ type: 'ping' });
    await client.next('pong');
    expect(client.closed).toBeNull();
    client.close();
  });

  it('refuses sends from guests and from viewers outside the room', async () => {
    const guest = await WsViewer.connect(nodeA.wsUrl);
    guest.send({ type: 'join', room });
    await guest.next('joined');
    guest.send({ type: 'send', room, text: 'let me in', cid: 'g-1' });
    expect(await guest.next('error')).toMatchObject({ code: ERROR_CODES.READ_ONLY });
    const dave = await WsViewer.connect(`${nodeA.wsUrl}?token=${await token('dave', 'Dave')}`);
    dave.send({ type: 'send', room, text: 'not joined', cid: 'd-1' });
    expect(await dave.next('error')).toMatchObject({ code: ERROR_CODES.NOT_JOINED });
    expect(guest.frames.some((f) => f.type === 'ack')).toBe(false);
    guest.close();
    dave.close();
  });

  it('closes a connection with a bad or expired token with BAD_TOKEN and a reason', async () => {
    const bad = await WsViewer.closedWith(`${nodeA.wsUrl}?token=not-a-jwt`);
    expect(bad.code).toBe(CLOSE_CODES.BAD_TOKEN);
    expect(bad.reason).toContain('bad token');
    const { token: expired } = await signViewerToken({ sub: 'x', name: 'X', roles: [] }, { key: { kid: null, secret }, ttlSeconds: 60, now: Date.now() - 180_000 });
    const closed = await WsViewer.closedWith(`${nodeA.wsUrl}?token=${expired}`);
    expect(closed).toEqual({ code: CLOSE_CODES.BAD_TOKEN, reason: 'bad token: expired' });
    // Signed with the right key for another service: refused on its audience.
    const { token: elsewhere } = await signViewerToken({ sub: 'x', name: 'X', roles: [] }, { key: { kid: null, secret }, ttlSeconds: 60, audience: 'another-service' });
    expect(await WsViewer.closedWith(`${nodeA.wsUrl}?token=${elsewhere}`)).toEqual({ code: CLOSE_CODES.BAD_TOKEN, reason: 'bad token: bad_audience' });
  });

  it('enforces a banned word published as a new rules snapshot on both nodes within 1 s, and records why in Kafka', async () => {
    // Letters only: the engine treats digits inside a word as evasion separators.
    const banned = `zorblax${[...String(Date.now() % 100_000)].map((d) => String.fromCharCode(97 + Number(d))).join('')}`;
    const onA = await viewer(nodeA, 'erin');
    const onB = await viewer(nodeB, 'frank');
    onA.send({ type: 'send', room, text: `before ${banned}`, cid: 'pre-a' });
    expect((await onA.next('ack', (f) => f.cid === 'pre-a')).status).toBe('accepted');

    const published = Date.now();
    const version = await publishRules([{ id: 'rule-int-1', term: banned }]);
    let seq = 0;
    const untilBlocked = async (client: WsViewer) => {
      for (;;) {
        const cid = `probe-${seq++}`;
        client.send({ type: 'send', room, text: `now ${banned} here`, cid });
        const ack = await client.next('ack', (f) => f.cid === cid);
        if (ack.status === 'blocked') return { elapsed: Date.now() - published, ack };
        if (Date.now() - published > 5000) throw new Error('never blocked');
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const [a, b] = await Promise.all([untilBlocked(onA), untilBlocked(onB)]);
    // eslint-disable-next-line no-console -- the figure is the point of this test
    console.info(`rules v${version} enforced after ${a.elapsed} ms on node A, ${b.elapsed} ms on node B`);
    expect(a.elapsed).toBeLessThan(1000);
    expect(b.elapsed).toBeLessThan(1000);

    // Blocked messages reach nobody else.
    await new Promise((r) => setTimeout(r, 200));
    expect(onB.messages.some((m) => m.id === a.ack.id)).toBe(false);

    const event = await eventually(() => kafkaMessages.get(a.ack.id));
    expect(event).toMatchObject({ status: 'blocked', rulesVersion: version, node: 'int-a' });
    const decision = await eventually(() => kafkaModeration.find((m) => m.messageId === a.ack.id));
    expect(decision).toMatchObject({ source: 'engine', action: 'block', rulesVersion: version, userId: 'erin', node: 'int-a' });
    expect(decision.hit).toMatchObject({ ruleId: 'rule-int-1', kind: 'word', term: banned });
    expect(decision.hit?.span).toEqual([4, 4 + banned.length]);

    const metrics = await (await fetch(`${nodeB.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`tribune_chat_node_rules_version ${version}\\b`));
    onA.close();
    onB.close();
  });

  it('keeps the last good rules when a published snapshot is invalid', async () => {
    const before = await rulesVersionOf(nodeA);
    const current = JSON.parse((await redis.get(names.rulesSnapshot)) ?? 'null') as RulesSnapshot | null;
    const version = (current?.version ?? 0) + 1;
    await redis.set(names.rulesSnapshot, JSON.stringify({ v: 1, version, publishedAt: Date.now(), rules: { words: [{ id: '', term: '' }] } }));
    await redis.publish(names.rulesChannel, JSON.stringify({ v: 1, version }));
    const invalid = await eventually(async () => {
      const count = metricValue(await metricsOf(nodeA), 'tribune_chat_node_rules_invalid_total') ?? 0;
      return count >= 1 ? count : undefined;
    }, 5000);
    expect(invalid).toBe(1);
    expect(await rulesVersionOf(nodeA)).toBe(before);
    // Put a valid snapshot back on top for the tests that follow.
    await publishRules(current?.rules.words ?? [], version + 1);
    await eventually(async () => ((await rulesVersionOf(nodeA)) === version + 1 ? true : undefined));
  });

  it('resyncs the rules after its Redis subscriber connection drops (announcement missed)', async () => {
    const list = await redis.client('LIST');
    const line = String(list).split('\n').find((l) => l.includes('name=tribune-chat-node-int-a-subscriber'));
    const id = line?.match(/\bid=(\d+)/)?.[1];
    expect(id, 'node A subscriber connection listed').toBeDefined();
    const reconnectsBefore = metricValue(await metricsOf(nodeA), 'tribune_chat_node_rules_reloads_total{trigger="reconnect"}') ?? 0;
    await redis.client('KILL', 'ID', id!);
    // Published while node A's subscriber is down: the announcement is lost for it.
    const version = await publishRules([{ id: 'rule-after-drop', term: 'quuxword' }]);
    await eventually(async () => ((await rulesVersionOf(nodeA)) === version ? true : undefined), 5000);
    const reconnectsAfter = metricValue(await metricsOf(nodeA), 'tribune_chat_node_rules_reloads_total{trigger="reconnect"}') ?? 0;
    expect(reconnectsAfter).toBeGreaterThan(reconnectsBefore);
    // And the heartbeat reports the version it enforces.
    await eventually(async () => {
      const beat = JSON.parse((await redis.get(names.node('int-a'))) ?? '{}') as { rulesVersion?: number };
      return beat.rulesVersion === version ? true : undefined;
    }, 5000);
  });

  it('times out a user on a timeout rule: muted on every node for the rule\'s seconds, muted sends still recorded', async () => {
    const timeoutRoom = 'int-timeout';
    const current = JSON.parse((await redis.get(names.rulesSnapshot)) ?? 'null') as RulesSnapshot | null;
    const rate = { id: 'rate-int', kind: 'rate', roomId: timeoutRoom, burst: 2, perSeconds: 600, action: 'timeout', timeoutSeconds: 30 };
    const version = await publishRules(current?.rules.words ?? [], undefined, [rate]);
    await eventually(async () => ((await rulesVersionOf(nodeA)) === version && (await rulesVersionOf(nodeB)) === version ? true : undefined), 5000);

    const onA = await viewer(nodeA, 'gina', timeoutRoom);
    const acks: Extract<ServerFrame, { type: 'ack' }>[] = [];
    for (const cid of ['t-1', 't-2', 't-3']) {
      onA.send({ type: 'send', room: timeoutRoom, text: `msg ${cid}`, cid });
      acks.push(await onA.next('ack', (f) => f.cid === cid));
    }
    expect(acks.map((a) => [a.status, a.reason])).toEqual([
      ['accepted', undefined],
      ['accepted', undefined],
      ['rejected', 'spam:rate'],
    ]);
    const ttl = await redis.ttl(names.userTimeout(timeoutRoom, 'gina'));
    expect(ttl).toBeGreaterThan(25);
    expect(ttl).toBeLessThanOrEqual(30);
    const timeoutEvent = await eventually(() => kafkaModeration.find((m) => m.messageId === acks[2]!.id));
    expect(timeoutEvent).toMatchObject({ action: 'timeout', reason: 'spam:rate timeout:30s', userId: 'gina', hit: { ruleId: 'rate-int' } });

    // Another node refuses her too (the mute is the room's); someone else still talks.
    const onB = await viewer(nodeB, 'gina', timeoutRoom);
    const other = await viewer(nodeB, 'hank', timeoutRoom);
    onB.send({ type: 'send', room: timeoutRoom, text: 'from B', cid: 't-b' });
    other.send({ type: 'send', room: timeoutRoom, text: 'hank here', cid: 'h-1' });
    const muted = await onB.next('ack', (f) => f.cid === 't-b');
    expect(muted).toMatchObject({ status: 'rejected', reason: 'timed_out' });
    expect((await other.next('ack', (f) => f.cid === 'h-1')).status).toBe('accepted');
    expect(await eventually(() => kafkaMessages.get(muted.id))).toMatchObject({ status: 'rejected', text: 'from B', node: 'int-b', user: { id: 'gina' } });
    await new Promise((r) => setTimeout(r, 200));
    expect(other.messages.some((m) => m.id === muted.id)).toBe(false);

    // Once the mute is lifted (as expiry does), node B still counts her rate in the room's bucket — the one
    // node A emptied — so she is refused (and muted again) there too: flood counters are room-wide.
    await redis.del(names.userTimeout(timeoutRoom, 'gina'));
    onB.send({ type: 'send', room: timeoutRoom, text: 'back', cid: 't-again' });
    const again = await onB.next('ack', (f) => f.cid === 't-again');
    expect(again).toMatchObject({ status: 'rejected', reason: 'spam:rate' });
    const againEvent = await eventually(() => kafkaModeration.find((m) => m.messageId === again.id));
    expect(againEvent).toMatchObject({ node: 'int-b', hit: { ruleId: 'rate-int', counter: { name: 'tokens', limit: 2, windowSeconds: 600, scope: 'user', store: 'redis' } } });
    // With the mute and her bucket gone (as both expire), she talks again.
    await redis.del(names.userTimeout(timeoutRoom, 'gina'), names.floodUser(timeoutRoom, 'gina'));
    onB.send({ type: 'send', room: timeoutRoom, text: 'back', cid: 't-back' });
    expect((await onB.next('ack', (f) => f.cid === 't-back')).status).toBe('accepted');
    for (const c of [onA, onB, other]) c.close();
  });

  it('a fresh node facing an invalid published snapshot stays unready (never the empty set) until a valid one is published', async () => {
    const prefix = `${redisPrefix}-fresh`;
    const freshNames = redisNames(prefix);
    await redis.set(freshNames.rulesSnapshot, JSON.stringify({ v: 1, version: 5, publishedAt: Date.now(), rules: { words: [{ id: '', term: '' }] } }));
    const [port] = await freePorts(1);
    const fresh = AppProcess.spawn({ app: 'chat-node', port: port!, env: { ...nodeEnv, REDIS_PREFIX: prefix, NODE_ID: 'int-fresh' } });
    try {
      const stale = await eventually(async () => {
        try {
          return metricValue(await metricsOf(fresh), 'tribune_chat_node_rules_stale') === 1 ? true : undefined;
        } catch {
          return undefined; // not listening yet
        }
      }, 30_000);
      expect(stale).toBe(true);
      // Several retries later it is still unready and takes no WebSocket.
      await new Promise((r) => setTimeout(r, 1500));
      expect((await fetch(`${fresh.httpUrl}/readyz`)).status).toBe(503);
      expect(await redis.exists(freshNames.node('int-fresh'))).toBe(0);
      expect(metricValue(await metricsOf(fresh), 'tribune_chat_node_rules_invalid_total')).toBeGreaterThanOrEqual(2);

      await redis.set(freshNames.rulesSnapshot, JSON.stringify({ v: 1, version: 6, publishedAt: Date.now(), rules: { words: [{ id: 'w', term: 'fixedword' }] } }));
      await redis.publish(freshNames.rulesChannel, JSON.stringify({ v: 1, version: 6 }));
      await fresh.waitReady(20_000);
      expect(await rulesVersionOf(fresh)).toBe(6);
      expect(metricValue(await metricsOf(fresh), 'tribune_chat_node_rules_stale')).toBe(0);
    } finally {
      expect(await fresh.stop()).toBe(0);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    }
  });

  it('a fresh node with no snapshot in Redis stays unready, asks the console to republish, and is ready once it does', async () => {
    const prefix = `${redisPrefix}-absent`;
    const absentNames = redisNames(prefix);
    const listener = new Redis(redisUrl);
    const requests: string[] = [];
    listener.on('message', (_channel: string, message: string) => requests.push(message));
    await listener.subscribe(absentNames.rulesResync);
    const [port] = await freePorts(1);
    const fresh = AppProcess.spawn({ app: 'chat-node', port: port!, env: { ...nodeEnv, REDIS_PREFIX: prefix, NODE_ID: 'int-absent' } });
    try {
      // What the console's resync listener answers with: it sees a request, publishes the current version.
      await eventually(() => (requests.length > 0 ? true : undefined), 30_000);
      expect(JSON.parse(requests[0]!)).toEqual({ v: 1, node: 'int-absent' });
      expect((await fetch(`${fresh.httpUrl}/readyz`)).status).toBe(503);
      expect(metricValue(await metricsOf(fresh), 'tribune_chat_node_rules_stale')).toBe(1);
      const answered = Date.now();
      await redis.set(absentNames.rulesSnapshot, JSON.stringify({ v: 1, version: 3, publishedAt: Date.now(), rules: { words: [{ id: 'w', term: 'absentword' }] } }));
      await redis.publish(absentNames.rulesChannel, JSON.stringify({ v: 1, version: 3 }));
      await fresh.waitReady(20_000);
      expect(Date.now() - answered).toBeLessThan(15_000);
      expect(await rulesVersionOf(fresh)).toBe(3);
    } finally {
      await listener.quit();
      expect(await fresh.stop()).toBe(0);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    }
  });

  it('with a published room list, refuses joins to rooms not in it and to archived ones, on every node', async () => {
    const version = await publishRules([], undefined, [], [
      { id: room, status: 'open' },
      { id: 'int-archived', status: 'archived' },
    ]);
    await eventually(async () => ((await rulesVersionOf(nodeA)) === version && (await rulesVersionOf(nodeB)) === version ? true : undefined));
    for (const node of [nodeA, nodeB]) {
      const client = await WsViewer.connect(`${node.wsUrl}?token=${await token('rooms-user', 'R')}`, { headers: { origin: 'https://stream.example' } });
      client.send({ type: 'join', room: 'int-invented-room' });
      expect(await client.next('error')).toMatchObject({ code: ERROR_CODES.UNKNOWN_ROOM });
      client.send({ type: 'join', room: 'int-archived' });
      expect(await client.next('error', (f) => f.message.includes('archived'))).toMatchObject({ code: ERROR_CODES.UNKNOWN_ROOM });
      await client.join(room);
      client.ws.close();
    }
    // Back to a rule set without a room list for the rest of the suite.
    const restored = await publishRules([]);
    await eventually(async () => ((await rulesVersionOf(nodeA)) === restored && (await rulesVersionOf(nodeB)) === restored ? true : undefined));
  });

  it('acks every one of many concurrent sends, each found in Kafka', async () => {
    const senders = await Promise.all(['s1', 's2', 's3', 's4'].map((u, i) => viewer(i % 2 ? nodeA : nodeB, u)));
    // Under MAX_PENDING_SENDS (32): each sender has all its sends in flight at once.
    const perSender = 30;
    const started = Date.now();
    const acks = await Promise.all(
      senders.flatMap((client, s) =>
        Array.from({ length: perSender }, (_, i) => {
          const cid = `load-${s}-${i}`;
          client.send({ type: 'send', room, text: `load ${s} ${i}`, cid });
          return client.next('ack', (f) => f.cid === cid, 20_000);
        }),
      ),
    );
    const elapsed = Date.now() - started;
    // eslint-disable-next-line no-console -- a figure worth seeing
    console.info(`${acks.length} concurrent sends acked in ${elapsed} ms`);
    expect(acks.every((a) => a.status === 'accepted')).toBe(true);
    expect(new Set(acks.map((a) => a.id)).size).toBe(acks.length);
    await eventually(() => (acks.every((a) => kafkaMessages.has(a.id)) ? true : undefined), 15_000);
    for (const c of senders) c.close();
    await Promise.all(senders.map((c) => c.waitClose()));
  });

  it('applies the origin allowlist and the per-address cap (node B: https://stream.example, 4 per IP)', async () => {
    const evil = await WsViewer.closedWith(nodeB.wsUrl, { origin: 'https://evil.example' });
    expect(evil).toEqual({ code: CLOSE_CODES.ORIGIN_NOT_ALLOWED, reason: 'origin not allowed' });
    const allowed = await WsViewer.connect(nodeB.wsUrl, { headers: { origin: 'https://stream.example' } });
    const more = await Promise.all([1, 2, 3].map(() => WsViewer.connect(nodeB.wsUrl)));
    const fifth = await WsViewer.closedWith(nodeB.wsUrl);
    expect(fifth).toEqual({ code: CLOSE_CODES.TOO_MANY_CONNECTIONS, reason: 'too many connections from this address' });
    allowed.close();
    await allowed.waitClose();
    // A freed slot is usable again.
    await new Promise((r) => setTimeout(r, 100));
    const again = await WsViewer.connect(nodeB.wsUrl);
    again.send({ type: 'ping' });
    await again.next('pong');
    for (const c of [...more, again]) c.close();
    await Promise.all([...more, again].map((c) => c.waitClose()));
  });

  it('closes a frame above maxPayload with 1009', async () => {
    const client = await WsViewer.connect(nodeA.wsUrl);
    client.send(JSON.stringify({ type: 'ping', pad: 'x'.repeat(9000) }));
    expect((await client.waitClose()).code).toBe(CLOSE_CODES.TOO_BIG);
  });

  it('on SIGTERM closes its sockets with SHUTTING_DOWN, removes its heartbeat and exits 0', async () => {
    const client = await WsViewer.connect(nodeB.wsUrl);
    client.send({ type: 'join', room });
    await client.next('joined');
    // Earlier tests' sockets on node B are closed by now; only this one remains.
    await eventually(async () => ((await redis.hget(names.roomViewers(room), 'int-b')) === '1' ? true : undefined), 3000).catch(async (err: unknown) => {
      throw new Error(`presence of int-b in ${room}: ${await redis.hget(names.roomViewers(room), 'int-b')} (${String(err)})`);
    });
    const exit = nodeB.stop();
    expect(await client.waitClose()).toMatchObject({ code: CLOSE_CODES.SHUTTING_DOWN });
    expect(await exit).toBe(0);
    expect(await redis.exists(names.node('int-b'))).toBe(0);
    expect(await redis.hget(names.roomViewers(room), 'int-b')).toBeNull();
  });
});
