import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { TOPIC_PARTITIONS } from '@tribune/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { startKafka, type KafkaHandle } from './kafka-launcher';

// Its own broker on its own ports (never the dev broker on 9092 or the test stack's 19092).
const PORT = 19200 + 2 * Math.floor(Math.random() * 40);

describe('Kafka launcher', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tribune-kafka-'));
  const cacheDir = join(process.cwd(), '.data', 'cache');
  let handle: KafkaHandle | undefined;

  afterAll(async () => {
    await handle?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('formats, starts a broker, creates the topics with their partitions, and survives a restart', async () => {
    handle = await startKafka({ port: PORT, dataDir: dir, cacheDir, topicPrefix: 'launch.', stdio: 'ignore' });
    expect(existsSync(join(dir, 'kafka', 'meta.properties'))).toBe(true);
    expect(handle.createdTopics.sort()).toEqual(['launch.chat.dlq', 'launch.chat.messages', 'launch.chat.moderation']);

    const kafka = new Kafka({ clientId: 'launcher-test', brokers: handle.brokers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const meta = await admin.fetchTopicMetadata({ topics: ['launch.chat.messages', 'launch.chat.moderation'] });
    expect(meta.topics.find((t) => t.name === 'launch.chat.messages')?.partitions).toHaveLength(TOPIC_PARTITIONS.messages);
    expect(meta.topics.find((t) => t.name === 'launch.chat.moderation')?.partitions).toHaveLength(TOPIC_PARTITIONS.moderation);
    await admin.disconnect();

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic: 'launch.chat.dlq', acks: -1, messages: [{ key: 'r', value: 'kept' }] });
    await producer.disconnect();

    await handle.stop();
    handle = await startKafka({ port: PORT, dataDir: dir, cacheDir, topicPrefix: 'launch.', stdio: 'ignore' });
    expect(handle.createdTopics).toEqual([]);
    const admin2 = kafka.admin();
    await admin2.connect();
    // Right after a restart the broker may still be electing the partition's leader: "not the leader for that
    // topic-partition" is retriable, so ask again (bounded) rather than fail on the first answer.
    let offsets: Awaited<ReturnType<typeof admin2.fetchTopicOffsets>> = [];
    for (let attempt = 1; ; attempt++) {
      try {
        offsets = await admin2.fetchTopicOffsets('launch.chat.dlq');
        break;
      } catch (err) {
        if (attempt >= 30) throw err;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    expect(offsets[0]?.high).toBe('1');
    await admin2.disconnect();
  }, 240_000);
});
