/** A Kafka message as the batch logic needs it (kafkajs' KafkaMessage satisfies this). */
export interface OffsetMessage {
  offset: string;
}

export interface Slice<M extends OffsetMessage> {
  firstOffset: string;
  lastOffset: string;
  messages: M[];
}

/**
 * Cuts a partition's messages into consecutive slices of at most `maxRows` messages, skipping those
 * at or below `loadedThrough` (already in ClickHouse). Slices depend only on the offsets, never on the
 * clock, so a redelivery of the same offsets yields the same slices and the same tokens.
 */
export function sliceMessages<M extends OffsetMessage>(messages: M[], maxRows: number, loadedThrough: bigint | null = null): Slice<M>[] {
  if (maxRows < 1) throw new RangeError('maxRows must be ≥ 1');
  const pending = loadedThrough === null ? messages : messages.filter((m) => BigInt(m.offset) > loadedThrough);
  const slices: Slice<M>[] = [];
  for (let i = 0; i < pending.length; i += maxRows) {
    const chunk = pending.slice(i, i + maxRows);
    slices.push({ firstOffset: chunk[0]!.offset, lastOffset: chunk[chunk.length - 1]!.offset, messages: chunk });
  }
  return slices;
}

/** The `insert_deduplication_token` of a slice: ClickHouse drops a repeated insert carrying it. */
export function deduplicationToken(topic: string, partition: number, firstOffset: string, lastOffset: string): string {
  return `${topic}-${partition}-${firstOffset}-${lastOffset}`;
}
