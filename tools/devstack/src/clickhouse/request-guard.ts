import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { RequestError } from './http-request';

/**
 * What a real ClickHouse server checks before it runs a query, for the embedded one: who is asking (the configured
 * user and password, from the same places the server reads them), that the request came to a loopback name (a page
 * on some other site that rebinds its DNS to 127.0.0.1 cannot reach it), that a GET only reads (the real server
 * runs GET queries `readonly`), and that no query reads or writes files, URLs or other servers through table
 * functions, table engines or `INTO OUTFILE` — the embedded engine runs with the privileges of the developer.
 */
export interface GuardOptions {
  /** Required credentials; with no password set, any request is user `default` as on a fresh server. */
  user: string;
  password: string;
  /**
   * Further users who may only read — the embedded stand-in for the reader users a real server gets from
   * clickhouse/migrations/0004 (chdb has no access storage): every request of theirs runs with `readonly = 2`, whatever
   * it asks, and an insert is refused (164 READONLY).
   */
  readonlyUsers?: { user: string; password: string }[];
}

/** Who a request authenticated as. */
export interface Account {
  user: string;
  readonly: boolean;
}

/** `CLICKHOUSE_READONLY_USERS`: `name:password[,name:password…]` (a password holds no comma). */
export function parseReadonlyUsers(text: string): { user: string; password: string }[] {
  return text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)
    .map((e) => {
      const colon = e.indexOf(':');
      if (colon <= 0 || colon === e.length - 1) throw new Error(`CLICKHOUSE_READONLY_USERS: "${e.slice(0, 40)}" is not name:password`);
      return { user: e.slice(0, colon), password: e.slice(colon + 1) };
    });
}

const LOOPBACK_NAME = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

/** Table functions and engines that reach outside the database: files, URLs, object stores, other servers, programs. */
const OUTSIDE_WORLD = [
  'file', 'fileCluster', 'url', 'urlCluster', 's3', 's3Cluster', 'gcs', 'azureBlobStorage', 'azureBlobStorageCluster', 'hdfs', 'hdfsCluster',
  'remote', 'remoteSecure', 'cluster', 'clusterAllReplicas', 'mysql', 'postgresql', 'sqlite', 'mongodb', 'redis', 'jdbc', 'odbc',
  'executable', 'executablePool', 'iceberg', 'icebergS3', 'deltaLake', 'hudi', 'dictionary', 'Kafka', 'RabbitMQ', 'NATS', 'Distributed',
];
const OUTSIDE_CALL = new RegExp(`\\b(${OUTSIDE_WORLD.join('|')})\\s*\\(`, 'i');
const OUTFILE = /\b(INTO\s+OUTFILE|FROM\s+INFILE)\b/i;
const READ_ONLY_START = /^(SELECT|WITH|SHOW|DESCRIBE|DESC|EXISTS|EXPLAIN|\()\b/i;

/** The SQL with string literals, quoted identifiers and comments blanked, so keywords are only found in code. */
export function codeOnly(sql: string): string {
  return sql
    .replace(/--[^\n]*|#[^\n]*|\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^'\\]|\\.)*'/g, "''")
    .replace(/`(?:[^`\\]|\\.)*`/g, '``')
    .replace(/"(?:[^"\\]|\\.)*"/g, '""');
}

export function checkHost(hostHeader: string | undefined): void {
  const host = (hostHeader ?? '').replace(/:\d+$/, '');
  if (!LOOPBACK_NAME.test(host)) throw new RequestError(497, 'ACCESS_DENIED', `Host ${JSON.stringify(host.slice(0, 100))} is not a loopback name: this server answers only to localhost / 127.0.0.1 / [::1]`);
}

function credentials(req: IncomingMessage, search: URLSearchParams): { user: string; password: string } {
  const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return { user: decoded.slice(0, colon < 0 ? undefined : colon), password: colon < 0 ? '' : decoded.slice(colon + 1) };
  }
  const header = (name: string) => {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  return { user: header('x-clickhouse-user') ?? search.get('user') ?? 'default', password: header('x-clickhouse-key') ?? search.get('password') ?? '' };
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export function checkCredentials(req: IncomingMessage, search: URLSearchParams, options: GuardOptions): Account {
  const given = credentials(req, search);
  const reader = options.readonlyUsers?.find((u) => same(given.user, u.user));
  if (reader && same(given.password, reader.password)) return { user: reader.user, readonly: true };
  const userOk = same(given.user, options.user);
  const passwordOk = same(given.password, options.password);
  if (reader || !userOk || !passwordOk) throw new RequestError(516, 'AUTHENTICATION_FAILED', `${given.user.slice(0, 64)}: Authentication failed: password is incorrect, or there is no user with such name`);
  return { user: options.user, readonly: false };
}

export function checkQuery(method: string, sql: string): void {
  const code = codeOnly(sql);
  if (method === 'GET' && !READ_ONLY_START.test(code.trimStart())) {
    throw new RequestError(164, 'READONLY', 'Cannot execute query in readonly mode: a GET request only reads (use POST)');
  }
  const outside = OUTSIDE_CALL.exec(code);
  if (outside) throw new RequestError(497, 'ACCESS_DENIED', `${outside[1]}() reaches files, URLs or other servers and is not allowed on this server`);
  if (OUTFILE.test(code)) throw new RequestError(497, 'ACCESS_DENIED', 'INTO OUTFILE / FROM INFILE are not allowed on this server');
}
