import { ClickHouseError } from '@clickhouse/client';
import { AppError } from '../app-error';

/**
 * ClickHouse's answer to a query the analyst wrote, as an AppError: its own message, code and type
 * (`issues[0].clickhouseCode` / `clickhouseType`) under CLICKHOUSE_ERROR — or QUERY_REJECTED when `rejected` (the
 * workspace refused the query's kind) — and DEPENDENCY_UNAVAILABLE when ClickHouse did not answer at all. Never a 500.
 */
export function clickhouseAppError(err: unknown, { rejected = false }: { rejected?: boolean } = {}): AppError {
  if (AppError.is(err)) return err;
  if (err instanceof ClickHouseError) {
    const code = Number(err.code);
    // The server's text starts with its code and ends with its version; the code and type travel as fields.
    const text = err.message.replace(/^Code: \d+\. DB::Exception: /, '').replace(/\s*\(version [^)]*\)\s*$/, '').trim();
    const type = err.type ?? 'UNKNOWN';
    return new AppError(rejected ? 'QUERY_REJECTED' : 'CLICKHOUSE_ERROR', `ClickHouse error ${code} (${type}): ${text}`, [{ field: 'sql', message: text, clickhouseCode: code, clickhouseType: type }], { cause: err });
  }
  return new AppError('DEPENDENCY_UNAVAILABLE', `ClickHouse did not answer: ${err instanceof Error ? err.message : String(err)}`, [], { cause: err });
}
