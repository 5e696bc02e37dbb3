import type { MessageEvent } from '@tribune/contracts';
import { toClickHouseDateTime64 } from './clickhouse-time';
import { lineageColumns, type KafkaLineage, type LineageColumns } from './lineage';

/** One row of `chat.messages` (column names as in clickhouse/migrations). */
export interface MessageRow extends LineageColumns {
  id: string;
  ts: string;
  room: string;
  user_id: string;
  user_name: string;
  user_roles: string[];
  text: string;
  delivered_text: string | null;
  status: string;
  hits: string;
  hit_rule_ids: string[];
  hit_terms: string[];
  hit_actions: string[];
  cid: string;
  node: string;
  rules_version: number;
}

export function toMessageRow(event: MessageEvent, lineage: KafkaLineage): MessageRow {
  return {
    id: event.id,
    ts: toClickHouseDateTime64(event.ts),
    room: event.room,
    user_id: event.user.id,
    user_name: event.user.name,
    user_roles: event.user.roles,
    text: event.text,
    delivered_text: event.deliveredText !== undefined && event.deliveredText !== event.text ? event.deliveredText : null,
    status: event.status,
    hits: JSON.stringify(event.hits),
    hit_rule_ids: event.hits.map((h) => h.ruleId),
    hit_terms: event.hits.map((h) => h.term),
    hit_actions: event.hits.map((h) => h.action),
    cid: event.cid,
    node: event.node,
    rules_version: event.rulesVersion,
    ...lineageColumns(lineage),
  };
}
