import { redisNames } from '@tribune/contracts';
import type { Services } from '../services';
import type { ActiveSanctionsReader } from './user-page';

/** Glob characters in a user id must match literally in SCAN's MATCH. */
const globEscape = (s: string) => s.replace(/[*?[\]\\]/g, (c) => `\\${c}`);

/**
 * A viewer's active timeouts, read from the keys the nodes enforce (one per room and user, value = until in ms).
 * TEMPORARY until the sanctions service (`sanctions.listForUser`) lands: then this delegates to it.
 */
export function activeSanctionsFor(services: Pick<Services, 'redis' | 'config'>): ActiveSanctionsReader {
  const names = redisNames(services.config.REDIS_PREFIX);
  return async (userId) => {
    const pattern = names.userTimeout('*', globEscape(userId));
    const prefix = names.userTimeout('', '');
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await services.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    if (keys.length === 0) return [];
    const values = await services.redis.mget(...keys);
    return keys.flatMap((key, i) => {
      const room = key.slice(prefix.length - 1, key.length - userId.length - 1);
      const until = Number(values[i]);
      return values[i] === null ? [] : [{ kind: 'timeout' as const, room, until: Number.isFinite(until) ? until : null, by: 'unknown', reason: null }];
    });
  };
}
