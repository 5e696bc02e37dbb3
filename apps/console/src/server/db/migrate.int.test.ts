import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createLogger } from '@tribune/service-kit';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureDatabase, migrateDeploy, MIGRATIONS_DIR } from './migrate';

// A throwaway database beside the harness's one, dropped afterwards (its name says test).
const base = new URL(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tribune_console_dev');
const name = `tribune_console_migrate_test_${randomUUID().slice(0, 8)}`;
const url = new URL(base);
url.pathname = `/${name}`;
const logger = createLogger({ name: 'migrate-int', level: 'warn' });

afterAll(async () => {
  const admin = new URL(base);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
});

describe('migration runner', () => {
  it('creates the database, applies prisma/migrations once and records them as Prisma does', async () => {
    await ensureDatabase(url.toString(), logger);
    const first = await migrateDeploy(url.toString(), logger);
    expect(first).toContain('20261127120000_init');
    expect(await migrateDeploy(url.toString(), logger)).toEqual([]);

    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name');
      const sql = await readFile(join(MIGRATIONS_DIR, '20261127120000_init', 'migration.sql'), 'utf8');
      expect(rows[0]).toMatchObject({ migration_name: '20261127120000_init', checksum: createHash('sha256').update(sql).digest('hex'), applied_steps_count: 1 });
      expect(rows[0].finished_at).toBeInstanceOf(Date);
      const tables = await client.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1");
      expect(tables.rows.map((r) => r.table_name)).toEqual(
        expect.arrayContaining(['operators', 'sessions', 'rooms', 'banned_words', 'rules_versions', '_prisma_migrations']),
      );
    } finally {
      await client.end();
    }
  });
});
