import { SANCTION_WRITE_SCRIPT, sanctionField, type RedisNames, type SanctionRecord } from '@tribune/contracts';
import type { ActiveSanction, SanctionOrigin, Sanctions } from './sanctions';
import type { RedisClient } from '../redis/redis-connections';

/**
 * One key per sanction whose TTL is its expiry (packages/contracts/src/sanctions.ts): Redis expires it, no sweeper
 * needed. The check is one MGET of the three keys that can stop a send, on every send: nothing is cached, so a
 * sanction or a lift from anywhere holds at the next message.
 */
export class RedisSanctions implements Sanctions {
  constructor(
    private readonly commands: RedisClient,
    private readonly names: RedisNames,
  ) {}

  async active(room: string, userId: string): Promise<ActiveSanction | null> {
    const [globalBan, roomBan, timeout] = await this.commands.mget(this.names.userGlobalBan(userId), this.names.userBan(room, userId), this.names.userTimeout(room, userId));
    if (globalBan != null) return { kind: 'ban', scope: 'global', until: untilOf(globalBan) };
    if (roomBan != null) return { kind: 'ban', scope: 'room', until: untilOf(roomBan) };
    if (timeout != null) return { kind: 'timeout', scope: 'room', until: untilOf(timeout) };
    return null;
  }

  async timeOut(room: string, userId: string, seconds: number, origin: SanctionOrigin): Promise<void> {
    const now = Date.now();
    const until = now + seconds * 1000;
    const record: SanctionRecord = { v: 1, kind: 'timeout', room, userId, until, by: origin.by, reason: origin.reason, ts: now };
    await this.commands.eval(SANCTION_WRITE_SCRIPT, 2, this.names.userTimeout(room, userId), this.names.userSanctions(userId), String(until), seconds, sanctionField('timeout', room), JSON.stringify(record));
  }
}

/** The value is the expiry in ms; `0` (a ban without one) or anything unreadable: no known end. */
function untilOf(value: string): number | null {
  const until = Number(value);
  return Number.isFinite(until) && until > 0 ? until : null;
}
