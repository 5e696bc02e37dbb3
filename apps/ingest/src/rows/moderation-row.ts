import type { ModerationEvent } from '@tribune/contracts';
import { toClickHouseDateTime64 } from './clickhouse-time';
import { lineageColumns, type KafkaLineage, type LineageColumns } from './lineage';

/** One row of `chat.moderation_events` (column names as in clickhouse/migrations); a type, as `MessageRow`. */
export type ModerationRow = LineageColumns & {
  id: string;
  ts: string;
  room: string;
  message_id: string | null;
  user_id: string;
  source: string;
  action: string;
  hit: string;
  hit_rule_id: string;
  hit_kind: string;
  hit_term: string;
  node: string;
  rules_version: number;
  reason: string;
};

export function toModerationRow(event: ModerationEvent, lineage: KafkaLineage): ModerationRow {
  return {
    id: event.id,
    ts: toClickHouseDateTime64(event.ts),
    room: event.room,
    message_id: event.messageId,
    user_id: event.userId,
    source: event.source,
    action: event.action,
    hit: event.hit ? JSON.stringify(event.hit) : '',
    hit_rule_id: event.hit?.ruleId ?? '',
    hit_kind: event.hit?.kind ?? '',
    hit_term: event.hit?.term ?? '',
    node: event.node,
    rules_version: event.rulesVersion,
    reason: event.reason ?? '',
    ...lineageColumns(lineage),
  };
}
