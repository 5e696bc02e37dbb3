import type { Services } from '../services';
import { NodeTracker } from './node-tracker';
import { createPipelineStatus } from './pipeline-status';

/** What the live subscriptions share in one console process: the pipeline reader (cached) and the node tracker. */
export interface LiveContext {
  pipeline: ReturnType<typeof createPipelineStatus>;
  nodes: NodeTracker;
}

const contexts = new WeakMap<Services, LiveContext>();

export function liveContext(services: Services): LiveContext {
  let ctx = contexts.get(services);
  if (!ctx) {
    ctx = {
      pipeline: createPipelineStatus({
        brokers: services.config.KAFKA_BROKERS,
        topicPrefix: services.config.KAFKA_TOPIC_PREFIX,
        groupId: services.config.INGEST_GROUP_ID,
        clickhouse: services.clickhouse,
      }),
      nodes: new NodeTracker(),
    };
    contexts.set(services, ctx);
  }
  return ctx;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
