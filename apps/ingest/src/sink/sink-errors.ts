import { ClickHouseError } from '@clickhouse/client';

/**
 * ClickHouse error codes that mean "this data cannot be parsed or stored", so retrying the same rows
 * can never succeed. Everything else (network, timeouts, too many parts, memory, a missing table
 * while migrations run, auth) is an infrastructure problem: retry, never skip.
 */
const DATA_ERROR_CODES = new Set([
  '6', // CANNOT_PARSE_TEXT
  '26', // CANNOT_PARSE_QUOTED_STRING
  '27', // CANNOT_PARSE_INPUT_ASSERTION_FAILED
  '38', // CANNOT_PARSE_DATE
  '41', // CANNOT_PARSE_DATETIME
  '53', // TYPE_MISMATCH
  '69', // ARGUMENT_OUT_OF_BOUND
  '70', // CANNOT_CONVERT_TYPE
  '72', // CANNOT_PARSE_NUMBER
  '117', // INCORRECT_DATA
  '131', // TOO_LARGE_STRING_SIZE
  '321', // VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
]);

export type SinkErrorCode = 'CLICKHOUSE_DATA_REJECTED' | 'CLICKHOUSE_UNAVAILABLE';

/** A failed write to ClickHouse that knows whether trying again can help. */
export class SinkError extends Error {
  readonly retriable: boolean;
  constructor(
    readonly code: SinkErrorCode,
    message: string,
    readonly clickhouseCode: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SinkError';
    this.retriable = code === 'CLICKHOUSE_UNAVAILABLE';
  }
}

export function toSinkError(err: unknown): SinkError {
  if (err instanceof SinkError) return err;
  if (err instanceof ClickHouseError) {
    const code = DATA_ERROR_CODES.has(err.code) ? 'CLICKHOUSE_DATA_REJECTED' : 'CLICKHOUSE_UNAVAILABLE';
    return new SinkError(code, err.message, err.code, { cause: err });
  }
  return new SinkError('CLICKHOUSE_UNAVAILABLE', err instanceof Error ? err.message : String(err), undefined, { cause: err });
}
