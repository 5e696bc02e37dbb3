/** Where a row came from in Kafka: stored on every row so a load can be traced and resumed. */
export interface KafkaLineage {
  topic: string;
  partition: number;
  offset: string;
}

export type LineageColumns = {
  kafka_topic: string;
  kafka_partition: number;
  kafka_offset: string;
};

export function lineageColumns({ topic, partition, offset }: KafkaLineage): LineageColumns {
  // The offset stays a string: Kafka offsets are int64 and JSONEachRow reads "123" into UInt64.
  return { kafka_topic: topic, kafka_partition: partition, kafka_offset: offset };
}
