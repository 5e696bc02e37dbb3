import type { Admin } from 'kafkajs';
import { TOPIC_PARTITIONS, topicName, type TopicKey } from '@tribune/contracts';

/** Creates the project's topics (with the prefix) that do not exist yet; returns the names created. */
export async function ensureTopics(admin: Admin, prefix: string): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = (Object.keys(TOPIC_PARTITIONS) as TopicKey[])
    .map((key) => ({ topic: topicName(prefix, key), numPartitions: TOPIC_PARTITIONS[key] }))
    .filter((t) => !existing.has(t.topic));
  if (missing.length === 0) return [];
  await admin.createTopics({ topics: missing.map((t) => ({ ...t, replicationFactor: 1 })), waitForLeaders: true });
  return missing.map((t) => t.topic);
}
