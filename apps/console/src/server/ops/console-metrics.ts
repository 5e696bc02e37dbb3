import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The console's own instruments, beside the process defaults of the registry. */
/** This app's part of the one metric scheme, `tribune_<app>_…` (ARCHITECTURE.md, "Metrics"). */
export const METRICS_PREFIX = 'tribune_console_';

export function createConsoleMetrics(registry: Registry, sources: { reviewDepths?: () => Promise<Record<string, number>> } = {}) {
  return {
    reviewQueueDepth: new Gauge({
      name: 'tribune_console_review_queue_depth',
      help: 'Held messages waiting for review, by room (read from Redis at each scrape)',
      labelNames: ['room'] as const,
      registers: [registry],
      async collect() {
        if (!sources.reviewDepths) return;
        const depths = await sources.reviewDepths();
        this.reset();
        for (const [room, n] of Object.entries(depths)) this.set({ room }, n);
      },
    }),
    reviewDecisions: new Counter({
      name: 'tribune_console_review_decisions_total',
      help: 'Held messages decided by this console: approved, rejected, expired',
      labelNames: ['decision'] as const,
      registers: [registry],
    }),
    procedureSeconds: new Histogram({
      name: 'tribune_console_trpc_duration_seconds',
      help: 'tRPC procedure duration by path and outcome',
      labelNames: ['path', 'type', 'ok'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    rulesPublished: new Counter({
      name: 'tribune_console_rules_published_total',
      help: 'Rules versions written to Redis and announced (changes and boot republishes)',
      registers: [registry],
    }),
    rulesVersion: new Gauge({ name: 'tribune_console_rules_version', help: 'Latest rules version published', registers: [registry] }),
    protectionChecks: new Counter({
      name: 'tribune_console_protection_checks_total',
      help: 'Automatic protection checks of armed rooms by outcome (quiet, spiking, engaged, extended, reverted, released, failed)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
  };
}
export type ConsoleMetrics = ReturnType<typeof createConsoleMetrics>;
