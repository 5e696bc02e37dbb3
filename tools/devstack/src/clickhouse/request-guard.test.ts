import { describe, expect, it } from 'vitest';
import { RequestError } from './http-request';
import { checkHost, checkQuery, codeOnly } from './request-guard';

const code = (fn: () => void) => {
  try {
    fn();
    return 0;
  } catch (err) {
    return err instanceof RequestError ? err.clickhouseCode : -1;
  }
};

describe('request guard', () => {
  it('answers loopback names only (DNS rebinding)', () => {
    for (const host of ['127.0.0.1:8123', 'localhost', 'LOCALHOST:1', '[::1]:8123', '127.9.9.9']) expect(code(() => checkHost(host))).toBe(0);
    for (const host of ['evil.example', 'evil.example:8123', '10.0.0.1', '', undefined, '127.0.0.1.evil.example']) expect(code(() => checkHost(host))).toBe(497);
  });

  it('lets a GET read and refuses a GET that writes', () => {
    for (const sql of ['SELECT 1', '  with x as (select 1) select * from x', 'SHOW TABLES', 'DESCRIBE chat.messages', 'EXPLAIN SELECT 1', '/* c */ SELECT 1', '-- c\nSELECT 1']) expect(code(() => checkQuery('GET', sql))).toBe(0);
    for (const sql of ['INSERT INTO t VALUES (1)', 'DROP TABLE chat.messages', 'CREATE TABLE x (a UInt8) ENGINE = Memory', 'SET readonly = 0', 'ALTER TABLE t DELETE WHERE 1', 'OPTIMIZE TABLE t'])
      expect(code(() => checkQuery('GET', sql))).toBe(164);
    expect(code(() => checkQuery('POST', 'INSERT INTO t VALUES (1)'))).toBe(0);
  });

  it('refuses table functions, engines and clauses that reach files, URLs or other servers', () => {
    for (const sql of [
      "SELECT * FROM file('/etc/passwd', 'LineAsString')",
      "SELECT * FROM url('http://169.254.169.254/', 'LineAsString')",
      "INSERT INTO FUNCTION file('x.csv') SELECT 1",
      "SELECT * FROM remote('10.0.0.1', system.one)",
      "CREATE TABLE t (a String) ENGINE = File(CSV)",
      "CREATE TABLE t (a String) ENGINE = URL('http://x', CSV)",
      "SELECT 1 INTO OUTFILE '/tmp/x'",
      "SELECT * FROM S3 ('http://x')",
      "SELECT * FROM executable('sh', 'TSV', 'a String')",
    ])
      expect(code(() => checkQuery('POST', sql))).toBe(497);
  });

  it('finds keywords only in code, not in strings, quoted names or comments', () => {
    expect(code(() => checkQuery('POST', "SELECT 'file(/etc/passwd)', `url(x)` -- url(y)\n"))).toBe(0);
    expect(code(() => checkQuery('GET', "SELECT count() FROM chat.messages WHERE text = 'INSERT INTO x'"))).toBe(0);
    expect(codeOnly("a 'b' \"c\" `d` /* e */ f")).toBe("a '' \"\" ``   f");
  });
});
