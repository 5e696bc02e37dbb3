import { pino } from 'pino';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { redisNames } from '@tribune/contracts';
import { startHeartbeat } from './heartbeat';

/** Just the two commands the heartbeat uses, with SETs that complete only when released. */
class SlowRedis {
  readonly keys = new Map<string, string>();
  readonly log: string[] = [];
  private readonly held: (() => void)[] = [];

  set(key: string, value: string): Promise<'OK'> {
    this.log.push('set');
    return new Promise((resolve) =>
      this.held.push(() => {
        this.keys.set(key, value);
        this.log.push('set_done');
        resolve('OK');
      }),
    );
  }

  async del(key: string): Promise<number> {
    this.log.push('del');
    return this.keys.delete(key) ? 1 : 0;
  }

  release(): void {
    for (const done of this.held.splice(0)) done();
  }
}

const settle = () => new Promise((r) => setTimeout(r, 5));

describe('startHeartbeat', () => {
  it('stop() waits for a beat in flight before deleting the key, so a dead node is not left listed', async () => {
    const redis = new SlowRedis();
    const names = redisNames('hb-test');
    const hb = startHeartbeat({
      commands: redis as unknown as Redis,
      names,
      nodeId: 'n1',
      url: 'ws://x/ws',
      intervalMs: 60_000,
      logger: pino({ level: 'silent' }),
      status: () => ({ rulesVersion: 3, connections: 0 }),
    });
    const beating = hb.beat();
    const stopping = hb.stop();
    await settle();
    expect(redis.log).toEqual(['set']);
    redis.release();
    await Promise.all([beating, stopping]);
    expect(redis.log).toEqual(['set', 'set_done', 'del']);
    expect(redis.keys.has(names.node('n1'))).toBe(false);
    // A beat asked for after stop() writes nothing.
    await hb.beat();
    expect(redis.log).toEqual(['set', 'set_done', 'del']);
  });
});
