import type { ClickHouseClient } from '@clickhouse/client';
import { AppError } from '../app-error';
import { clickhouseAppError } from './clickhouse-error';

/** Root nodes of ClickHouse's AST (`EXPLAIN AST`) that only read: a SELECT, with UNION / INTERSECT / EXCEPT. */
const SELECT_ROOTS = new Set(['SelectWithUnionQuery', 'SelectIntersectExceptQuery', 'SelectQuery']);

/**
 * Clauses the workspace owns: its limits (SETTINGS, at any depth: a subquery's too), its output format, and no files.
 * ClickHouse's formatter starts every clause on a line of its own, indented by depth; a literal's newline is escaped.
 */
const OWNED_CLAUSES: { clause: RegExp; why: string }[] = [
  { clause: /^\s*SETTINGS\s/m, why: 'a SETTINGS clause: the workspace sets the limits (max_execution_time, max_result_rows, readonly) itself' },
  { clause: /^FORMAT\b/m, why: 'a FORMAT clause: results come back as a table (and CSV through Export)' },
  { clause: /^INTO OUTFILE\b/m, why: 'INTO OUTFILE: nothing is written to files' },
];

export interface CheckedQuery {
  /** The query as ClickHouse formats it (one statement, no trailing `;`). */
  formatted: string;
}

/**
 * Refuses anything but one SELECT, using ClickHouse's own parser, before the query runs:
 * 1. `formatQuery({sql:String})` parses the text as a bound string (never executed): a syntax error, or more than one
 *    statement (ClickHouse: "Multi-statements are not allowed"), ends here with ClickHouse's code and message.
 * 2. `EXPLAIN AST <query>` (parsed, not run; `readonly` set) names the statement's kind: only a SELECT passes —
 *    INSERT, ALTER, DROP, SYSTEM, SET, SHOW… are refused, whoever asks, admins included.
 * 3. SETTINGS / FORMAT / INTO OUTFILE clauses, read off the formatted text.
 * The run itself carries `readonly` too (run-query.ts), so ClickHouse refuses a write even if a check here were wrong.
 */
export async function checkSelectOnly(ch: ClickHouseClient, sql: string, params: Record<string, string>): Promise<CheckedQuery> {
  if (sql.trim() === '') throw new AppError('QUERY_REJECTED', 'the query is empty', [{ field: 'sql', message: 'write a SELECT' }]);
  let formatted: string;
  try {
    const result = await ch.query({ query: 'SELECT formatQuery({sql:String}) AS q', query_params: { sql }, format: 'JSONEachRow', clickhouse_settings: { readonly: '2' } });
    const [row] = await result.json<{ q: string }>();
    formatted = row?.q ?? '';
  } catch (err) {
    throw clickhouseAppError(err, { rejected: /Multi-statements are not allowed/.test(String((err as Error)?.message)) });
  }
  let root: string;
  try {
    const result = await ch.query({ query: `EXPLAIN AST ${formatted}`, query_params: params, format: 'TabSeparatedRaw', clickhouse_settings: { readonly: '2' } });
    root = ((await result.text()).split('\n')[0] ?? '').replace(/\s*\(children \d+\)\s*$/, '').trim();
  } catch (err) {
    // A SETTINGS clause applies to the EXPLAIN too (a max_result_rows of 5 cuts its output): say what is wrong.
    throwOwnedClause(formatted);
    throw clickhouseAppError(err);
  }
  const kind = root.split(/\s/)[0] ?? '';
  if (!SELECT_ROOTS.has(kind)) {
    throw new AppError('QUERY_REJECTED', `only a SELECT runs here; ClickHouse's parser reads this as ${kind || 'no statement'}`, [{ field: 'sql', message: `statement kind ${kind || 'unknown'} is not a SELECT` }]);
  }
  throwOwnedClause(formatted);
  return { formatted };
}

function throwOwnedClause(formatted: string): void {
  for (const { clause, why } of OWNED_CLAUSES) {
    if (clause.test(formatted)) throw new AppError('QUERY_REJECTED', `the query has ${why}`, [{ field: 'sql', message: why }]);
  }
}
