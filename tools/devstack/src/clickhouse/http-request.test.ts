import { describe, expect, it } from 'vitest';
import { outputFormat, parseRequest, renderReset, renderSet, RequestError, insertHead } from './http-request';

describe('parseRequest', () => {
  it('joins the URL query and the body of an insert, and splits params, settings and options', () => {
    const search = new URLSearchParams({
      query: 'INSERT INTO chat.messages FORMAT JSONEachRow',
      insert_deduplication_token: 'chat.messages-3-10-20',
      wait_end_of_query: '1',
      database: 'chat',
      query_id: 'q1',
      param_room: 'r1',
    });
    const parsed = parseRequest('POST', search, '{"id":1}\n');
    expect(parsed).toEqual({
      sql: 'INSERT INTO chat.messages FORMAT JSONEachRow\n{"id":1}\n',
      params: { room: 'r1' },
      settings: { insert_deduplication_token: 'chat.messages-3-10-20' },
      database: 'chat',
      defaultFormat: undefined,
      queryId: 'q1',
    });
  });
  it('takes the whole query from the body when the URL has none', () => {
    expect(parseRequest('POST', new URLSearchParams(), 'SELECT 1').sql).toBe('SELECT 1');
  });
  it('ignores a GET body and refuses an empty query', () => {
    expect(() => parseRequest('GET', new URLSearchParams(), '')).toThrow(RequestError);
  });
  it('refuses a malformed database name', () => {
    expect(() => parseRequest('GET', new URLSearchParams({ query: 'SELECT 1', database: 'a;b' }), '')).toThrow(/does not exist/);
  });
});

describe('outputFormat', () => {
  it('prefers the FORMAT clause, ignoring string literals', () => {
    expect(outputFormat('SELECT 1 FORMAT JSONEachRow', 'CSV')).toBe('JSONEachRow');
    expect(outputFormat("SELECT 'x FORMAT CSV'", undefined)).toBe('TabSeparated');
    expect(outputFormat('SELECT 1', 'JSON')).toBe('JSON');
  });
  it('treats an insert FORMAT as input, not output', () => {
    expect(outputFormat('INSERT INTO t FORMAT JSONEachRow\n{"a":1}', undefined)).toBe('TabSeparated');
  });
});

describe('renderSet / renderReset', () => {
  it('quotes values and resets by name', () => {
    expect(renderSet({ a: "x'y", b: '1' })).toBe("SET a = 'x\\'y', b = '1'");
    expect(renderReset(['a', 'b'])).toBe('SET a = DEFAULT, b = DEFAULT');
  });
});

describe('insertHead', () => {
  it('reads the target of a data-only insert as clients send it', () => {
    expect(insertHead('INSERT INTO chat.messages FORMAT JSONEachRow')).toEqual({ table: 'chat.messages', format: 'JSONEachRow' });
    expect(insertHead(' insert into t (a, `b`) format JSONCompactEachRow ')).toEqual({ table: 't', columns: ['a', 'b'], format: 'JSONCompactEachRow' });
  });
  it('leaves everything else to the SQL path', () => {
    expect(insertHead(null)).toBeNull();
    expect(insertHead('INSERT INTO t FORMAT Native')).toBeNull();
    expect(insertHead('INSERT INTO t SELECT 1')).toBeNull();
    expect(insertHead('INSERT INTO t VALUES (1)')).toBeNull();
    expect(insertHead('INSERT INTO t FORMAT JSONEachRow {"a":1}')).toBeNull();
    expect(insertHead("INSERT INTO t (a') FORMAT TSV")).toBeNull();
  });
});
