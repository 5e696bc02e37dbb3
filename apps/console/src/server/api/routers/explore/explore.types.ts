import { z } from 'zod';

/** A query parameter's name as ClickHouse's `{name:Type}` placeholders spell it. */
const paramName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a parameter name is letters, digits and _');

export const exploreQueryInput = z.object({
  sql: z.string().max(100_000),
  /** Values of the `{name:Type}` parameters, as text (ClickHouse parses each for its declared type). */
  params: z.record(paramName, z.string().max(10_000)).default({}),
});

export const exploreRunOutput = z.object({
  columns: z.array(z.object({ name: z.string(), type: z.string() })),
  rows: z.array(z.array(z.unknown())),
  truncated: z.boolean(),
  /** The limit a truncated result was cut at (EXPLORE_MAX_ROWS). */
  maxRows: z.number().int(),
  rowsRead: z.number().int(),
  elapsedMs: z.number().int(),
});

export const exploreCsvOutput = z.object({ filename: z.string(), csv: z.string() });

export const cookbookOutput = z.array(
  z.object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    sql: z.string(),
    params: z.record(z.string(), z.string()),
    chart: z.object({ x: z.string(), y: z.string() }).nullable(),
  }),
);

export const savedQueryView = z.object({
  id: z.string(),
  name: z.string(),
  sql: z.string(),
  params: z.record(z.string(), z.string()),
  shared: z.boolean(),
  ownerLabel: z.string(),
  /** The caller's own query (it may change or remove it). */
  mine: z.boolean(),
  updatedAt: z.date(),
});

export const saveQueryInput = z.object({
  /** An existing query of the caller's to change; absent = a new one (or the caller's query of the same name). */
  id: z.string().min(1).optional(),
  name: z.string().trim().min(1).max(200),
  sql: z.string().min(1).max(100_000),
  params: z.record(paramName, z.string().max(10_000)).default({}),
  shared: z.boolean().default(false),
});
