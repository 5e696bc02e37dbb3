import { randomBytes, randomUUID } from 'node:crypto';
import { CLICKHOUSE, signViewerToken } from '@tribune/contracts';
import { createLogger } from '@tribune/service-kit';
import { AppProcess, freePorts, portOpen, WsViewer, type Ack } from '@tribune/devstack/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../services';
import { consoleTestEnv, operatorCaller, startTestServices } from '../testing/operator-caller';
import type { ProtectionOutcome } from './auto-protection';

// Automatic protection on the real path: a synthetic spike stored in the real ClickHouse (`chat.messages`, whose
// materialized view feeds the per-second rollup the check reads) → the check engages slow mode as a rules version
// with its reason → Redis → a real chat node refuses a fast second message with `slow_mode` → the spike passes and
// the check reverts by itself, another version, and the node lets messages through again. Real PostgreSQL, Redis,
// Kafka and ClickHouse.

const run = randomUUID().slice(0, 8);
const env = consoleTestEnv(`protect-${run}`, {
  KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
  KAFKA_TOPIC_PREFIX: process.env.KAFKA_TOPIC_PREFIX ?? '',
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  AUTO_PROTECTION_LAG_SECONDS: '1',
});
const logger = createLogger({ name: 'protection-int', level: 'warn' });
const operator = { email: `op-protect-${run}@tribune.test`, password: 'integration-password' };
const room = `protect-${run}`;
const SLOW = 7;
const DURATION = 5;
const GIVE_UP_MS = 30_000;

let services: Services;
let node: AppProcess;
const sockets: WsViewer[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const text = () => [...randomBytes(6)].map((b) => String.fromCharCode(97 + (b % 26))).join('');

/** Rows as ingest writes them, `count` spread evenly over `[from, to)` ms. */
async function store(count: number, from: number, to: number, status = 'accepted'): Promise<void> {
  const step = (to - from) / count;
  await services.clickhouse.insert({
    table: CLICKHOUSE.messages,
    format: 'JSONEachRow',
    values: Array.from({ length: count }, (_, i) => ({
      id: `${run}-${from}-${i}`,
      ts: new Date(from + Math.floor(i * step)).toISOString().replace('T', ' ').replace('Z', ''),
      room,
      user_id: `u${i % 50}`,
      user_name: `u${i % 50}`,
      user_roles: [],
      text: `spike ${i}`,
      delivered_text: null,
      status,
      hits: '[]',
      hit_rule_ids: [],
      hit_terms: [],
      hit_actions: [],
      cid: `c${i}`,
      node: 'protect-node',
      rules_version: 1,
      kafka_topic: `test.protect.${run}`,
      kafka_partition: 0,
      kafka_offset: i,
    })),
  });
}

async function viewer(user: string): Promise<WsViewer> {
  const { token } = await signViewerToken({ sub: user, name: user, roles: [] }, { key: { kid: null, secret: env.CHAT_TOKEN_SECRET }, ttlSeconds: 600 });
  const v = await WsViewer.connect(`${node.wsUrl}?token=${token}`, { label: user });
  await v.join(room);
  sockets.push(v);
  return v;
}

/** Two sends back to back by a fresh user until the second one's ack satisfies `done`. */
async function pairUntil(done: (a: Ack) => boolean, what: string): Promise<Ack> {
  const started = Date.now();
  for (let n = 0; ; n++) {
    const v = await viewer(`pair-${run}-${n}-${Date.now()}`);
    const [, second] = await Promise.all([v.say(room, text()), v.say(room, text())]);
    if (done(second!)) return second!;
    if (Date.now() - started > GIVE_UP_MS) throw new Error(`${what}: still ${second!.status}/${second!.reason ?? ''}`);
    await sleep(200);
  }
}

beforeAll(async () => {
  services = (await startTestServices(env, logger, operator)).services;
  await services.rules.republishCurrent();
  const broker = env.KAFKA_BROKERS.split(',')[0]!.trim();
  const [host = '127.0.0.1', port = '0'] = broker.split(':');
  if (!(await portOpen(host, Number(port), 2000))) throw new Error(`no Kafka broker at ${broker}: run through \`npm test\` or the test stack`);
  const [p] = await freePorts(1);
  node = AppProcess.spawn({
    app: 'chat-node',
    port: p!,
    name: `protect-${run}`,
    env: {
      KAFKA_BROKERS: env.KAFKA_BROKERS,
      KAFKA_TOPIC_PREFIX: env.KAFKA_TOPIC_PREFIX,
      REDIS_URL: env.REDIS_URL,
      REDIS_PREFIX: env.REDIS_PREFIX,
      CHAT_TOKEN_SECRET: env.CHAT_TOKEN_SECRET,
      NODE_ID: `protect-${run}`,
      HOST: '127.0.0.1',
      RULES_POLL_SECONDS: '600',
    },
  });
  await node.waitReady();
});

afterAll(async () => {
  for (const v of sockets) v.close();
  const code = await node?.stop();
  if (code !== undefined && code !== 0) process.stderr.write(`chat node exited ${code}:\n${node.logs()}\n`);
  if (services) {
    await services.db.room.deleteMany({ where: { id: room } });
    const keys = await services.redis.keys(`${env.REDIS_PREFIX}:*`);
    if (keys.length > 0) await services.redis.del(...keys);
    await services.close();
  }
});

describe('automatic protection: ClickHouse rollup → rules version → chat node', () => {
  it('refuses bad settings naming the field, and an unknown room', async () => {
    const caller = await operatorCaller(services, operator);
    await caller.rooms.create({ id: room, title: 'Automatic protection' });
    const err = await caller.protection.configure({ room, settings: { factor: 1 } }).catch((e: unknown) => e);
    expect((err as { cause?: { issues?: { path: PropertyKey[] }[] } }).cause?.issues?.map((i) => i.path.join('.'))).toEqual(['settings.factor']);
    await expect(caller.protection.configure({ room: `nope-${run}`, settings: { armed: true } })).rejects.toThrow(/does not exist/);
    expect((await caller.protection.get({ room })).settings.armed).toBe(false);
  });

  it('engages slow mode on a synthetic spike, is enforced by a node, and reverts by itself when the spike is over', async () => {
    const caller = await operatorCaller(services, operator);
    const armed = await caller.protection.configure({ room, settings: { armed: true, slowModeSeconds: SLOW, durationSeconds: DURATION, factor: 5, minRatePerSecond: 5 } });
    expect(armed).toMatchObject({ settings: { armed: true, action: 'slow_mode', slowModeSeconds: SLOW }, engaged: null });

    // A normal room: one message every two seconds for the last ten minutes. Not a spike.
    const now = Date.now();
    await store(300, now - 610_000, now - 2_000);
    expect((await services.protection.tick()).get(room)).toBe('quiet');
    expect((await services.db.room.findUniqueOrThrow({ where: { id: room } })).slowModeSeconds).toBeNull();
    expect((await pairUntil((a) => a.status === 'accepted', 'before the spike')).status).toBe('accepted');

    // The spike: 40 msg/s over the window the check reads (it leaves out the newest second).
    const versionBefore = await services.rules.currentVersion();
    const t = Date.now();
    await store(400, t - 11_000, t - 1_000);
    expect((await services.protection.tick()).get(room)).toBe('engaged');
    const engagedRoom = await services.db.room.findUniqueOrThrow({ where: { id: room } });
    expect(engagedRoom.slowModeSeconds).toBe(SLOW);
    const engagedVersion = await services.db.rulesVersion.findFirstOrThrow({ orderBy: { version: 'desc' } });
    expect(engagedVersion.version).toBe(versionBefore + 1);
    expect(engagedVersion.reason).toMatch(new RegExp(`^auto-protection: room ${room} slow mode ${SLOW} s for ${DURATION} s: \\d+(\\.\\d)? msg/s against a 10-min median of 0\\.5 msg/s$`));
    const view = await caller.protection.get({ room });
    expect(view.engaged?.reason).toBe(engagedVersion.reason);
    expect(view.events[0]).toMatchObject({ kind: 'engaged', rulesVersion: engagedVersion.version, reason: engagedVersion.reason });
    // A second check while engaged changes nothing.
    expect((await services.protection.tick()).get(room)).toBe('spiking');
    expect(await services.rules.currentVersion()).toBe(engagedVersion.version);

    const refused = await pairUntil((a) => a.reason === 'slow_mode', 'slow mode on the node');
    expect(refused.status).toBe('rejected');
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);

    // No more spike rows: the check keeps it on while the window still holds the spike, then reverts.
    const outcomes: ProtectionOutcome[] = [];
    const started = Date.now();
    while (!outcomes.includes('reverted')) {
      if (Date.now() - started > GIVE_UP_MS) throw new Error(`not reverted after ${GIVE_UP_MS} ms: ${outcomes.join(',')}`);
      await sleep(500);
      const o = (await services.protection.tick()).get(room);
      if (o) outcomes.push(o);
    }
    expect(outcomes).not.toContain('failed');
    expect((await services.db.room.findUniqueOrThrow({ where: { id: room } })).slowModeSeconds).toBeNull();
    const revertedVersion = await services.db.rulesVersion.findFirstOrThrow({ orderBy: { version: 'desc' } });
    expect(revertedVersion.reason).toMatch(new RegExp(`^auto-protection: room ${room} slow mode off again \\(the spike is over: `));
    const after = await caller.protection.get({ room });
    expect(after.engaged).toBeNull();
    expect(after.events.map((e) => e.kind).filter((k) => k !== 'extended')).toEqual(['reverted', 'engaged']);
    expect((await pairUntil((a) => a.status === 'accepted', 'after the revert')).status).toBe('accepted');
  });

  it('leaves a mode an operator changed while engaged as it is, and disarming an engaged room reverts it', async () => {
    const caller = await operatorCaller(services, operator);
    await caller.protection.configure({ room, settings: { armed: true, durationSeconds: 5 } });
    let t = Date.now();
    await store(400, t - 11_000, t - 1_000);
    expect((await services.protection.tick()).get(room)).toBe('engaged');
    // The operator takes over: a slower slow mode of their own. The end of the engagement keeps it.
    await caller.rooms.setModes({ id: room, modes: { slowModeSeconds: 60 } });
    const version = await services.rules.currentVersion();
    expect((await services.protection.tick(Date.now() + 60_000)).get(room)).toBe('released');
    expect((await services.db.room.findUniqueOrThrow({ where: { id: room } })).slowModeSeconds).toBe(60);
    expect(await services.rules.currentVersion()).toBe(version);
    await caller.rooms.setModes({ id: room, modes: { slowModeSeconds: null } });

    t = Date.now();
    await store(400, t - 11_000, t - 1_000, 'blocked');
    expect((await services.protection.tick()).get(room)).toBe('engaged');
    const disarmed = await caller.protection.configure({ room, settings: { armed: false } });
    expect(disarmed.engaged).toBeNull();
    expect(disarmed.events[0]).toMatchObject({ kind: 'reverted' });
    expect(disarmed.events[0]!.reason).toContain(`disarmed by ${operator.email}`);
    expect((await services.db.room.findUniqueOrThrow({ where: { id: room } })).slowModeSeconds).toBeNull();
    expect((await services.protection.tick()).get(room)).toBeUndefined();
  });
});
