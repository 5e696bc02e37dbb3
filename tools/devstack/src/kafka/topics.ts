import type { Admin } from 'kafkajs';
import { TOPIC_PARTITIONS, TOPIC_RETENTION_MS, TOPIC_SEGMENT_MS, topicName, type TopicKey } from '@tribune/contracts';

/** Creates the project's topics (with the prefix) that do not exist yet; returns the names created. */
export async function ensureTopics(admin: Admin, prefix: string): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = (Object.keys(TOPIC_PARTITIONS) as TopicKey[])
    .map((key) => ({
      topic: topicName(prefix, key),
      numPartitions: TOPIC_PARTITIONS[key],
      // Retention bounds how long Kafka keeps what ClickHouse archives, an erased user's events included.
      configEntries: [
        { name: 'retention.ms', value: String(TOPIC_RETENTION_MS[key]) },
        { name: 'segment.ms', value: String(TOPIC_SEGMENT_MS) },
      ],
    }))
    .filter((t) => !existing.has(t.topic));
  if (missing.length === 0) return [];
  await admin.createTopics({ topics: missing.map((t) => ({ ...t, replicationFactor: 1 })), waitForLeaders: true });
  return missing.map((t) => t.topic);
}
