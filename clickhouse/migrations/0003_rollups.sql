-- Rollups the console's live and history charts read (issue 10): messages by room, status and second / minute with
-- the room's chatters as `uniq` states beside the count, and moderation decisions by room, rule and term. Charts never
-- scan chat.messages or chat.moderation_events.
--
-- Exactly once: every target sets non_replicated_deduplication_window, and ingest inserts with
-- insert_deduplication_token + deduplicate_blocks_in_dependent_materialized_views=1, so a redelivered block (same
-- token) is dropped by the source table and by every view's target alike; two different blocks whose rollup rows
-- happen to be identical are both kept (a view's block is deduplicated by the source block's token, not its content).
--
-- Every target is partitioned by the month of its bucket, the month of the source row's `ts`: an ingest insert (one
-- month, see apps/ingest) stays one part in each of them. Buckets are UTC.
--
-- Reading: rows with one key fold together only when parts merge, so readers always aggregate again
-- (sum(messages), uniqMerge(chatters), sum(events)) with GROUP BY.

-- Per second, for the live view (last minutes at 1 s). Kept 7 days: history reads the per-minute tables.
CREATE TABLE IF NOT EXISTS chat.messages_1s
(
    room      String,
    second    DateTime('UTC'),
    status    LowCardinality(String),
    messages  SimpleAggregateFunction(sum, UInt64),
    -- user ids of the senders; uniqMerge over any set of rows (statuses, seconds) is the room's unique chatters.
    chatters  AggregateFunction(uniq, String),
    -- The overview asks "every room, last 5 minutes": granules are sorted by room first, this skips the old ones.
    INDEX second_minmax second TYPE minmax GRANULARITY 1
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(second)
ORDER BY (room, second, status)
TTL second + INTERVAL 7 DAY
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS chat.messages_1s_mv
TO chat.messages_1s
AS SELECT
    room,
    toDateTime(ts, 'UTC') AS second,
    status,
    count() AS messages,
    uniqState(user_id) AS chatters
FROM chat.messages
GROUP BY room, second, status;

-- Per minute, for history (hours to months). Kept forever, like the events.
CREATE TABLE IF NOT EXISTS chat.messages_1m
(
    room      String,
    minute    DateTime('UTC'),
    status    LowCardinality(String),
    messages  SimpleAggregateFunction(sum, UInt64),
    chatters  AggregateFunction(uniq, String),
    INDEX minute_minmax minute TYPE minmax GRANULARITY 1
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(minute)
ORDER BY (room, minute, status)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS chat.messages_1m_mv
TO chat.messages_1m
AS SELECT
    room,
    toStartOfMinute(toDateTime(ts, 'UTC')) AS minute,
    status,
    count() AS messages,
    uniqState(user_id) AS chatters
FROM chat.messages
GROUP BY room, minute, status;

-- Moderation decisions (engine rule hits and operator actions) by room, rule and term. Operator actions and
-- rule-less refusals have rule_id = '' and term = ''.
CREATE TABLE IF NOT EXISTS chat.moderation_1s
(
    room      String,
    second    DateTime('UTC'),
    source    LowCardinality(String),
    action    LowCardinality(String),
    rule_id   String,
    kind      LowCardinality(String),
    term      String,
    events    UInt64
)
ENGINE = SummingMergeTree(events)
PARTITION BY toYYYYMM(second)
ORDER BY (room, second, rule_id, term, source, action, kind)
TTL second + INTERVAL 7 DAY
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS chat.moderation_1s_mv
TO chat.moderation_1s
AS SELECT
    room,
    toDateTime(ts, 'UTC') AS second,
    source,
    action,
    hit_rule_id AS rule_id,
    hit_kind AS kind,
    hit_term AS term,
    count() AS events
FROM chat.moderation_events
GROUP BY room, second, rule_id, term, source, action, kind;

CREATE TABLE IF NOT EXISTS chat.moderation_1m
(
    room      String,
    minute    DateTime('UTC'),
    source    LowCardinality(String),
    action    LowCardinality(String),
    rule_id   String,
    kind      LowCardinality(String),
    term      String,
    events    UInt64
)
ENGINE = SummingMergeTree(events)
PARTITION BY toYYYYMM(minute)
ORDER BY (room, minute, rule_id, term, source, action, kind)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS chat.moderation_1m_mv
TO chat.moderation_1m
AS SELECT
    room,
    toStartOfMinute(toDateTime(ts, 'UTC')) AS minute,
    source,
    action,
    hit_rule_id AS rule_id,
    hit_kind AS kind,
    hit_term AS term,
    count() AS events
FROM chat.moderation_events
GROUP BY room, minute, rule_id, term, source, action, kind;
