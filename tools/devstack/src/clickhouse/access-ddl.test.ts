import { fileURLToPath } from 'node:url';
import { query } from 'chdb';
import { describe, expect, it } from 'vitest';
import { bindSecrets, isAccessStatement, MissingSecretError } from './access-ddl';
import { readMigrations } from './migrate';

const dir = fileURLToPath(new URL('../../../../clickhouse/migrations', import.meta.url));
const secrets = { CLICKHOUSE_INGEST_PASSWORD: "in'gest\\pw", CLICKHOUSE_CONSOLE_PASSWORD: 'c', CLICKHOUSE_READER_PASSWORD: 'r', CLICKHOUSE_ANALYST_PASSWORD: 'a' };

describe('access-control statements of the migrations', () => {
  it('0004 is access control only, every statement recognised (so the embedded engine skips the whole file)', async () => {
    const file = (await readMigrations(dir)).find((f) => f.name === '0004_access.sql');
    expect(file).toBeDefined();
    const notAccess = file!.statements.filter((s) => !isAccessStatement(s));
    expect(notAccess).toEqual([]);
    expect(file!.statements.length).toBeGreaterThanOrEqual(20);
  });

  it('no statement of the other migrations is taken for access control', async () => {
    const others = (await readMigrations(dir)).filter((f) => f.name !== '0004_access.sql').flatMap((f) => f.statements);
    expect(others.filter(isAccessStatement)).toEqual([]);
  });

  it('every 0004 statement, its passwords bound, is accepted by ClickHouse’s parser (EXPLAIN AST, never run)', async () => {
    const file = (await readMigrations(dir)).find((f) => f.name === '0004_access.sql')!;
    for (const s of file.statements) expect(() => query(`EXPLAIN AST ${bindSecrets(s, secrets)}`, 'CSV'), s).not.toThrow();
  });

  it('binds a secret as string contents (quotes and backslashes escaped) and refuses a missing one by name', () => {
    const s = "CREATE USER u IDENTIFIED WITH sha256_password BY '{{secret:CLICKHOUSE_INGEST_PASSWORD}}'";
    expect(bindSecrets(s, secrets)).toBe("CREATE USER u IDENTIFIED WITH sha256_password BY 'in\\'gest\\\\pw'");
    expect(() => bindSecrets(s, {})).toThrow(MissingSecretError);
    expect(() => bindSecrets(s, { CLICKHOUSE_INGEST_PASSWORD: '' })).toThrow('set CLICKHOUSE_INGEST_PASSWORD');
    expect(bindSecrets('SELECT 1', {})).toBe('SELECT 1');
  });

  it('recognises the kinds, behind leading comments too', () => {
    for (const s of ['CREATE USER x', '-- why\nGRANT SELECT ON chat.* TO r', 'REVOKE ALL ON *.* FROM r', 'CREATE SETTINGS PROFILE p', 'ALTER QUOTA q TO u', 'CREATE ROW POLICY p ON chat.messages USING 1 TO r', 'drop role r']) expect(isAccessStatement(s), s).toBe(true);
    for (const s of ['CREATE TABLE chat.users (x UInt8) ENGINE = Memory', 'ALTER TABLE chat.messages ADD PROJECTION p (SELECT *)', "SELECT 'GRANT'"]) expect(isAccessStatement(s), s).toBe(false);
  });
});
