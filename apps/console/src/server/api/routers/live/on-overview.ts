import { access } from '../../../access/access-rules';
import { liveContext, pause } from '../../../live/live-context';
import { banners, readRoomsLive, type Overview } from '../../../live/live-overview';
import { listNodeHeartbeats } from '../../../nodes/list-nodes';
import { protectedProcedure } from '../../trpc';
import { onOverviewInput } from './live.types';

/**
 * The overview, pushed once per second over SSE (tRPC subscription, `httpSubscriptionLink`): every room counted in
 * the last 5 minutes (live counters in Redis), the nodes (heartbeats, down ones remembered), the pipeline (Kafka
 * lag, ClickHouse freshness; cached 2 s) and the banners.
 */
export const onOverviewRoute = protectedProcedure
  .meta({ access: access.read })
  .input(onOverviewInput)
  .subscription(async function* ({ ctx, signal }) {
    const { redis, config, rules } = ctx.services;
    const live = liveContext(ctx.services);
    while (!signal?.aborted) {
      const started = Date.now();
      const [rooms, heartbeats, currentVersion, pipeline] = await Promise.all([
        readRoomsLive(redis, config.REDIS_PREFIX, started),
        listNodeHeartbeats(redis, config.REDIS_PREFIX),
        rules.currentVersion(),
        live.pipeline.get(),
      ]);
      const nodes = live.nodes.update(heartbeats, currentVersion);
      const overview: Overview = { at: started, rooms, nodes, currentVersion, pipeline, banners: banners(nodes, currentVersion, pipeline, config.LIVE_INGEST_LAG_ALERT) };
      yield overview;
      await pause(Math.max(0, 1000 - (Date.now() - started)), signal);
    }
  });
