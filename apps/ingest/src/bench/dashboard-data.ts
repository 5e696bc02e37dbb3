import type { ClickHouseClient } from '@clickhouse/client';
import { CLICKHOUSE } from '@tribune/contracts';

/**
 * 10 million messages (by default) of the last 24 hours generated inside ClickHouse (`INSERT … SELECT … FROM
 * numbers()`), through the same materialized views as ingest's inserts: half of them in one busy room (a final,
 * ~58 msg/s all day), the rest over 200 rooms; 200k users; 85 % accepted, 5 % masked, 5 % blocked, 2 % held,
 * 1 % shadowed, 2 % rejected (a spam rule); one moderation event per rule hit. Rooms carry the run's prefix.
 */
export async function generateDashboardData(ch: ClickHouseClient, o: { prefix: string; messages: number; now: number }): Promise<{ seconds: number; moderation: number }> {
  const span = 24 * 60 * 60 * 1000;
  const start = o.now - span;
  const t0 = performance.now();
  // Constants of the bench only (no input): inlined.
  await ch.command({
    query: `INSERT INTO ${CLICKHOUSE.messages}
      (id, ts, room, user_id, user_name, user_roles, text, delivered_text, status, hits, hit_rule_ids, hit_terms, hit_actions, cid, node, rules_version, kafka_topic, kafka_partition, kafka_offset)
      SELECT
        concat('${o.prefix}-', toString(number)) AS id,
        fromUnixTimestamp64Milli(toInt64(${start} + intDiv(number * ${span}, ${o.messages})), 'UTC') AS ts,
        if(number % 10 < 5, '${o.prefix}-final', concat('${o.prefix}-', toString(number % 200))) AS room,
        concat('u', toString(cityHash64(number, 1) % 200000)) AS user_id,
        concat('User ', user_id) AS user_name,
        if(number % 10 = 0, ['subscriber'], []) AS user_roles,
        concat('what a game tonight, number ', toString(number)) AS text,
        if(status = 'masked', concat('**** ', toString(number)), NULL) AS delivered_text,
        multiIf(h < 85, 'accepted', h < 90, 'masked', h < 95, 'blocked', h < 97, 'held', h < 98, 'shadowed', 'rejected') AS status,
        '[]' AS hits,
        multiIf(status IN ('masked', 'blocked', 'held'), [concat('w', toString(r))], status = 'rejected', ['spam-rate'], []) AS hit_rule_ids,
        multiIf(status IN ('masked', 'blocked', 'held'), [concat('term', toString(r))], status = 'rejected', ['rate'], []) AS hit_terms,
        multiIf(status = 'masked', ['mask'], status = 'blocked', ['block'], status = 'held', ['hold'], status = 'rejected', ['reject'], []) AS hit_actions,
        concat('c', toString(number)) AS cid,
        concat('node-', toString(number % 4)) AS node,
        7 AS rules_version,
        '${o.prefix}.bench' AS kafka_topic,
        toUInt32(number % 12) AS kafka_partition,
        intDiv(number, 12) AS kafka_offset
      FROM (SELECT number, cityHash64(number) % 100 AS h, cityHash64(number, 2) % 30 AS r FROM numbers(${o.messages}))`,
  });
  await ch.command({
    query: `INSERT INTO ${CLICKHOUSE.moderationEvents}
      (id, ts, room, message_id, user_id, source, action, hit, hit_rule_id, hit_kind, hit_term, node, rules_version, reason, kafka_topic, kafka_partition, kafka_offset)
      SELECT concat(id, '-m'), ts, room, id, user_id, 'engine', action, '', rule, if(startsWith(rule, 'spam'), 'spam', 'word'), term, node, rules_version, '', concat(kafka_topic, '.moderation'), kafka_partition, kafka_offset
      FROM ${CLICKHOUSE.messages}
      ARRAY JOIN hit_rule_ids AS rule, hit_terms AS term, hit_actions AS action
      WHERE kafka_topic = '${o.prefix}.bench'`,
  });
  const seconds = (performance.now() - t0) / 1000;
  const [row] = await (await ch.query({ query: `SELECT count() AS n FROM ${CLICKHOUSE.moderationEvents} WHERE kafka_topic = {t:String}`, query_params: { t: `${o.prefix}.bench.moderation` }, format: 'JSONEachRow' })).json<{ n: string }>();
  return { seconds, moderation: Number(row?.n ?? 0) };
}
