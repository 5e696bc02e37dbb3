import { Kafka, logLevel } from 'kafkajs';

export interface TopicIds {
  /** Event id → how many times it is in the topic. */
  counts: Map<string, number>;
  messages: number;
}

/**
 * Reads a whole topic with a throw-away consumer group, up to the high watermarks of the moment it
 * starts, and counts the event ids: Kafka's own record of what the nodes produced.
 */
export async function readTopicIds(brokers: string[], topic: string, timeoutMs = 120_000): Promise<TopicIds> {
  const kafka = new Kafka({ clientId: 'tribune-chaos-oracle', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const remaining = new Map(offsets.filter((o) => BigInt(o.high) > BigInt(o.low)).map((o) => [o.partition, BigInt(o.high)]));
  const counts = new Map<string, number>();
  let messages = 0;
  if (remaining.size === 0) return { counts, messages };

  const consumer = kafka.consumer({ groupId: `chaos-oracle-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`, maxBytesPerPartition: 4 * 1024 * 1024 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`kafka oracle: ${topic} not read within ${timeoutMs} ms (${remaining.size} partitions left)`)), timeoutMs);
      // Chat nodes write in transactions: a partition ends with commit markers, which are never delivered as
      // messages. A partition is read once the consumer's position (the last offset of a batch, markers
      // included — kafkajs reports marker-only batches through END_BATCH_PROCESS) reaches its high watermark.
      const done = (partition: number, lastOffset: string) => {
        const high = remaining.get(partition);
        if (high !== undefined && BigInt(lastOffset) + 1n >= high) remaining.delete(partition);
        if (remaining.size === 0) {
          clearTimeout(timer);
          resolve();
        }
      };
      consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => done(payload.partition, payload.lastOffset));
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const high = remaining.get(batch.partition);
            for (const m of batch.messages) {
              if (high === undefined || BigInt(m.offset) >= high) continue;
              messages++;
              const id = (JSON.parse(m.value?.toString('utf8') ?? '{}') as { id?: string }).id ?? `(no id at ${batch.partition}:${m.offset})`;
              counts.set(id, (counts.get(id) ?? 0) + 1);
            }
            done(batch.partition, batch.lastOffset());
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return { counts, messages };
}
