-- Messages by room, status and hour, with the chatters' `uniq` states (issue 10, the dashboard benchmark): totals
-- over long ranges — unique chatters and refused share of a day, every room's day in the overview — read whole hours
-- here and only the partial hours at the range's edges from chat.messages_1m, so a day merges ~24 rows per room and
-- status instead of ~1,440. Same exactly-once rules as 0003 (dedup window; ingest's token reaches dependent views).

CREATE TABLE IF NOT EXISTS chat.messages_1h
(
    room      String,
    hour      DateTime('UTC'),
    status    LowCardinality(String),
    messages  SimpleAggregateFunction(sum, UInt64),
    chatters  AggregateFunction(uniq, String),
    INDEX hour_minmax hour TYPE minmax GRANULARITY 1
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (room, hour, status)
SETTINGS non_replicated_deduplication_window = 10000;

-- The hours stored before this migration, from the minute rollup (kept forever, so it holds them all). Only into an
-- empty table, so a rerun after a later statement failed adds nothing twice; run it with ingest stopped (npm start
-- and the test stack migrate before ingest starts): an insert between this and the view below would miss the hours.
INSERT INTO chat.messages_1h
SELECT room, toStartOfHour(minute) AS hour, status, sum(messages) AS messages, uniqMergeState(chatters) AS chatters
FROM chat.messages_1m
WHERE (SELECT count() FROM chat.messages_1h) = 0
GROUP BY room, hour, status;

CREATE MATERIALIZED VIEW IF NOT EXISTS chat.messages_1h_mv
TO chat.messages_1h
AS SELECT
    room,
    toStartOfHour(toDateTime(ts, 'UTC')) AS hour,
    status,
    count() AS messages,
    uniqState(user_id) AS chatters
FROM chat.messages
GROUP BY room, hour, status;
