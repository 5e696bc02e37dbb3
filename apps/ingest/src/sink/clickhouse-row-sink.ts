import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import type { Row } from '../rows/routes';
import type { LoadedMark, RowSink } from './row-sink';
import { toSinkError } from './sink-errors';

export interface ClickHouseSinkOptions {
  url: string;
  username: string;
  password: string;
  requestTimeoutMs?: number;
  /** False only for the chaos suite's negative control (`INGEST_DEDUP=0`): no token, no block deduplication. */
  deduplicate?: boolean;
}

export class ClickHouseRowSink implements RowSink {
  private readonly client: ClickHouseClient;
  private readonly deduplicate: boolean;

  constructor({ url, username, password, requestTimeoutMs = 30_000, deduplicate = true }: ClickHouseSinkOptions) {
    this.deduplicate = deduplicate;
    this.client = createClient({
      url,
      username,
      password,
      request_timeout: requestTimeoutMs,
      application: 'tribune-ingest',
      // The client would print every failed request to the console; each failure already reaches our
      // structured logs (write_failed_retrying, partition_paused) and /readyz.
      log: { level: ClickHouseLogLevel.OFF },
    });
  }

  async insert(table: string, rows: Row[], token: string): Promise<void> {
    // Positional rows (JSONCompactEachRow) under one column list: half the bytes of JSONEachRow to write, send and
    // parse, and no per-row key lookups in ClickHouse. Every row of a route has the same keys.
    const columns = Object.keys(rows[0] ?? {});
    if (columns.length === 0) return;
    try {
      await this.client.insert({
        table,
        columns: columns as [string, ...string[]],
        values: rows.map((row) => columns.map((c) => row[c])),
        format: 'JSONCompactEachRow',
        clickhouse_settings: this.deduplicate
          ? {
              // Synchronous inserts: the acknowledgement means the block is in the table, and tokens
              // apply to exactly the block we sent.
              async_insert: 0,
              // On a cluster (CLICKHOUSE_CLUSTER, clickhouse/README.md) the table is Distributed, sharded by Kafka
              // partition: forwarded to its one shard before the ack, with this token, never queued on the way.
              insert_distributed_sync: 1,
              insert_deduplicate: 1,
              insert_deduplication_token: token,
              // Without this a deduplicated retry would still be counted again by the per-minute view.
              deduplicate_blocks_in_dependent_materialized_views: 1,
            }
          : { async_insert: 0, insert_deduplicate: 0 },
      });
    } catch (err) {
      throw toSinkError(err);
    }
  }

  async loadedThrough(table: string, topic: string, partition: number, fromOffset: string): Promise<LoadedMark | null> {
    try {
      // `table` comes from the fixed route registry, never from input; the rest is bound.
      const result = await this.client.query({
        query: `SELECT toString(max(kafka_offset)) AS last, argMax(id, kafka_offset) AS id, count() AS n FROM ${table}
                WHERE kafka_topic = {topic:String} AND kafka_partition = {partition:UInt32} AND kafka_offset >= {from:UInt64}`,
        query_params: { topic, partition, from: fromOffset },
        format: 'JSONEachRow',
      });
      const [row] = await result.json<{ last: string; id: string; n: string | number }>();
      if (!row || Number(row.n) === 0) return null;
      return { offset: BigInt(row.last), id: row.id };
    } catch (err) {
      throw toSinkError(err);
    }
  }

  async ping(): Promise<void> {
    const result = await this.client.ping();
    if (!result.success) throw toSinkError(result.error);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
