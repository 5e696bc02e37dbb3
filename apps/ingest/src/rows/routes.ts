import { CLICKHOUSE, messageEvent, moderationEvent, topicName } from '@tribune/contracts';
import type { z } from 'zod';
import { toClickHouseMonth } from './clickhouse-time';
import type { KafkaLineage } from './lineage';
import { toMessageRow } from './message-row';
import { toModerationRow } from './moderation-row';
import { dlq, drop, ok, type StepResult } from './step-result';

export type Row = Record<string, unknown>;

/**
 * A row and the ClickHouse partition it lands in. Both event tables are `PARTITION BY toYYYYMM(ts)`
 * (and the per-minute view's target by the month of the minute, the same month), so `part` is the
 * event's UTC month: an insert whose rows share it is written as one part.
 */
export interface RoutedRow {
  row: Row;
  part: number;
}

/** How the messages of one topic become rows of one ClickHouse table. */
export interface Route {
  topic: string;
  table: string;
  parse: (value: Buffer | null, lineage: KafkaLineage) => StepResult<RoutedRow>;
}

function parser<S extends z.ZodType<{ ts: number }>>(schema: S, toRow: (event: z.infer<S>, lineage: KafkaLineage) => Row) {
  return (value: Buffer | null, lineage: KafkaLineage): StepResult<RoutedRow> => {
    // A null value is a tombstone: nothing to load, and nothing an operator could repair.
    if (value === null) return drop('tombstone');
    let json: unknown;
    try {
      json = JSON.parse(value.toString('utf8'));
    } catch (err) {
      return dlq(`invalid_json: ${err instanceof Error ? err.message : String(err)}`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const detail = parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
        .join('; ');
      return dlq(`schema_invalid: ${detail}`);
    }
    try {
      return ok({ row: toRow(parsed.data, lineage), part: toClickHouseMonth(parsed.data.ts) });
    } catch (err) {
      // Valid by the contract but not storable (a timestamp outside DateTime64's range).
      return dlq(`unmappable: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
}

/** The topics ingest consumes (with the deployment's prefix) and the table each one feeds. */
export function buildRoutes(topicPrefix: string): Map<string, Route> {
  const routes: Route[] = [
    { topic: topicName(topicPrefix, 'messages'), table: CLICKHOUSE.messages, parse: parser(messageEvent, toMessageRow) },
    {
      topic: topicName(topicPrefix, 'moderation'),
      table: CLICKHOUSE.moderationEvents,
      parse: parser(moderationEvent, toModerationRow),
    },
  ];
  return new Map(routes.map((r) => [r.topic, r]));
}
