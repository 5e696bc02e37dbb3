-- Tribune analytics schema: one row per chat message event and per moderation decision, kept forever.
-- Applied by the devstack runner, which splits this file into statements on a `;` that ends a line.
--
-- Idempotent loads: ingest sends every insert with insert_deduplication_token
-- (topic-partition-firstOffset-lastOffset); non-replicated MergeTree tables only remember tokens when
-- non_replicated_deduplication_window > 0 (default 0 = off), so every table here sets it, the
-- materialized-view target included (inserts also set deduplicate_blocks_in_dependent_materialized_views=1).

CREATE DATABASE IF NOT EXISTS chat;

CREATE TABLE IF NOT EXISTS chat.messages
(
    id               String,
    ts               DateTime64(3, 'UTC'),
    room             String,
    user_id          String,
    user_name        String,
    user_roles       Array(LowCardinality(String)),
    text             String,
    -- The text viewers received when it differs from `text` (masked); NULL otherwise.
    delivered_text   Nullable(String),
    status           LowCardinality(String),
    -- Rule hits twice: the full JSON (span, normalised form) for explanations, and flat arrays for analytics.
    hits             String,
    hit_rule_ids     Array(String),
    hit_terms        Array(String),
    hit_actions      Array(LowCardinality(String)),
    cid              String,
    node             LowCardinality(String),
    rules_version    UInt64,
    -- Lineage: where the row came from in Kafka (and what makes a reload traceable).
    kafka_topic      LowCardinality(String),
    kafka_partition  UInt32,
    kafka_offset     UInt64,
    ingested_at      DateTime64(3, 'UTC') DEFAULT now64(3),
    -- Lets ingest find the highest offset already loaded for a partition without a full scan.
    INDEX kafka_offset_minmax kafka_offset TYPE minmax GRANULARITY 1
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (room, ts, id)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS chat.moderation_events
(
    id               String,
    ts               DateTime64(3, 'UTC'),
    room             String,
    message_id       Nullable(String),
    user_id          String,
    source           LowCardinality(String),
    action           LowCardinality(String),
    -- The rule hit behind an engine decision, as JSON ('' when none) and flattened.
    hit              String,
    hit_rule_id      String,
    hit_kind         LowCardinality(String),
    hit_term         String,
    node             LowCardinality(String),
    rules_version    UInt64,
    reason           String,
    kafka_topic      LowCardinality(String),
    kafka_partition  UInt32,
    kafka_offset     UInt64,
    ingested_at      DateTime64(3, 'UTC') DEFAULT now64(3),
    INDEX kafka_offset_minmax kafka_offset TYPE minmax GRANULARITY 1
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (room, ts, id)
SETTINGS non_replicated_deduplication_window = 10000;

-- Messages per room, minute and status for the console's charts (never a scan of raw rows).
-- SummingMergeTree folds rows with the same key on merge; readers still sum(messages) … GROUP BY.
CREATE TABLE IF NOT EXISTS chat.messages_per_minute
(
    room      String,
    minute    DateTime('UTC'),
    status    LowCardinality(String),
    messages  UInt64
)
ENGINE = SummingMergeTree(messages)
PARTITION BY toYYYYMM(minute)
ORDER BY (room, minute, status)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS chat.messages_per_minute_mv
TO chat.messages_per_minute
AS SELECT
    room,
    toDateTime(toStartOfMinute(ts), 'UTC') AS minute,
    status,
    count() AS messages
FROM chat.messages
GROUP BY room, minute, status;
