-- Ingest asks, once per partition assignment, for the highest Kafka offset already loaded from a
-- topic-partition (to skip what a crashed predecessor loaded but did not commit). The tables are sorted
-- by (room, ts, id), so without this that lookup reads a month of granules; the projection keeps the
-- lineage columns sorted by topic, partition and offset, and the lookup becomes a range read.
ALTER TABLE chat.messages
    ADD PROJECTION IF NOT EXISTS lineage
    (SELECT kafka_topic, kafka_partition, kafka_offset, id ORDER BY (kafka_topic, kafka_partition, kafka_offset));

ALTER TABLE chat.messages MATERIALIZE PROJECTION lineage;

ALTER TABLE chat.moderation_events
    ADD PROJECTION IF NOT EXISTS lineage
    (SELECT kafka_topic, kafka_partition, kafka_offset, id ORDER BY (kafka_topic, kafka_partition, kafka_offset));

ALTER TABLE chat.moderation_events MATERIALIZE PROJECTION lineage;
