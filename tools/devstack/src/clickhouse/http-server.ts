import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createGunzip, createInflate, createBrotliDecompress } from 'node:zlib';
import type { Readable } from 'node:stream';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { createOpsServer, type Logger } from '@tribune/service-kit';
import { EngineError, type ChdbEngine } from './chdb-engine';
import { insertHead, outputFormat, parseRequest, RequestError } from './http-request';
import { checkCredentials, checkHost, checkQuery, type GuardOptions } from './request-guard';

/** HTTP status the real server answers with for a few well-known codes; everything else is 500. */
const STATUS_BY_CODE: Record<number, number> = {
  62: 400, // SYNTAX_ERROR
  27: 400, // CANNOT_PARSE_INPUT_ASSERTION_FAILED
  115: 400, // UNKNOWN_SETTING
  456: 400, // UNKNOWN_QUERY_PARAMETER
  164: 403, // READONLY
  497: 403, // ACCESS_DENIED
  516: 403, // AUTHENTICATION_FAILED
  60: 404, // UNKNOWN_TABLE
  81: 404, // UNKNOWN_DATABASE
  73: 400, // UNKNOWN_FORMAT
};

export interface ChdbHttpOptions {
  engine: ChdbEngine;
  logger: Logger;
  registry: Registry;
  /** Largest accepted request body (inserts are buffered whole before they reach the engine). */
  maxBodyBytes?: number;
  /** Credentials every query must carry (default: user `default`, no password, as a fresh server). */
  auth?: GuardOptions;
}

function decodedBody(req: IncomingMessage): Readable {
  const encoding = (req.headers['content-encoding'] ?? '').toLowerCase();
  if (encoding === 'gzip') return req.pipe(createGunzip());
  if (encoding === 'deflate') return req.pipe(createInflate());
  if (encoding === 'br') return req.pipe(createBrotliDecompress());
  return req;
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return (await readBodyBytes(req, limit)).toString('utf8');
}

async function readBodyBytes(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of decodedBody(req)) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new RequestError(307, 'TOO_MANY_BYTES', `request body exceeds ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size);
}

function contentType(format: string): string {
  if (/^JSON/i.test(format)) return 'application/json; charset=UTF-8';
  if (/^(TabSeparated|TSV)/i.test(format)) return 'text/tab-separated-values; charset=UTF-8';
  if (/^CSV/i.test(format)) return 'text/csv; charset=UTF-8';
  return 'text/plain; charset=UTF-8';
}

/**
 * ClickHouse's HTTP interface over the embedded engine: `/ping`, `/` (GET/POST queries and inserts),
 * plus the service's own `/healthz`, `/readyz`, `/metrics`.
 */
export function createChdbHttpServer({ engine, logger, registry, maxBodyBytes = 256 * 1024 * 1024, auth = { user: 'default', password: '' } }: ChdbHttpOptions): Server {
  const log = logger.child({ module: 'chdb_http' });
  const requests = new Counter({ name: 'chdb_http_queries_total', help: 'Queries answered, by outcome', labelNames: ['outcome'], registers: [registry] });
  const duration = new Histogram({
    name: 'chdb_http_query_seconds',
    help: 'Time from request to response, queueing included',
    buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    registers: [registry],
  });
  new Gauge({ name: 'chdb_engine_queue_depth', help: 'Queries waiting for or holding the engine', registers: [registry], collect() { this.set(engine.depth); } });

  async function handleQuery(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const started = process.hrtime.bigint();
    const queryId = url.searchParams.get('query_id') || randomUUID();
    const base = { 'X-ClickHouse-Query-Id': queryId, 'X-ClickHouse-Server-Display-Name': 'chdb', 'X-ClickHouse-Timezone': 'UTC' };
    try {
      checkHost(req.headers.host);
      const account = checkCredentials(req, url.searchParams, auth);
      const head = req.method === 'POST' ? insertHead(url.searchParams.get('query')) : null;
      if (head && account.readonly) throw new RequestError(164, 'READONLY', `${account.user}: Cannot execute query in readonly mode`);
      if (head) {
        // An insert: the statement is the URL query (checked like any query), the body is data only — handed to
        // the engine as bytes, never scanned as SQL (a chat line saying "url(" is text, not a table function).
        const { sql: statement, settings, database } = parseRequest('POST', url.searchParams, '');
        checkQuery('POST', statement);
        const data = await readBodyBytes(req, maxBodyBytes);
        const result = await engine.insert({ ...head, data, settings, database });
        const summary = { read_rows: '0', read_bytes: '0', written_rows: String(result.rows), written_bytes: String(result.bytesRead), total_rows_to_read: '0', result_rows: '0', result_bytes: '0', elapsed_ns: String(Math.round(result.elapsedSeconds * 1e9)) };
        res.writeHead(200, { ...base, 'X-ClickHouse-Summary': JSON.stringify(summary), 'Content-Type': 'text/plain; charset=UTF-8', 'Content-Length': 0 });
        res.end();
        requests.inc({ outcome: 'ok' });
        return;
      }
      const body = req.method === 'POST' ? await readBody(req, maxBodyBytes) : '';
      const parsed = parseRequest(req.method ?? 'GET', url.searchParams, body);
      checkQuery(req.method ?? 'GET', parsed.sql);
      // A read-only user's profile, as a real server applies it: the request cannot lift it.
      if (account.readonly) parsed.settings.readonly = '2';
      const format = outputFormat(parsed.sql, parsed.defaultFormat);
      const result = await engine.run({ sql: parsed.sql, params: parsed.params, settings: parsed.settings, database: parsed.database, format });
      const summary = {
        read_rows: String(result.rows),
        read_bytes: String(result.bytesRead),
        total_rows_to_read: '0',
        result_rows: String(result.rows),
        result_bytes: String(result.bytes.byteLength),
        elapsed_ns: String(Math.round(result.elapsedSeconds * 1e9)),
      };
      res.writeHead(200, {
        ...base,
        'X-ClickHouse-Format': format,
        'X-ClickHouse-Summary': JSON.stringify(summary),
        'Content-Type': contentType(format),
        'Content-Length': result.bytes.byteLength,
      });
      res.end(result.bytes);
      requests.inc({ outcome: 'ok' });
    } catch (err) {
      const code = err instanceof EngineError || err instanceof RequestError ? err.clickhouseCode : 0;
      let text = err instanceof Error ? err.message : String(err);
      // Keep the server's exact shape so clients parse code, message and type out of it.
      if (err instanceof RequestError) text = `Code: ${code}. DB::Exception: ${text}. (${err.clickhouseType})`;
      else if (!/^Code: \d+\./.test(text)) text = `Code: ${code}. DB::Exception: ${text}. (UNKNOWN_EXCEPTION)`;
      const status = STATUS_BY_CODE[code] ?? 500;
      log.warn({ query_id: queryId, code, status, err: text.slice(0, 500) }, 'query_failed');
      if (!res.headersSent) {
        res.writeHead(status, { ...base, 'X-ClickHouse-Exception-Code': String(code), 'Content-Type': 'text/plain; charset=UTF-8' });
      }
      res.end(`${text}\n`);
      requests.inc({ outcome: 'error' });
    } finally {
      duration.observe(Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  return createOpsServer({
    registry,
    checks: [{ name: 'chdb', check: async () => void (await engine.run({ sql: 'SELECT 1', params: {}, settings: {}, format: 'TabSeparated' })) }],
    fallback: (req, res, url) => {
      if (url.pathname === '/ping' && (req.method === 'GET' || req.method === 'HEAD')) {
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8' }).end('Ok.\n');
        return;
      }
      if (url.pathname === '/' && (req.method === 'GET' || req.method === 'POST')) {
        if (req.method === 'GET' && !url.searchParams.has('query')) {
          res.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8' }).end('Ok.\n');
          return;
        }
        handleQuery(req, res, url).catch((err: unknown) => {
          if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=UTF-8', 'X-ClickHouse-Exception-Code': '1001' });
          res.end(`${err instanceof Error ? err.message : String(err)}\n`);
        });
        return;
      }
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=UTF-8', 'X-ClickHouse-Exception-Code': '0' }).end(`There is no handle ${url.pathname}\n`);
    },
  });
}
