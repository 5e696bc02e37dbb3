import type { RedisClient } from '../redis/redis-connections';
import type { RedisNames } from '@tribune/contracts';
import type { Sanctions } from './sanctions';

/** One key per room and user whose TTL is the timeout: Redis expires it, no sweeper needed. */
export class RedisSanctions implements Sanctions {
  constructor(
    private readonly commands: RedisClient,
    private readonly names: RedisNames,
  ) {}

  async isTimedOut(room: string, userId: string): Promise<boolean> {
    return (await this.commands.exists(this.names.userTimeout(room, userId))) === 1;
  }

  async timeOut(room: string, userId: string, seconds: number): Promise<void> {
    await this.commands.set(this.names.userTimeout(room, userId), String(Date.now() + seconds * 1000), 'EX', seconds);
  }
}
