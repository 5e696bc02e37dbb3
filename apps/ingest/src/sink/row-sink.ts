import type { Row } from '../rows/routes';

export interface LoadedMark {
  offset: bigint;
  id: string;
}

/** Where rows are loaded (port). The real adapter is ClickHouse over HTTP. */
export interface RowSink {
  /** Inserts the rows as one block; a repeat with the same token is a no-op. Throws SinkError. */
  insert(table: string, rows: Row[], token: string): Promise<void>;
  /**
   * The highest Kafka offset of `topic`/`partition` already loaded into `table` at or above
   * `fromOffset`, with the event id stored there, or null when none is: what a crashed predecessor
   * loaded but did not commit.
   */
  loadedThrough(table: string, topic: string, partition: number, fromOffset: string): Promise<LoadedMark | null>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
