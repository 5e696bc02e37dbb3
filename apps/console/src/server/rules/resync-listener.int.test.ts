import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { redisNames } from '@tribune/contracts';
import { listenForResyncRequests } from './resync-listener';

// Real Redis: a node's request on the resync channel makes the console reconcile at once, once per burst.
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `${process.env.REDIS_PREFIX ?? 'tribune-test'}-resync-${process.pid}`;
const redis = new Redis(redisUrl);
afterAll(async () => {
  await redis.quit();
});

describe('listenForResyncRequests', () => {
  it('reconciles when a node asks, once for requests that arrive together', async () => {
    let reconciles = 0;
    const stop = listenForResyncRequests(redis, prefix, async () => void (reconciles += 1), pino({ level: 'silent' }));
    const channel = redisNames(prefix).rulesResync;
    // The subscription is live once a publish reaches one subscriber.
    const deadline = Date.now() + 5000;
    while ((await redis.publish(channel, JSON.stringify({ v: 1, node: 'n1' }))) === 0) {
      if (Date.now() > deadline) throw new Error('listener never subscribed');
      await new Promise((r) => setTimeout(r, 20));
    }
    await redis.publish(channel, JSON.stringify({ v: 1, node: 'n2' }));
    await new Promise((r) => setTimeout(r, 400));
    expect(reconciles).toBe(1);
    await redis.publish(channel, JSON.stringify({ v: 1, node: 'n3' }));
    await new Promise((r) => setTimeout(r, 400));
    expect(reconciles).toBe(2);
    await stop();
  });
});
