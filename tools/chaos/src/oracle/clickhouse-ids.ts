import { createClient } from '@clickhouse/client';

export interface ClickHouseIds {
  /** Event id → rows with that id in chat.messages. */
  counts: Map<string, number>;
  rows: number;
  unique: number;
}

/** Counts `chat.messages` rows per id over the rooms that start with `roomPrefix` (the suite chose the rooms). */
export async function clickhouseIds(url: string, roomPrefix: string): Promise<ClickHouseIds> {
  const client = createClient({ url, request_timeout: 60_000 });
  try {
    const totals = await client.query({
      query: 'SELECT count() AS rows, uniqExact(id) AS unique FROM chat.messages WHERE startsWith(room, {p:String})',
      query_params: { p: roomPrefix },
      format: 'JSONEachRow',
    });
    const [t] = await totals.json<{ rows: string | number; unique: string | number }>();
    const result = await client.query({
      query: 'SELECT id, count() AS n FROM chat.messages WHERE startsWith(room, {p:String}) GROUP BY id',
      query_params: { p: roomPrefix },
      format: 'JSONCompactEachRow',
    });
    const counts = new Map<string, number>();
    for (const [id, n] of await result.json<[string, string | number]>()) counts.set(id, Number(n));
    return { counts, rows: Number(t?.rows ?? 0), unique: Number(t?.unique ?? 0) };
  } finally {
    await client.close();
  }
}

/** The distinct ids loaded so far for the rooms (cheap, for waiting on ingest); undefined while ClickHouse does not answer. */
export async function clickhouseUnique(url: string, roomPrefix: string): Promise<number | undefined> {
  const client = createClient({ url, request_timeout: 10_000 });
  try {
    const result = await client.query({ query: 'SELECT uniqExact(id) AS u FROM chat.messages WHERE startsWith(room, {p:String})', query_params: { p: roomPrefix }, format: 'JSONEachRow' });
    const [row] = await result.json<{ u: string | number }>();
    return Number(row?.u ?? 0);
  } catch {
    return undefined;
  } finally {
    await client.close();
  }
}
