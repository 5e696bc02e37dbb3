/**
 * Turns an HTTP request into the parts of a ClickHouse query, following the server's HTTP
 * interface: the query is the `query` URL parameter followed by the body (for inserts the URL holds
 * `INSERT … FORMAT X` and the body the rows); `param_<name>` are bound parameters; `database`,
 * `default_format` and `query_id` are request options; every other URL parameter is a setting.
 */

/** URL parameters that belong to the HTTP layer (or to auth) and are not query settings. */
const HTTP_OPTIONS = new Set([
  'query',
  'database',
  'default_format',
  'query_id',
  'user',
  'password',
  'quota_key',
  'session_id',
  'session_timeout',
  'session_check',
  'compress',
  'decompress',
  'buffer_size',
  'wait_end_of_query',
  'stacktrace',
  'role',
  'client_protocol_version',
  'close_session',
  'enable_http_compression',
  'http_zlib_compression_level',
  'http_native_compression_disable_checksumming_on_decompress',
  'send_progress_in_http_headers',
  'http_headers_progress_interval_ms',
  'http_response_buffer_size',
  'add_http_cors_header',
  'cancel_http_readonly_queries_on_client_close',
]);

export interface ParsedRequest {
  sql: string;
  params: Record<string, string>;
  settings: Record<string, string>;
  database?: string;
  defaultFormat?: string;
  queryId?: string;
}

export class RequestError extends Error {
  /** ClickHouse error code the real server answers with for the same mistake. */
  constructor(
    readonly clickhouseCode: number,
    readonly clickhouseType: string,
    message: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

const SETTING_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parseRequest(method: string, search: URLSearchParams, body: string): ParsedRequest {
  const urlQuery = search.get('query') ?? '';
  // POST bodies continue the URL query (insert rows) or are the whole query; GET has no body.
  const sql = method === 'POST' && body.length > 0 ? (urlQuery ? `${urlQuery}\n${body}` : body) : urlQuery;
  if (sql.trim().length === 0) throw new RequestError(62, 'SYNTAX_ERROR', 'Empty query');

  const params: Record<string, string> = {};
  const settings: Record<string, string> = {};
  for (const [key, value] of search) {
    if (key.startsWith('param_')) params[key.slice('param_'.length)] = value;
    else if (!HTTP_OPTIONS.has(key)) {
      if (!SETTING_NAME.test(key)) throw new RequestError(115, 'UNKNOWN_SETTING', `Unknown setting '${key}'`);
      settings[key] = value;
    }
  }
  const database = search.get('database') || undefined;
  if (database && !/^[A-Za-z0-9_]+$/.test(database)) throw new RequestError(81, 'UNKNOWN_DATABASE', `Database ${database} does not exist`);
  const defaultFormat = search.get('default_format') || undefined;
  if (defaultFormat && !/^[A-Za-z0-9_]+$/.test(defaultFormat)) throw new RequestError(73, 'UNKNOWN_FORMAT', `Unknown format ${defaultFormat}`);
  return { sql, params, settings, database, defaultFormat, queryId: search.get('query_id') || undefined };
}

/**
 * The output format a query will produce: its own `FORMAT X` clause (outside string literals and
 * before any inline insert data) or the request's default, TabSeparated like the real server.
 */
export function outputFormat(sql: string, defaultFormat: string | undefined): string {
  // An insert's FORMAT names its input; its (empty) output uses the default.
  if (/^\s*INSERT\b/i.test(sql)) return defaultFormat ?? 'TabSeparated';
  const withoutStrings = sql.replace(/'(?:[^'\\]|\\.)*'/g, "''");
  const m = /\bFORMAT\s+([A-Za-z0-9_]+)\s*;?\s*$/i.exec(withoutStrings);
  return m?.[1] ?? defaultFormat ?? 'TabSeparated';
}

/** Renders settings as one `SET` statement, each value as a quoted string literal (the engine converts). */
export function renderSet(settings: Record<string, string>): string {
  return `SET ${Object.entries(settings)
    .map(([k, v]) => `${k} = '${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`)
    .join(', ')}`;
}

export function renderReset(names: string[]): string {
  return `SET ${names.map((k) => `${k} = DEFAULT`).join(', ')}`;
}

/** Formats chdb's raw insert takes as bytes (its whitelist); others go through the SQL text path. */
const RAW_INSERT_FORMATS = new Set(['JSONEachRow', 'JSONCompactEachRow', 'CSV', 'CSVWithNames', 'TSV', 'TabSeparated', 'TSVWithNames', 'TabSeparatedWithNames']);
const IDENT = '[A-Za-z_][A-Za-z0-9_]*';
const INSERT_HEAD = new RegExp(`^\\s*INSERT\\s+INTO\\s+(${IDENT}(?:\\.${IDENT})?)\\s*(?:\\(([^)]*)\\))?\\s*FORMAT\\s+(${IDENT})\\s*$`, 'i');

export interface InsertHead {
  table: string;
  columns?: string[];
  format: 'JSONEachRow' | 'JSONCompactEachRow' | 'CSV' | 'CSVWithNames' | 'TSV' | 'TabSeparated' | 'TSVWithNames' | 'TabSeparatedWithNames';
}

/**
 * The target of an insert whose URL `query` is the whole statement (`INSERT INTO db.t [(a, b)] FORMAT X`, as
 * @clickhouse/client and clickhouse-client send it) and whose body is only data, or null for anything else.
 */
export function insertHead(urlQuery: string | null): InsertHead | null {
  if (!urlQuery) return null;
  const m = INSERT_HEAD.exec(urlQuery);
  if (!m?.[1] || !m[3] || !RAW_INSERT_FORMATS.has(m[3])) return null;
  const columns = m[2]?.split(',').map((c) => c.trim().replace(/^`(.*)`$/, '$1'));
  if (columns && columns.some((c) => !new RegExp(`^${IDENT}$`).test(c))) return null;
  return { table: m[1], format: m[3] as InsertHead['format'], ...(columns ? { columns } : {}) };
}
