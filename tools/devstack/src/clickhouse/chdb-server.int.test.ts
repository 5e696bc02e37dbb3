import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createClient, ClickHouseError, ClickHouseLogLevel, type ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChdbServer, type ChdbServerHandle } from './chdb-process';

const run = promisify(execFile);
// Own port and data dir: never the dev stack's 8123 or the test stack's server.
const PORT = 18900 + Math.floor(Math.random() * 90);

describe('chdb HTTP server', () => {
  let dir: string;
  let server: ChdbServerHandle;
  let client: ClickHouseClient;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tribune-chdb-'));
    server = await startChdbServer({ port: PORT, dataDir: dir, logLevel: 'error' });
    client = createClient({ url: server.url, log: { level: ClickHouseLogLevel.OFF } });
  });

  afterAll(async () => {
    await client?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers ping and a curl query', async () => {
    expect((await client.ping()).success).toBe(true);
    const { stdout } = await run('curl', ['-sS', `${server.url}/?query=SELECT%201`]);
    expect(stdout).toBe('1\n');
    const ping = await run('curl', ['-sS', `${server.url}/ping`]);
    expect(ping.stdout).toBe('Ok.\n');
  });

  it('runs DDL, inserts JSONEachRow and queries with bound parameters', async () => {
    await client.command({ query: 'CREATE DATABASE IF NOT EXISTS t1' });
    await client.command({ query: 'CREATE TABLE t1.rows (id UInt32, room String, tags Array(String), ts DateTime64(3)) ENGINE = MergeTree ORDER BY id' });
    await client.insert({
      table: 't1.rows',
      format: 'JSONEachRow',
      values: [
        { id: 1, room: "it's\ta room\\", tags: ["o'k", 'x\\y'], ts: 1_700_000_000_123 },
        { id: 2, room: 'other', tags: [], ts: 1_700_000_001_000 },
      ],
      clickhouse_settings: { date_time_input_format: 'best_effort' },
    });
    // `database` is a request option: unqualified names resolve in it.
    const byDb = createClient({ url: server.url, database: 't1', log: { level: ClickHouseLogLevel.OFF } });
    const rs = await byDb.query({
      query: 'SELECT id, room, tags FROM rows WHERE room = {room:String} AND has({tags:Array(String)}, tags[1]) ORDER BY id',
      query_params: { room: "it's\ta room\\", tags: ["o'k"] },
      format: 'JSONEachRow',
    });
    expect(await rs.json()).toEqual([{ id: 1, room: "it's\ta room\\", tags: ["o'k", 'x\\y'] }]);
    expect(rs.query_id).toMatch(/.+/);

    const count = await (await byDb.query({ query: 'SELECT count() AS n FROM rows', format: 'JSONEachRow' })).json<{ n: string }>();
    expect(Number(count[0]?.n)).toBe(2);
    await byDb.close();
  });

  it('raises a ClickHouseError carrying the code', async () => {
    const failure = await client.query({ query: 'SELECT * FROM t1.does_not_exist', format: 'JSONEachRow' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ClickHouseError);
    expect((failure as ClickHouseError).code).toBe('60');
    expect((failure as ClickHouseError).type).toBe('UNKNOWN_TABLE');
    const syntax = await client.command({ query: 'SELEC 1' }).catch((e: unknown) => e);
    expect((syntax as ClickHouseError).code).toBe('62');
  });

  it('applies per-request settings to that query only', async () => {
    const withSetting = await client.query({ query: "SELECT getSetting('max_threads') AS v", format: 'JSONEachRow', clickhouse_settings: { max_threads: 3 } });
    expect(await withSetting.json()).toEqual([{ v: 3 }]);
    const after = await client.query({ query: "SELECT getSetting('max_threads') AS v", format: 'JSONEachRow' });
    expect((await after.json<{ v: number }>())[0]?.v).not.toBe(3);
  });

  it('refuses writes under readonly=1 for that request only (the shared session stays writable after it)', async () => {
    await client.command({ query: 'CREATE TABLE IF NOT EXISTS default.ro_probe (x UInt8) ENGINE = MergeTree ORDER BY x' });
    for (const readonly of ['1', '2'] as const) {
      const refused = await client.command({ query: 'INSERT INTO default.ro_probe SELECT 1', clickhouse_settings: { readonly } }).catch((e: unknown) => e);
      expect(refused, `readonly=${readonly}`).toBeInstanceOf(ClickHouseError);
      expect((refused as ClickHouseError).code).toBe('164');
    }
    await client.command({ query: 'INSERT INTO default.ro_probe SELECT 2' });
    const rows = await (await client.query({ query: 'SELECT groupArray(x) AS xs FROM default.ro_probe', format: 'JSONEachRow' })).json();
    expect(rows).toEqual([{ xs: [2] }]);
  });

  it('deduplicates a repeated insert carrying the same insert_deduplication_token', async () => {
    await client.command({ query: 'CREATE TABLE t1.dedup (id UInt32) ENGINE = MergeTree ORDER BY id SETTINGS non_replicated_deduplication_window = 100' });
    const insert = (token: string, ids: number[]) =>
      client.insert({ table: 't1.dedup', format: 'JSONEachRow', values: ids.map((id) => ({ id })), clickhouse_settings: { insert_deduplication_token: token } });
    await insert('chat.messages-0-10-12', [10, 11, 12]);
    await insert('chat.messages-0-10-12', [10, 11, 12]);
    await insert('chat.messages-0-13-13', [13]);
    const rs = await client.query({ query: 'SELECT count() AS n FROM t1.dedup', format: 'JSONEachRow' });
    expect(Number((await rs.json<{ n: string }>())[0]?.n)).toBe(4);
  });

  it('deduplicates the materialized-view rows of a repeated insert too', async () => {
    await client.command({ query: 'CREATE TABLE t1.src (room String, n UInt32) ENGINE = MergeTree ORDER BY room SETTINGS non_replicated_deduplication_window = 100' });
    await client.command({ query: 'CREATE TABLE t1.per_room (room String, n UInt64) ENGINE = SummingMergeTree ORDER BY room SETTINGS non_replicated_deduplication_window = 100' });
    await client.command({ query: 'CREATE MATERIALIZED VIEW t1.per_room_mv TO t1.per_room AS SELECT room, count() AS n FROM t1.src GROUP BY room' });
    const insert = () =>
      client.insert({
        table: 't1.src',
        format: 'JSONEachRow',
        values: [{ room: 'a', n: 1 }, { room: 'a', n: 2 }],
        clickhouse_settings: { insert_deduplication_token: 'chat.messages-1-0-1', deduplicate_blocks_in_dependent_materialized_views: 1 },
      });
    await insert();
    await insert();
    const rs = await client.query({ query: 'SELECT sum(n) AS n FROM t1.per_room', format: 'JSONEachRow' });
    expect(Number((await rs.json<{ n: string }>())[0]?.n)).toBe(2);
  });

  it('stays responsive while a query runs, and serialises queries', async () => {
    const t0 = Date.now();
    const slow = client.query({ query: 'SELECT sleep(1) AS s', format: 'JSONEachRow' }).then(() => Date.now() - t0);
    await new Promise((r) => setTimeout(r, 100));
    const health = await fetch(`${server.url}/healthz`);
    const healthMs = Date.now() - t0;
    const next = await client.query({ query: 'SELECT 1 AS one', format: 'JSONEachRow' }).then(() => Date.now() - t0);
    expect(health.status).toBe(200);
    expect(healthMs).toBeLessThan(900);
    expect(await slow).toBeGreaterThanOrEqual(1000);
    expect(next).toBeGreaterThanOrEqual(1000);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/chdb_http_queries_total\{outcome="ok"\} \d+/);
  });

  it('keeps data across a restart of the server', async () => {
    await server.stop();
    server = await startChdbServer({ port: PORT, dataDir: dir, logLevel: 'error' });
    const rs = await client.query({ query: 'SELECT count() AS n FROM t1.dedup', format: 'JSONEachRow' });
    expect(Number((await rs.json<{ n: string }>())[0]?.n)).toBe(4);
  });

  it('refuses what a real server refuses: a foreign Host, a GET that writes, file()/url(), INTO OUTFILE', async () => {
    const status = async (args: string[]) => (await run('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', ...args])).stdout;
    expect(await status(['-H', 'Host: evil.example', `${server.url}/?query=SELECT%201`])).toBe('403');
    expect(await status([`${server.url}/?query=${encodeURIComponent('CREATE DATABASE get_write')}`])).toBe('403');
    expect(await status(['--data-binary', "SELECT * FROM file('/etc/passwd', 'LineAsString')", `${server.url}/`])).toBe('403');
    expect(await status(['--data-binary', "SELECT * FROM url('http://127.0.0.1:1/', 'LineAsString')", `${server.url}/`])).toBe('403');
    expect(await status(['--data-binary', "SELECT 1 INTO OUTFILE '/tmp/tribune-outfile'", `${server.url}/`])).toBe('403');
    await expect(client.command({ query: "CREATE TABLE t1.f (a String) ENGINE = File(CSV)" })).rejects.toMatchObject({ code: '497' });
    expect((await client.ping()).success).toBe(true);
  });

  it('serves read-only users besides (CLICKHOUSE_READONLY_USERS): they read, never write, and cannot lift readonly', async () => {
    const port = PORT + 200;
    const dir3 = mkdtempSync(join(tmpdir(), 'tribune-chdb-ro-'));
    const srv = await startChdbServer({ port, dataDir: dir3, logLevel: 'error', env: { CLICKHOUSE_READONLY_USERS: 'reader:r3ad,other:x' } });
    const admin = createClient({ url: srv.url, log: { level: ClickHouseLogLevel.OFF } });
    const reader = createClient({ url: srv.url, username: 'reader', password: 'r3ad', log: { level: ClickHouseLogLevel.OFF } });
    const wrong = createClient({ url: srv.url, username: 'reader', password: 'nope', log: { level: ClickHouseLogLevel.OFF } });
    try {
      await admin.command({ query: 'CREATE TABLE default.ro (x UInt8) ENGINE = MergeTree ORDER BY x' });
      await admin.insert({ table: 'default.ro', values: [{ x: 1 }], format: 'JSONEachRow' });
      expect(await (await reader.query({ query: 'SELECT count() AS n FROM default.ro', format: 'JSONEachRow' })).json()).toEqual([{ n: 1 }]);
      await expect(reader.command({ query: 'INSERT INTO default.ro SELECT 2' })).rejects.toMatchObject({ code: '164' });
      await expect(reader.command({ query: 'INSERT INTO default.ro SELECT 3', clickhouse_settings: { readonly: '0' } })).rejects.toMatchObject({ code: '164' });
      await expect(reader.insert({ table: 'default.ro', values: [{ x: 4 }], format: 'JSONEachRow' })).rejects.toMatchObject({ code: '164' });
      await expect(reader.command({ query: 'DROP TABLE default.ro' })).rejects.toMatchObject({ code: '164' });
      await expect(wrong.query({ query: 'SELECT 1' })).rejects.toMatchObject({ code: '516' });
      // The admin still writes, and nothing the reader tried landed.
      await admin.insert({ table: 'default.ro', values: [{ x: 5 }], format: 'JSONEachRow' });
      expect(await (await admin.query({ query: 'SELECT groupArray(x) AS xs FROM (SELECT x FROM default.ro ORDER BY x)', format: 'JSONEachRow' })).json()).toEqual([{ xs: [1, 5] }]);
    } finally {
      await Promise.all([admin.close(), reader.close(), wrong.close()]);
      await srv.stop();
      rmSync(dir3, { recursive: true, force: true });
    }
  });

  it('requires the configured user and password when one is set', async () => {
    const port = PORT + 100;
    const dir2 = mkdtempSync(join(tmpdir(), 'tribune-chdb-auth-'));
    const locked = await startChdbServer({ port, dataDir: dir2, logLevel: 'error', env: { CLICKHOUSE_USER: 'analyst', CLICKHOUSE_PASSWORD: 's3cret' } });
    try {
      const anonymous = createClient({ url: locked.url, log: { level: ClickHouseLogLevel.OFF } });
      await expect(anonymous.query({ query: 'SELECT 1' })).rejects.toMatchObject({ code: '516' });
      await anonymous.close();
      const wrong = createClient({ url: locked.url, username: 'analyst', password: 'nope', log: { level: ClickHouseLogLevel.OFF } });
      await expect(wrong.query({ query: 'SELECT 1' })).rejects.toMatchObject({ code: '516' });
      await wrong.close();
      const right = createClient({ url: locked.url, username: 'analyst', password: 's3cret', log: { level: ClickHouseLogLevel.OFF } });
      expect(await (await right.query({ query: 'SELECT 41 + 1 AS x', format: 'JSONEachRow' })).json()).toEqual([{ x: 42 }]);
      await right.close();
      const { stdout } = await run('curl', ['-sS', '-u', 'analyst:s3cret', `${locked.url}/?query=SELECT%202`]);
      expect(stdout).toBe('2\n');
    } finally {
      await locked.stop();
      rmSync(dir2, { recursive: true, force: true });
    }
  });
});

