import { randomUUID } from 'node:crypto';
import { createLogger } from '@tribune/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../services';
import { consoleTestEnv, startTestServices } from '../testing/operator-caller';
import { adminClickHouse, appErrorOf, callerWithRole, seedMessages } from './explore-test-kit';

// Real ClickHouse (the test stack's, migrated) and PostgreSQL: the Explore procedures as an analyst and an admin call
// them, with small limits so that cutting and timing out are reachable.
const run = randomUUID().slice(0, 8);
const env = consoleTestEnv(`explore-${run}`, { EXPLORE_MAX_ROWS: '100', EXPLORE_CSV_MAX_ROWS: '1000', EXPLORE_MAX_SECONDS: '1' });
const logger = createLogger({ name: 'console-explore-int', level: 'warn' });
const room = `explore-${run}`;
const ch = adminClickHouse();

let services: Services;
let analyst: Awaited<ReturnType<typeof callerWithRole>>;
let otherAnalyst: Awaited<ReturnType<typeof callerWithRole>>;
let admin: Awaited<ReturnType<typeof callerWithRole>>;

beforeAll(async () => {
  services = (await startTestServices(env, logger, { email: `boot-${run}@tribune.test`, password: 'integration-password' })).services;
  analyst = await callerWithRole(services, 'analyst', run);
  otherAnalyst = await callerWithRole(services, 'analyst', run);
  admin = await callerWithRole(services, 'admin', run);
  await seedMessages(ch, [
    { id: `${run}-1`, ts: '2026-11-30 20:00:00.000', room, user_id: 'u1', user_name: 'Ana', text: 'hello', status: 'accepted' },
    { id: `${run}-2`, ts: '2026-11-30 20:00:01.000', room, user_id: 'u2', user_name: 'Bo', text: 'spam spam', status: 'blocked' },
  ]);
}, 60_000);

afterAll(async () => {
  await services?.db.savedQuery.deleteMany({ where: { ownerId: { in: [analyst?.operator.id, otherAnalyst?.operator.id, admin?.operator.id].filter((x): x is string => !!x) } } });
  await services?.close();
  await ch.close();
});

const count = `SELECT count() AS n FROM chat.messages WHERE room = {room:String}`;

describe('explore.run', () => {
  it('runs a SELECT with bound parameters: values are data, never SQL', async () => {
    const r = await analyst.caller.explore.run({ sql: `SELECT user_name, status FROM chat.messages WHERE room = {room:String} AND user_id = {user:String} ORDER BY ts`, params: { room, user: 'u2' } });
    expect(r.columns).toEqual([{ name: 'user_name', type: 'String' }, { name: 'status', type: 'LowCardinality(String)' }]);
    expect(r.rows).toEqual([['Bo', 'blocked']]);
    expect(r.truncated).toBe(false);
    const injected = await analyst.caller.explore.run({ sql: count, params: { room: `${room}' OR 1=1 --` } });
    expect(injected.rows).toEqual([['0']]);
  });

  it('cuts a result past max_result_rows (EXPLORE_MAX_ROWS) and says so', async () => {
    const big = await analyst.caller.explore.run({ sql: 'SELECT number FROM numbers(100000)', params: {} });
    expect(big.rows).toHaveLength(100);
    expect(big.truncated).toBe(true);
    expect(big.maxRows).toBe(100);
    expect(big.rows[99]).toEqual(['99']);
    const small = await analyst.caller.explore.run({ sql: 'SELECT number FROM numbers(100)', params: {} });
    expect(small.rows).toHaveLength(100);
    expect(small.truncated).toBe(false);
  });

  it('stops a query at max_execution_time (EXPLORE_MAX_SECONDS) with ClickHouse’s TIMEOUT_EXCEEDED', async () => {
    const err = await appErrorOf(analyst.caller.explore.run({ sql: 'SELECT sum(cityHash64(number)) FROM numbers(100000000000)', params: {} }));
    expect(err.code).toBe('CLICKHOUSE_ERROR');
    expect(err.issues[0]).toMatchObject({ clickhouseCode: 159, clickhouseType: 'TIMEOUT_EXCEEDED' });
  });

  it.each([
    ['INSERT', `INSERT INTO chat.messages (id, room) VALUES ('x-${run}', '${room}')`, 'InsertQuery'],
    ['INSERT … SELECT', `INSERT INTO chat.messages (id, room) SELECT 'y', '${room}'`, 'InsertQuery'],
    ['DROP', 'DROP TABLE chat.messages', 'DropQuery'],
    ['ALTER', `ALTER TABLE chat.messages DELETE WHERE room = '${room}'`, 'AlterQuery'],
    ['TRUNCATE', 'TRUNCATE TABLE chat.messages', 'TruncateQuery'],
    ['SYSTEM', 'SYSTEM DROP MARK CACHE', 'SYSTEM'],
    ['SET', 'SET max_result_rows = 0', 'Set'],
  ])('refuses %s, even for an admin, and nothing changes', async (_kind, sql, root) => {
    for (const who of [analyst, admin]) {
      const err = await appErrorOf(who.caller.explore.run({ sql, params: {} }));
      expect(err.code).toBe('QUERY_REJECTED');
      expect(err.message).toContain('only a SELECT runs here');
      expect(err.message).toContain(root);
    }
    expect((await admin.caller.explore.run({ sql: count, params: { room } })).rows).toEqual([['2']]);
  });

  it('refuses several statements with ClickHouse’s own parser error (code 62), running none of them', async () => {
    const err = await appErrorOf(admin.caller.explore.run({ sql: `SELECT 1; ALTER TABLE chat.messages DELETE WHERE room = '${room}'`, params: {} }));
    expect(err.code).toBe('QUERY_REJECTED');
    expect(err.message).toContain('Multi-statements are not allowed');
    expect(err.issues[0]?.clickhouseCode).toBe(62);
    expect((await admin.caller.explore.run({ sql: count, params: { room } })).rows).toEqual([['2']]);
  });

  it('refuses SETTINGS (at any depth) and FORMAT: the limits and the format are the workspace’s', async () => {
    for (const sql of ['SELECT number FROM numbers(1000) SETTINGS max_result_rows = 100000', 'SELECT * FROM (SELECT number FROM numbers(10) SETTINGS max_result_rows = 0)', 'SELECT 1 FORMAT CSV']) {
      const err = await appErrorOf(analyst.caller.explore.run({ sql, params: {} }));
      expect(err.code, sql).toBe('QUERY_REJECTED');
      expect(err.message, sql).toMatch(/SETTINGS|FORMAT/);
    }
    // The word inside a string or as a column name is not a clause.
    const ok = await analyst.caller.explore.run({ sql: "SELECT 'x\nSETTINGS y' AS settings", params: {} });
    expect(ok.rows).toEqual([['x\nSETTINGS y']]);
  });

  it.each([
    ['a syntax error', 'SELEC 1', {}, 62, 'SYNTAX_ERROR'],
    ['an unknown table', 'SELECT * FROM chat.no_such_table', {}, 60, 'UNKNOWN_TABLE'],
    ['an unknown column', 'SELECT nope FROM chat.messages', {}, 47, 'UNKNOWN_IDENTIFIER'],
    ['a parameter without a value', 'SELECT {n:UInt8}', {}, 456, 'UNKNOWN_QUERY_PARAMETER'],
    ['a value that is not of the type', 'SELECT {n:UInt8}', { n: 'abc' }, 457, null],
  ])('answers %s with ClickHouse’s error and code, not a 500', async (_what, sql, params, code, type) => {
    const err = await appErrorOf(analyst.caller.explore.run({ sql, params }));
    expect(err.code).toBe('CLICKHOUSE_ERROR');
    expect(err.issues[0]?.clickhouseCode).toBe(code);
    if (type) expect(err.issues[0]?.clickhouseType).toBe(type);
    expect(err.message).toMatch(new RegExp(`^ClickHouse error ${code} `));
  });

  it('refuses a table function that reaches files or URLs', async () => {
    const err = await appErrorOf(analyst.caller.explore.run({ sql: "SELECT * FROM url('http://127.0.0.1:1/x', CSV, 'a String')", params: {} }));
    expect(err.code).toBe('CLICKHOUSE_ERROR');
    expect(err.issues[0]?.clickhouseCode).toBe(497);
  });
});

describe('the Explore connection', () => {
  it('is a read-only ClickHouse user: a write sent on it directly, past every console check, is refused by the server', async () => {
    // The test stack's embedded server serves CLICKHOUSE_READER_USER read-only (production: 0004's tribune_console_reader).
    expect(process.env.CLICKHOUSE_READER_USER).toBe('tribune_console_reader');
    const refused = await services.clickhouseReader.command({ query: `INSERT INTO chat.messages (id, room) VALUES ('direct-${run}', '${room}')` }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: '164' });
    expect((await admin.caller.explore.run({ sql: count, params: { room } })).rows).toEqual([['2']]);
  });
});

describe('explore.csv', () => {
  it('exports the result as CSV with a header, quoting what needs it', async () => {
    const { csv, filename } = await analyst.caller.explore.csv({
      sql: `SELECT {a:String} AS plain, 'a,b' AS comma, 'say "hi"' AS quote, 'two\nlines' AS newline, 42 AS n`,
      params: { a: 'x' },
    });
    expect(filename).toMatch(/^explore-.*\.csv$/);
    expect(csv).toBe('"plain","comma","quote","newline","n"\n"x","a,b","say ""hi""","two\nlines",42\n');
  });

  it('refuses an export larger than EXPLORE_CSV_MAX_ROWS instead of cutting it', async () => {
    const err = await appErrorOf(analyst.caller.explore.csv({ sql: 'SELECT number FROM numbers(100000)', params: {} }));
    expect(err.code).toBe('QUERY_REJECTED');
    expect(err.message).toContain('more than 1000 rows');
    const ok = await analyst.caller.explore.csv({ sql: 'SELECT number FROM numbers(1000)', params: {} });
    expect(ok.csv.trim().split('\n')).toHaveLength(1001);
  });

  it('refuses a write like run does', async () => {
    const err = await appErrorOf(admin.caller.explore.csv({ sql: 'DROP TABLE chat.messages', params: {} }));
    expect(err.code).toBe('QUERY_REJECTED');
  });
});

describe('savedQueries', () => {
  it('saves, lists (own + shared), updates and removes, each change audited', async () => {
    const mine = await analyst.caller.savedQueries.save({ name: `mine-${run}`, sql: count, params: { room }, shared: false });
    const shared = await analyst.caller.savedQueries.save({ name: `shared-${run}`, sql: 'SELECT 1', params: {}, shared: true });
    expect(mine).toMatchObject({ name: `mine-${run}`, mine: true, shared: false, params: { room } });

    const seenByOther = (await otherAnalyst.caller.savedQueries.list()).map((q) => q.name);
    expect(seenByOther).toContain(`shared-${run}`);
    expect(seenByOther).not.toContain(`mine-${run}`);
    const sharedSeen = (await otherAnalyst.caller.savedQueries.list()).find((q) => q.id === shared.id);
    expect(sharedSeen).toMatchObject({ mine: false, ownerLabel: analyst.operator.email });

    // Another analyst can neither change nor remove it; its owner can; an admin can remove it.
    expect((await appErrorOf(otherAnalyst.caller.savedQueries.save({ id: shared.id, name: 'hijack', sql: 'SELECT 2', params: {}, shared: true }))).code).toBe('NOT_FOUND');
    expect((await appErrorOf(otherAnalyst.caller.savedQueries.remove({ id: shared.id }))).code).toBe('NOT_FOUND');
    const renamed = await analyst.caller.savedQueries.save({ id: mine.id, name: `mine2-${run}`, sql: count, params: { room }, shared: true });
    expect(renamed).toMatchObject({ id: mine.id, name: `mine2-${run}`, shared: true });
    // Saving under an existing name of one's own updates that query rather than failing.
    const again = await analyst.caller.savedQueries.save({ name: `mine2-${run}`, sql: 'SELECT 3', params: {}, shared: true });
    expect(again.id).toBe(mine.id);
    await admin.caller.savedQueries.remove({ id: shared.id });
    await analyst.caller.savedQueries.remove({ id: mine.id });
    expect((await analyst.caller.savedQueries.list()).filter((q) => q.name.endsWith(run))).toEqual([]);

    const audit = await services.db.auditLog.findMany({ where: { target: { in: [`saved-query:${mine.id}`, `saved-query:${shared.id}`] } }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => `${a.action} ${a.actorLabel === admin.operator.email ? 'admin' : 'analyst'}`)).toEqual([
      'savedQueries.save analyst',
      'savedQueries.save analyst',
      'savedQueries.save analyst',
      'savedQueries.save analyst',
      'savedQueries.remove admin',
      'savedQueries.remove analyst',
    ]);
  });
});
