import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisNames, type SpamRule } from '@tribune/contracts';
import { answerFromMemory, createSpamState, isFloodRule, type FloodQuery, type FloodResult, type FloodRule } from '@tribune/moderation';
import { RedisFloodStore } from './redis-flood-store';

// Real Redis (the harness's, or the dev one), under a prefix of this run that is deleted afterwards.
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `${process.env.REDIS_PREFIX ?? 'tribune-test'}-flood-store-${process.pid}-${Date.now()}`;
const names = redisNames(prefix);

const base = { roomId: null, action: 'reject' as const, enabled: true };
const rules: FloodRule[] = (
  [
    { ...base, id: 'rate', kind: 'rate', burst: 4, perSeconds: 2 },
    { ...base, id: 'slow', kind: 'slow_mode', seconds: 0.3 },
    { ...base, id: 'dup', kind: 'duplicate', windowSeconds: 1, similarity: 0.8, minLength: 0 },
    { ...base, id: 'dup-exact', kind: 'duplicate', windowSeconds: 3, similarity: 1, minLength: 4 },
    { ...base, id: 'raid', kind: 'raid', windowSeconds: 1, minUsers: 3 },
    { ...base, id: 'raid-long', kind: 'raid', windowSeconds: 4, minUsers: 5 },
  ] satisfies SpamRule[]
).filter(isFloodRule);

let clients: Redis[] = [];
const store = (client: Redis, onRoundTrip?: (messages: number) => void) => new RedisFloodStore(client, names, { timeoutMs: 2_000, onRoundTrip });

beforeAll(() => {
  clients = [new Redis(redisUrl), new Redis(redisUrl)];
});

afterAll(async () => {
  const keys = await clients[0]!.keys(`${prefix}:*`);
  if (keys.length > 0) await clients[0]!.del(...keys);
  await Promise.all(clients.map((c) => c.quit()));
});

/** A deterministic stream of chat: a few users, a few texts (some near copies, some short), rising time. */
function chatStream(n: number, seed: number): FloodQuery[] {
  let x = seed;
  // mulberry32: 32-bit integer steps, so the stream does not degenerate as a float LCG would.
  const rand = () => {
    x = (x + 0x6d2b79f5) >>> 0;
    let t = Math.imul(x ^ (x >>> 15), x | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const texts = ['buycheapgoldatgoldshopnow', 'buycheapgoldatgoldshopnoww', 'whatasavebythekeeper', 'gg', 'ㅋㅋㅋ', 'refereeisblindtonightagain', ''];
  let ts = 1_800_000_000_000;
  return Array.from({ length: n }, () => {
    ts += Math.floor(rand() * 250);
    return { room: 'int-flood', userId: `u${Math.floor(rand() * 6)}`, ts, key: texts[Math.floor(rand() * texts.length)]!, rules };
  });
}

const comparable = (results: FloodResult[]) => results.map((r) => ({ hit: r.hit, name: r.counter.name, value: r.counter.value }));

describe('Redis flood store (flood.lua) on real Redis', () => {
  it('answers a stream of messages exactly as the engine\'s memory store does, across two connections (two nodes)', async () => {
    const stream = chatStream(600, 7);
    const memory = createSpamState();
    const nodes = [store(clients[0]!), store(clients[1]!)];
    const hitCounters = new Set<string>();
    for (const [i, query] of stream.entries()) {
      // Alternate nodes: the counters are the room's, whichever node a message reaches.
      const fromRedis = await nodes[i % 2]!.answer(query);
      const fromMemory = answerFromMemory(query, memory);
      expect(comparable(fromRedis), `message ${i} (${query.userId}: "${query.key}")`).toEqual(comparable(fromMemory));
      expect(fromRedis.every((r) => r.counter.store === 'redis')).toBe(true);
      for (const r of fromRedis) if (r.hit) hitCounters.add(r.counter.name);
    }
    // The stream trips every kind of rule, not only their quiet path.
    expect([...hitCounters].sort()).toEqual(['copies', 'seconds_since_last', 'tokens', 'users']);
  }, 60_000);

  it('sends the messages of one event-loop turn in one round trip, each answered in order', async () => {
    const trips: number[] = [];
    const s = store(clients[0]!, (messages) => trips.push(messages));
    const room = 'int-batch';
    const rate: FloodRule[] = [{ ...base, id: 'rate', kind: 'rate', burst: 20, perSeconds: 30 }];
    const ts = Date.now();
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => s.answer({ room, userId: 'spammer', ts: ts + i, key: `text ${i}`, rules: rate })));
    expect(trips).toEqual([50]);
    // One user's 50 messages in one pipeline: Redis runs them in order, so exactly the burst passes.
    expect(answers.filter(([r]) => !r!.hit)).toHaveLength(20);
    expect(answers.slice(0, 20).every(([r]) => !r!.hit)).toBe(true);
  });

  it('judges several rooms of one turn in the same round trip, each room by its own counters', async () => {
    const trips: number[] = [];
    const s = store(clients[0]!, (messages) => trips.push(messages));
    const rate: FloodRule[] = [{ ...base, id: 'rate', kind: 'rate', burst: 2, perSeconds: 60 }];
    const ts = Date.now();
    const send = (room: string, i: number) => s.answer({ room, userId: 'same-user', ts: ts + i, key: `hello ${i}`, rules: rate });
    const answers = await Promise.all([0, 1, 2].flatMap((i) => [send('int-room-a', i), send('int-room-b', i)]));
    expect(trips).toEqual([6]);
    // A user's bucket is per room: in each room the third message is the one refused.
    expect(answers.map(([r]) => r!.hit)).toEqual([false, false, false, false, true, true]);
  });

  it('keeps each structure only as long as its longest window', async () => {
    const s = store(clients[0]!);
    const room = 'int-ttl';
    await s.answer({ room, userId: 'ttl-user', ts: Date.now(), key: 'a long enough text for a raid', rules });
    const pttl = (key: string) => clients[0]!.pttl(key);
    // The user's state lives as long as its longest window (dup-exact: 3 s), the raid set as long as raid-long's (4 s).
    expect(await pttl(names.floodUser(room, 'ttl-user'))).toBeGreaterThan(2_500);
    expect(await pttl(names.floodUser(room, 'ttl-user'))).toBeLessThanOrEqual(3_000);
    const raidKeys = await clients[0]!.keys(`${prefix}:flood:{${room}}:raid:*`);
    expect(raidKeys).toHaveLength(1);
    expect(await pttl(raidKeys[0]!)).toBeLessThanOrEqual(4_000);
    expect(await pttl(raidKeys[0]!)).toBeGreaterThan(3_000);
  });

  it('fails a batch Redis does not answer in time with a typed unavailable error', async () => {
    const dead = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: true });
    dead.on('error', () => undefined); // the refused connection is the point
    try {
      const s = new RedisFloodStore(dead, names, { timeoutMs: 200 });
      await expect(s.answer({ room: 'r', userId: 'u', ts: 1, key: 'x', rules })).rejects.toMatchObject({ name: 'UnavailableError', code: 'unavailable', dependency: 'redis' });
    } finally {
      dead.disconnect();
    }
  });
});
