import type { MessageEvent } from '@tribune/contracts';
import { toClickHouseDateTime64 } from './clickhouse-time';
import type { KafkaLineage, LineageColumns } from './lineage';

/**
 * One row of `chat.messages` (column names as in clickhouse/migrations). A type, not an interface, so a row is a
 * `Record<string, unknown>` as it is (no copy per row on ingest's hot path).
 */
export type MessageRow = LineageColumns & {
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
};

/** Built field by field, once per event: ingest's hot path (no spreads, the hit arrays in one pass). */
export function toMessageRow(event: MessageEvent, lineage: KafkaLineage): MessageRow {
  const { hits } = event;
  const n = hits.length;
  const ruleIds = new Array<string>(n);
  const terms = new Array<string>(n);
  const actions = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const h = hits[i]!;
    ruleIds[i] = h.ruleId;
    terms[i] = h.term;
    actions[i] = h.action;
  }
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
    hits: n === 0 ? '[]' : JSON.stringify(hits),
    hit_rule_ids: ruleIds,
    hit_terms: terms,
    hit_actions: actions,
    cid: event.cid,
    node: event.node,
    rules_version: event.rulesVersion,
    kafka_topic: lineage.topic,
    kafka_partition: lineage.partition,
    kafka_offset: lineage.offset,
  };
}
