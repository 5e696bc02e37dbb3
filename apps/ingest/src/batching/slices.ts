/** A Kafka message as the batch logic needs it (kafkajs' KafkaMessage satisfies this). */
export interface OffsetMessage {
  offset: string;
}

/** The ClickHouse partition a message's row lands in; `null` when the message yields no row (dead letter, tombstone). */
export type PartKey = string | number | null;

export interface Slice<M extends OffsetMessage> {
  firstOffset: string;
  lastOffset: string;
  /** The one ClickHouse partition every row of the slice lands in (`null`: the slice has no rows). */
  part: PartKey;
  messages: M[];
}

export interface SliceOptions<M extends OffsetMessage> {
  maxRows: number;
  /** Messages at or below this offset are in ClickHouse already and are left out. */
  loadedThrough?: bigint | null;
  /** Where a message's row lands; without it every message is taken to land in the same partition. */
  partOf?: (message: M) => PartKey;
}

/**
 * Cuts a partition's messages into consecutive slices of at most `maxRows` messages, skipping those
 * at or below `loadedThrough` (already in ClickHouse), and cutting wherever the next row would land
 * in another ClickHouse partition than the slice's rows. An insert spanning two partitions becomes
 * two parts, which a non-replicated MergeTree does not commit together: if only one landed, the
 * lineage lookup (highest loaded offset) would vouch for offsets of the part that did not. One
 * partition per slice makes every insert one part, all or nothing.
 *
 * Slices depend only on the messages (offsets and contents), never on the clock, so a redelivery of
 * the same offsets yields the same slices and the same tokens. Messages without a row (`partOf` is
 * null) never cause a cut: they stay in the slice they follow.
 */
export function sliceMessages<M extends OffsetMessage>(messages: M[], { maxRows, loadedThrough = null, partOf = () => null }: SliceOptions<M>): Slice<M>[] {
  if (!(maxRows >= 1)) throw new RangeError('maxRows must be ≥ 1');
  const slices: Slice<M>[] = [];
  let current: Slice<M> | undefined;
  for (const message of messages) {
    if (loadedThrough !== null && BigInt(message.offset) <= loadedThrough) continue;
    const part = partOf(message);
    const crossesPart = part !== null && current !== undefined && current.part !== null && current.part !== part;
    if (!current || current.messages.length >= maxRows || crossesPart) {
      current = { firstOffset: message.offset, lastOffset: message.offset, part, messages: [] };
      slices.push(current);
    }
    current.messages.push(message);
    current.lastOffset = message.offset;
    if (current.part === null) current.part = part;
  }
  return slices;
}

/** The `insert_deduplication_token` of a slice: ClickHouse drops a repeated insert carrying it. */
export function deduplicationToken(topic: string, partition: number, firstOffset: string, lastOffset: string): string {
  return `${topic}-${partition}-${firstOffset}-${lastOffset}`;
}
