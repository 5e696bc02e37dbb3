import type { ClickHouseClient } from '@clickhouse/client';
import { AppError } from '../app-error';
import { clickhouseAppError } from './clickhouse-error';
import { checkSelectOnly } from './sql-guard';

/** The limits every Explore query runs with (console config: EXPLORE_*). */
export interface ExploreLimits {
  /** Rows shown in the table; a larger result is cut (`truncated`). */
  maxRows: number;
  /** Rows a CSV export may have; a larger result is refused (an export silently cut would mislead). */
  csvMaxRows: number;
  /** ClickHouse's max_execution_time, seconds. */
  maxSeconds: number;
}

export interface ExploreQuery {
  sql: string;
  /** Values of the query's `{name:Type}` parameters, as text ClickHouse parses for the declared type. */
  params: Record<string, string>;
}

export interface ExploreColumn {
  name: string;
  type: string;
}

export interface ExploreResult {
  columns: ExploreColumn[];
  /** Row-major; 64-bit integers and decimals arrive as strings (ClickHouse's JSON quotes them). */
  rows: unknown[][];
  truncated: boolean;
  rowsRead: number;
  elapsedMs: number;
}

/**
 * The settings sent with every Explore query. `readonly=2`: ClickHouse refuses any write or DDL (2, not 1, so the
 * request can carry the limits below; on a real server `tribune_console_reader`'s profile bounds them with
 * constraints and its role grants SELECT only, clickhouse/migrations/0004). `max_result_rows` + `break`: ClickHouse stops reading once the result
 * passes the limit (at a block boundary, so it may return more; the console cuts to the limit and says so).
 */
function settings(maxRows: number, maxSeconds: number, overflow: 'break' | 'throw') {
  return {
    readonly: '2',
    max_execution_time: maxSeconds,
    max_result_rows: String(maxRows),
    result_overflow_mode: overflow,
    // 64-bit integers as strings (a JS number loses digits past 2^53), as a real server does by default; chdb does not.
    output_format_json_quote_64bit_integers: 1,
    // Over time is an error (TIMEOUT_EXCEEDED), never a silently partial answer.
    timeout_overflow_mode: 'throw',
  } as const;
}

/** Runs one checked SELECT with its bound parameters and the limits; any ClickHouse refusal is a typed AppError. */
export async function runExplore(ch: ClickHouseClient, q: ExploreQuery, limits: ExploreLimits): Promise<ExploreResult> {
  const { formatted } = await checkSelectOnly(ch, q.sql, q.params);
  const started = performance.now();
  try {
    const result = await ch.query({
      query: formatted,
      query_params: q.params,
      format: 'JSONCompact',
      clickhouse_settings: { ...settings(limits.maxRows + 1, limits.maxSeconds, 'break') },
    });
    const body = (await result.json()) as unknown as { meta: ExploreColumn[]; data: unknown[][]; statistics?: { rows_read?: number } };
    const truncated = body.data.length > limits.maxRows;
    return {
      columns: body.meta.map((c) => ({ name: c.name, type: c.type })),
      rows: truncated ? body.data.slice(0, limits.maxRows) : body.data,
      truncated,
      rowsRead: Number(body.statistics?.rows_read ?? 0),
      elapsedMs: Math.round(performance.now() - started),
    };
  } catch (err) {
    throw clickhouseAppError(err);
  }
}

/**
 * The same query as CSV with a header row, written by ClickHouse's own CSV serializer (RFC 4180 quoting: fields
 * with a comma, quote or newline are quoted, quotes doubled). A result over `csvMaxRows` is refused, not cut.
 */
export async function exportCsv(ch: ClickHouseClient, q: ExploreQuery, limits: ExploreLimits): Promise<string> {
  const { formatted } = await checkSelectOnly(ch, q.sql, q.params);
  try {
    const result = await ch.query({
      query: formatted,
      query_params: q.params,
      format: 'CSVWithNames',
      clickhouse_settings: { ...settings(limits.csvMaxRows, limits.maxSeconds, 'throw') },
    });
    return await result.text();
  } catch (err) {
    const appErr = clickhouseAppError(err);
    if (appErr.issues[0]?.clickhouseCode === 396) {
      throw new AppError('QUERY_REJECTED', `the result has more than ${limits.csvMaxRows} rows, the most an export holds: narrow the query (WHERE, LIMIT)`, appErr.issues, { cause: err });
    }
    throw appErr;
  }
}
