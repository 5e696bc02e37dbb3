import { LIVE_STATS, liveField, liveLatencyField, liveViewersField, minuteOf, type RedisNames } from '@tribune/contracts';
import type { Logger } from '@tribune/service-kit';
import { execAll, type RedisClient } from '../redis/redis-connections';
import type { RoomStats } from './room-stats';

export interface StatsFlusherDeps {
  commands: RedisClient;
  names: RedisNames;
  nodeId: string;
  stats: RoomStats;
  /** This node's viewers per room now (written as the current second's level for each room). */
  localViewers: () => Map<string, number>;
  logger: Logger;
  intervalMs?: number;
  now?: () => number;
}

/**
 * Every ~500 ms: one round trip (a pipeline; on a Redis Cluster each command auto-pipelined to its master, `execAll`)
 * with an HINCRBY per room-second counter and latency bucket, the viewer levels, the senders (HyperLogLog for chatters, a sorted set for
 * top chatters) and the room index, each key with a short TTL. A failed flush puts its counts back, so a Redis blip
 * delays the figures instead of losing them.
 */
export function startStatsFlusher(deps: StatsFlusherDeps) {
  const log = deps.logger.child({ module: 'stats_flusher' });
  const now = deps.now ?? Date.now;
  let running: Promise<void> | null = null;
  let stopped = false;
  /** Viewer levels are written once per second (the flush runs twice a second). */
  let viewersWrittenFor = -1;

  async function flush(): Promise<void> {
    const entries = deps.stats.drain();
    const second = Math.floor(now() / 1000);
    const viewers = second === viewersWrittenFor ? new Map<string, number>() : deps.localViewers();
    if (entries.length === 0 && viewers.size === 0) return;
    const p: (string | number)[][] = [];
    const touched = new Map<string, number>();
    const expire = (key: string, minute: number) => touched.set(key, minute);
    for (const e of entries) {
      const minute = minuteOf(e.second);
      const key = deps.names.liveRoomMinute(e.room, minute);
      for (const [counter, n] of Object.entries(e.counts)) if (n) p.push(['hincrby', key, liveField(e.second, counter as never), n]);
      e.latency.forEach((n, bucket) => {
        if (n) p.push(['hincrby', key, liveLatencyField(e.second, bucket), n]);
      });
      expire(key, minute);
      if (e.senders.size > 0) {
        const hll = deps.names.liveRoomChatters(e.room, minute);
        p.push(['pfadd', hll, ...e.senders.keys()]);
        expire(hll, minute);
        const top = deps.names.liveRoomSenders(e.room, minute);
        for (const [user, n] of e.senders) p.push(['zincrby', top, n, user]);
        expire(top, minute);
      }
      p.push(['zadd', deps.names.liveRooms, 'GT', e.second, e.room]);
    }
    if (viewers.size > 0) viewersWrittenFor = second;
    for (const [room, count] of viewers) {
      const minute = minuteOf(second);
      const key = deps.names.liveRoomMinute(room, minute);
      p.push(['hset', key, liveViewersField(second, deps.nodeId), count]);
      expire(key, minute);
      p.push(['zadd', deps.names.liveRooms, 'GT', second, room]);
    }
    // TTL counted from the minute's start: every key of a minute goes at the same time, whoever wrote it last.
    for (const [key, minute] of touched) p.push(['expireat', key, minute + LIVE_STATS.ttlSeconds]);
    p.push(['zremrangebyscore', deps.names.liveRooms, '-inf', second - LIVE_STATS.roomIdleSeconds]);
    try {
      const results = await execAll(deps.commands, p);
      const failed = results.find(([err]) => err);
      if (failed) throw failed[0];
    } catch (err) {
      // A partial pipeline may have applied some increments; putting all back could count them twice, so only a
      // pipeline that never reached Redis (no results) is retried.
      if ((err as { name?: string }).name !== 'ReplyError') deps.stats.restore(entries);
      throw err;
    }
  }

  const timer = setInterval(() => {
    if (running || stopped) return;
    running = flush()
      .catch((err: unknown) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'stats_flush_failed'))
      .finally(() => (running = null));
  }, deps.intervalMs ?? LIVE_STATS.flushMs);
  timer.unref();

  return {
    flush,
    /** Stops the timer and writes what is left (the last half second of counts). */
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(timer);
      await running;
      await flush().catch((err: unknown) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'stats_flush_failed'));
    },
  };
}
