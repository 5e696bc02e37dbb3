import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { NodeLoad } from '@tribune/contracts';
import type { Histogram, Counter } from 'prom-client';

export interface NodeLoadDeps {
  /** Messages delivered to local sockets (one per viewer and message), a counter the delivery path already keeps. */
  deliveries: Counter;
  /** Publish → local flush latency, the node's delivery latency. */
  fanoutSeconds: Histogram;
  rooms: () => number;
}

/**
 * p99 of cumulative histogram buckets (ascending `le`, the last one +Inf): the upper bound of the bucket holding it,
 * the largest finite bound when it lies beyond them, undefined without observations.
 */
export function histogramP99(buckets: { le: number; count: number }[]): number | undefined {
  const total = buckets.at(-1)?.count ?? 0;
  if (total === 0) return undefined;
  const target = total * 0.99;
  const finite = buckets.filter((b) => Number.isFinite(b.le));
  for (const b of finite) if (b.count >= target) return b.le;
  return finite.at(-1)?.le;
}

/** Cumulative buckets minus an earlier reading of the same histogram: the observations made in between. */
export function bucketsSince(now: { le: number; count: number }[], before: ReadonlyMap<number, number>): { le: number; count: number }[] {
  return now.map((b) => ({ le: b.le, count: Math.max(0, b.count - (before.get(b.le) ?? 0)) }));
}

/**
 * The load figures a node adds to its heartbeat: rates over the interval since the previous beat, the event-loop
 * delay p99 over it (perf_hooks histogram, reset each beat), RSS, and the fan-out latency p99 over it (bucket bound;
 * the histogram's difference since the previous beat, so a startup blip does not stay on the node's row forever).
 */
export function createNodeLoad(deps: NodeLoadDeps) {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let recorded = 0;
  let last = { at: Date.now(), recorded: 0, delivered: 0, buckets: new Map<number, number>() };
  return {
    /** One message recorded (called by the recording sink). */
    recorded(): void {
      recorded += 1;
    },
    async sample(): Promise<NodeLoad> {
      const at = Date.now();
      const delivered = (await deps.deliveries.get()).values.reduce((n, v) => n + v.value, 0);
      const seconds = Math.max(0.001, (at - last.at) / 1000);
      const hist = await deps.fanoutSeconds.get();
      const buckets = hist.values
        .filter((v) => v.metricName?.endsWith('_bucket') && v.labels.le !== undefined)
        .map((v) => ({ le: v.labels.le === '+Inf' ? Infinity : Number(v.labels.le), count: v.value }))
        .sort((a, b) => a.le - b.le);
      const p99 = histogramP99(bucketsSince(buckets, last.buckets));
      const load: NodeLoad = {
        rooms: deps.rooms(),
        messagesInPerSecond: round((recorded - last.recorded) / seconds),
        messagesOutPerSecond: round((delivered - last.delivered) / seconds),
        eventLoopLagP99Ms: round(loop.percentile(99) / 1e6),
        rssBytes: process.memoryUsage.rss(),
        ...(p99 === undefined ? {} : { fanoutP99Ms: p99 * 1000 }),
      };
      loop.reset();
      last = { at, recorded, delivered, buckets: new Map(buckets.map((b) => [b.le, b.count])) };
      return load;
    },
    stop(): void {
      loop.disable();
    },
  };
}

const round = (n: number) => Math.round(n * 100) / 100;
