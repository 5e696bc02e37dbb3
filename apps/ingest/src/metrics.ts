import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type IngestMetrics = ReturnType<typeof createIngestMetrics>;

/** This app's part of the one metric scheme, `tribune_<app>_…` (ARCHITECTURE.md, "Metrics"). */
export const METRICS_PREFIX = 'tribune_ingest_';

export function createIngestMetrics(registry: Registry) {
  const registers = [registry];
  return {
    rowsInserted: new Counter({ name: 'tribune_ingest_rows_inserted_total', help: 'Rows acknowledged by ClickHouse, by table', labelNames: ['table'], registers }),
    batches: new Counter({
      name: 'tribune_ingest_batches_total',
      help: 'Slices processed, by topic and outcome (committed, paused, aborted)',
      labelNames: ['topic', 'outcome'],
      registers,
    }),
    insertSeconds: new Histogram({
      name: 'tribune_ingest_insert_duration_seconds',
      help: 'Duration of successful ClickHouse inserts',
      labelNames: ['table'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    insertFailures: new Counter({
      name: 'tribune_ingest_insert_failures_total',
      help: 'Failed ClickHouse insert attempts, by table and error code',
      labelNames: ['table', 'code'],
      registers,
    }),
    deadLettered: new Counter({ name: 'tribune_ingest_dlq_events_total', help: 'Events sent to the DLQ topic, by source topic', labelNames: ['topic'], registers }),
    dropped: new Counter({ name: 'tribune_ingest_dropped_total', help: 'Messages skipped on purpose (tombstones)', labelNames: ['topic'], registers }),
    alreadyLoaded: new Counter({
      name: 'tribune_ingest_already_loaded_total',
      help: 'Redelivered messages found already in ClickHouse and skipped',
      labelNames: ['topic'],
      registers,
    }),
    lag: new Gauge({ name: 'tribune_ingest_consumer_lag', help: 'Messages behind the partition high watermark after the last commit', labelNames: ['topic', 'partition'], registers }),
  };
}
