import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signViewerToken, TOPIC_PARTITIONS, topicName } from '@tribune/contracts';
import { AppProcess, freePorts, WsViewer } from '@tribune/devstack/testing';
import { fuzzGateway } from '../fuzz/gateway-fuzz';
import { FUZZ_MAX_PAYLOAD } from '../fuzz/fuzz-target';
import { exchange, upgradeRequest } from '../fuzz/raw-client';

// A real chat-node process on real Kafka and Redis, attacked from outside: the request that used to take both
// nodes down, then a short run of the gateway fuzz. Its own topics, so no other suite reads what it sends.
const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const topicPrefix = `hostile-${process.pid}.`;
const secret = process.env.CHAT_TOKEN_SECRET ?? 'chat-node-integration-secret';
/** A fuzzer's token issued now that expires at `exp` (s; in the past for an expired one). */
const sign = (exp: number) => {
  const iat = Math.floor(Date.now() / 1000);
  return signViewerToken({ sub: 'fuzzer', name: 'Fuzzer', roles: [] }, { key: { kid: null, secret }, ttlSeconds: exp - iat, now: iat * 1000 }).then((t) => t.token);
};

let node: AppProcess;

beforeAll(async () => {
  const admin = new Kafka({ clientId: 'hostile-int', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: (['messages', 'moderation', 'dlq'] as const).map((k) => ({ topic: topicName(topicPrefix, k), numPartitions: TOPIC_PARTITIONS[k], replicationFactor: 1 })),
  });
  await admin.disconnect();
  const [port] = await freePorts(1);
  node = await AppProcess.start({
    app: 'chat-node',
    port: port!,
    env: {
      KAFKA_BROKERS: brokers,
      KAFKA_TOPIC_PREFIX: topicPrefix,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_PREFIX: `${process.env.REDIS_PREFIX ?? 'tribune-test'}-hostile-${process.pid}`,
      CHAT_TOKEN_SECRET: secret,
      ALLOWED_ORIGINS: 'http://allowed.example',
      MAX_CONNECTIONS_PER_IP: '1000',
      // The generator's oversize frames are sized against this bound.
      MAX_PAYLOAD_BYTES: String(FUZZ_MAX_PAYLOAD),
      LOG_LEVEL: 'warn',
      NODE_ID: 'hostile',
      // A node on its own, no console: it enforces the empty rule set rather than wait for a snapshot.
      RULES_REQUIRE_SNAPSHOT: '0',
    },
  });
});

afterAll(async () => {
  const code = await node?.stop();
  if (code !== 0) process.stderr.write(`node:\n${node?.logs()}\n`);
  expect(code, 'the node exits 0 on SIGTERM after the attack').toBe(0);
});

describe('a real chat node under hostile input', () => {
  it('answers `GET http://a:b:c/ws` (absolute form, bad port) with 400 and stays up and ready', async () => {
    const x = await exchange(node.port, upgradeRequest('http://a:b:c/ws'), { done: (e) => e.status !== null, timeoutMs: 5000 });
    expect(x.status).toBe(400);
    expect(node.child.exitCode).toBeNull();
    expect((await fetch(`${node.httpUrl}/readyz`)).status).toBe(200);
  });

  it('survives a short fuzz run with every input answered, and holds no connection slot afterwards', async () => {
    const now = Math.floor(Date.now() / 1000);
    const endpoint = { port: node.port, token: await sign(now + 3600), expiredToken: await sign(now - 60) };
    const { inputs } = await fuzzGateway(endpoint, { runs: 400, concurrency: 4, shrink: true });
    expect(inputs).toBeGreaterThan(400);
    expect(node.child.exitCode).toBeNull();
    expect((await fetch(`${node.httpUrl}/readyz`)).status).toBe(200);
    await expect.poll(() => node.metric('tribune_chat_node_connection_slots'), { timeout: 10_000 }).toBe(0);
    expect(await node.metric('tribune_chat_node_process_faults_total{kind="uncaught_exception"}')).toBe(0);
    expect(await node.metric('tribune_chat_node_process_faults_total{kind="unhandled_rejection"}')).toBe(0);
  }, 120_000);

  it('after the attack still does its job: a viewer message is acked, and kcat reads it from chat.messages', async () => {
    const now = Math.floor(Date.now() / 1000);
    const viewer = await WsViewer.connect(`${node.wsUrl}?token=${await sign(now + 600)}`);
    await viewer.join('after-attack');
    const ack = await viewer.say('after-attack', 'still here');
    viewer.ws.close();
    expect(ack.status).toBe('accepted');
    // kcat (Debian) as an operator would read the topic: the event is there, by id, as JSON.
    const { stdout } = await promisify(execFile)('kcat', ['-b', brokers, '-t', topicName(topicPrefix, 'messages'), '-C', '-o', 'beginning', '-e', '-q', '-f', '%s\\n'], { timeout: 30_000, maxBuffer: 64 * 1024 * 1024 });
    const events = stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { id: string; room: string; text: string });
    expect(events.find((e) => e.id === ack.id)).toMatchObject({ room: 'after-attack', text: 'still here' });
  });
});

