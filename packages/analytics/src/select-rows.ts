import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';

/**
 * Runs one read with bound parameters and checks every row against its schema. UInt64 arrives as a string in
 * JSONEachRow (64-bit integers are quoted), so row schemas coerce numbers.
 */
export async function selectRows<S extends z.ZodType>(ch: ClickHouseClient, query: string, params: Record<string, unknown>, row: S): Promise<z.infer<S>[]> {
  const result = await ch.query({ query, query_params: params, format: 'JSONEachRow' });
  return z.array(row).parse(await result.json());
}

/** A count as ClickHouse writes it (a quoted UInt64, or a number). */
export const count = z.coerce.number().int().nonnegative();
