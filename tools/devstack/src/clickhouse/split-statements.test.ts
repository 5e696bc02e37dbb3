import { describe, expect, it } from 'vitest';
import { splitStatements } from './split-statements';

describe('splitStatements', () => {
  it('splits on a semicolon that ends a line only', () => {
    const sql = [
      '-- the messages table',
      'CREATE TABLE a (x String DEFAULT \'a;b\')',
      'ENGINE = MergeTree ORDER BY x;',
      '',
      'CREATE VIEW v AS SELECT 1;   ',
      '-- trailing comment only',
      '',
    ].join('\n');
    expect(splitStatements(sql)).toEqual(["-- the messages table\nCREATE TABLE a (x String DEFAULT 'a;b')\nENGINE = MergeTree ORDER BY x", 'CREATE VIEW v AS SELECT 1']);
  });
  it('keeps a last statement without a semicolon and handles CRLF', () => {
    expect(splitStatements('SELECT 1;\r\nSELECT 2')).toEqual(['SELECT 1', 'SELECT 2']);
  });
  it('returns nothing for an empty or comment-only file', () => {
    expect(splitStatements('\n-- nothing\n;\n')).toEqual([]);
  });
});
