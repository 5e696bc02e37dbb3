import { REFUSED_STATUSES } from './statuses';

/** One ready question of the Explore workspace: SQL with `{name:Type}` parameters and what to chart. */
export interface CookbookEntry {
  id: string;
  title: string;
  description: string;
  sql: string;
  /** A value for every parameter of `sql`, as the text ClickHouse parses for its type (times in UTC). */
  defaults(now: Date): Record<string, string>;
  /** Suggested chart axes: a column for x, a numeric one for y (none: a table is the answer). */
  chart: { x: string; y: string } | null;
}

const refused = REFUSED_STATUSES.map((s) => `'${s}'`).join(', ');
const day = (d: Date) => d.toISOString().slice(0, 10);
const second = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');
const daysAgo = (now: Date, n: number) => new Date(now.getTime() - n * 86_400_000);

/**
 * The cookbook. Every entry reads `chat.messages` within one room and a time range — the table's primary key prefix
 * `(room, ts)`, so ClickHouse reads only those granules — and each is run against seeded rows by
 * apps/console/src/server/explore/cookbook.int.test.ts, which asserts its answer.
 */
export const COOKBOOK: readonly CookbookEntry[] = [
  {
    id: 'refusal-rate-per-rule-per-day',
    title: 'Refusal rate per rule per day',
    description: 'For each day and rule: the messages it hit that were refused, and their share of all the room’s messages that day.',
    sql: `SELECT r.day AS day, r.rule_id AS rule_id, r.refused AS refused, t.messages AS messages,
       round(100 * r.refused / t.messages, 2) AS refused_pct
FROM
(
    SELECT toDate(ts) AS day, rule_id, count() AS refused
    FROM chat.messages
    ARRAY JOIN hit_rule_ids AS rule_id
    WHERE room = {room:String} AND ts >= toDateTime({from:Date}, 'UTC') AND ts < toDateTime({to:Date}, 'UTC') + INTERVAL 1 DAY
      AND status IN (${refused})
    GROUP BY day, rule_id
) AS r
INNER JOIN
(
    SELECT toDate(ts) AS day, count() AS messages
    FROM chat.messages
    WHERE room = {room:String} AND ts >= toDateTime({from:Date}, 'UTC') AND ts < toDateTime({to:Date}, 'UTC') + INTERVAL 1 DAY
    GROUP BY day
) AS t ON r.day = t.day
ORDER BY day, refused DESC, rule_id`,
    defaults: (now) => ({ room: 'demo', from: day(daysAgo(now, 7)), to: day(now) }),
    chart: { x: 'day', y: 'refused_pct' },
  },
  {
    id: 'top-chatters-of-a-match',
    title: 'Top chatters of a match',
    description: 'Who wrote the most in a room between kick-off and the final whistle, with how many of their messages were refused.',
    sql: `SELECT user_id, any(user_name) AS user_name, count() AS messages, countIf(status IN (${refused})) AS refused
FROM chat.messages
WHERE room = {room:String} AND ts >= {from:DateTime64(3, 'UTC')} AND ts < {to:DateTime64(3, 'UTC')}
GROUP BY user_id
ORDER BY messages DESC, user_id
LIMIT {top:UInt32}`,
    defaults: (now) => ({ room: 'demo', from: second(new Date(now.getTime() - 2 * 3600_000)), to: second(now), top: '20' }),
    chart: { x: 'user_name', y: 'messages' },
  },
  {
    id: 'messages-around-a-moment',
    title: 'The messages around a moment of the stream',
    description: 'Everything the room received in the seconds before and after a moment (a goal, an incident), whatever its fate.',
    sql: `SELECT ts, user_name, status, text, delivered_text
FROM chat.messages
WHERE room = {room:String}
  AND ts >= {at:DateTime64(3, 'UTC')} - INTERVAL {seconds:UInt32} SECOND
  AND ts <= {at:DateTime64(3, 'UTC')} + INTERVAL {seconds:UInt32} SECOND
ORDER BY ts, id
LIMIT 1000`,
    defaults: (now) => ({ room: 'demo', at: second(new Date(now.getTime() - 60_000)), seconds: '30' }),
    chart: null,
  },
  {
    id: 'block-rate-by-rules-version',
    title: 'How a rule change moved the block rate',
    description: 'Every rules change is a new rules version: the room’s messages judged under each version, and how many were blocked or refused.',
    sql: `SELECT rules_version, min(ts) AS first_message, count() AS messages,
       countIf(status = 'blocked') AS blocked, round(100 * blocked / messages, 2) AS blocked_pct,
       countIf(status IN (${refused})) AS refused, round(100 * refused / messages, 2) AS refused_pct
FROM chat.messages
WHERE room = {room:String} AND ts >= {from:DateTime64(3, 'UTC')} AND ts < {to:DateTime64(3, 'UTC')}
GROUP BY rules_version
ORDER BY rules_version`,
    defaults: (now) => ({ room: 'demo', from: second(daysAgo(now, 1)), to: second(now) }),
    chart: { x: 'rules_version', y: 'blocked_pct' },
  },
];
