import { access } from '../../../access/access-rules';
import { pause } from '../../../live/live-context';
import { readRoomLive, readRoomTops, ROOM_WINDOW_SECONDS, type RoomTops } from '../../../live/live-room';
import { protectedProcedure } from '../../trpc';
import { onRoomInput } from './live.types';

const TOPS_EVERY_MS = 5000;

/**
 * A room's live view, pushed once per second over SSE: the last 15 minutes at 1 s on the first frame, then the last
 * seconds on each tick; top rules/terms (ClickHouse per-second rollup) and chatters refreshed every 5 s; annotations
 * (audit log) on every frame.
 */
export const onRoomRoute = protectedProcedure
  .meta({ access: access.read })
  .input(onRoomInput)
  .subscription(async function* ({ ctx, input, signal }) {
    const readers = { redis: ctx.services.redis, prefix: ctx.services.config.REDIS_PREFIX, clickhouse: ctx.services.clickhouse, db: ctx.services.db };
    let tops: RoomTops = { rules: [], terms: [], chatters: [] };
    let topsAt = 0;
    let first = true;
    while (!signal?.aborted) {
      const started = Date.now();
      if (started - topsAt >= TOPS_EVERY_MS) {
        const nowSecond = Math.floor(started / 1000);
        tops = await readRoomTops(readers, input.room, nowSecond - ROOM_WINDOW_SECONDS + 1, nowSecond + 1).catch(() => tops);
        topsAt = started;
      }
      yield await readRoomLive(readers, input.room, first ? 'snapshot' : 'tick', tops, started);
      first = false;
      await pause(Math.max(0, 1000 - (Date.now() - started)), signal);
    }
  });
