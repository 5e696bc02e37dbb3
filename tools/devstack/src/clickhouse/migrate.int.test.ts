import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, ClickHouseLogLevel, type ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChdbServer, type ChdbServerHandle } from './chdb-process';
import { migrateClickHouse, MigrationError, readMigrations } from './migrate';

// The runner is exercised against a fresh chdb server of its own (the same HTTP path a real server takes).
const PORT = 18800 + Math.floor(Math.random() * 90);

describe('ClickHouse migration runner', () => {
  let dataDir: string;
  let migrations: string;
  let server: ChdbServerHandle;
  let client: ClickHouseClient;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tribune-chmig-data-'));
    migrations = mkdtempSync(join(tmpdir(), 'tribune-chmig-sql-'));
    server = await startChdbServer({ port: PORT, dataDir, logLevel: 'error' });
    client = createClient({ url: server.url, log: { level: ClickHouseLogLevel.OFF } });
  });

  afterAll(async () => {
    await client?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(migrations, { recursive: true, force: true });
  });

  const count = async (sql: string) => Number((await (await client.query({ query: sql, format: 'JSONEachRow' })).json<{ n: string }>())[0]?.n);

  it('applies files in name order once and records them', async () => {
    writeFileSync(join(migrations, '0002_view.sql'), 'CREATE VIEW IF NOT EXISTS mig.v AS SELECT id FROM mig.t WHERE note != \'a;b\';\n');
    writeFileSync(join(migrations, '0001_table.sql'), '-- base table\nCREATE DATABASE IF NOT EXISTS mig;\nCREATE TABLE IF NOT EXISTS mig.t (id UInt32, note String)\nENGINE = MergeTree ORDER BY id;\n');
    writeFileSync(join(migrations, 'README.md'), 'not a migration');

    const first = await migrateClickHouse(client, migrations, { database: 'mig_meta' });
    expect(first).toEqual({ applied: ['0001_table.sql', '0002_view.sql'], alreadyApplied: [], skipped: [] });
    await client.insert({ table: 'mig.t', format: 'JSONEachRow', values: [{ id: 1, note: 'x' }] });
    expect(await count('SELECT count() AS n FROM mig.v')).toBe(1);

    const second = await migrateClickHouse(client, migrations, { database: 'mig_meta' });
    expect(second).toEqual({ applied: [], alreadyApplied: ['0001_table.sql', '0002_view.sql'], skipped: [] });
    expect(await count('SELECT count() AS n FROM mig_meta.schema_migrations FINAL')).toBe(2);
  });

  it('applies a new file, refuses an edited applied one, and does not record a failed one', async () => {
    writeFileSync(join(migrations, '0003_more.sql'), 'ALTER TABLE mig.t ADD COLUMN IF NOT EXISTS extra UInt8 DEFAULT 7;\n');
    expect((await migrateClickHouse(client, migrations, { database: 'mig_meta' })).applied).toEqual(['0003_more.sql']);
    expect(await count('SELECT sum(extra) AS n FROM mig.t')).toBe(7);

    writeFileSync(join(migrations, '0004_broken.sql'), 'CREATE TABLE IF NOT EXISTS mig.u (id UInt32) ENGINE = MergeTree ORDER BY id;\nSELEC broken;\n');
    const failure = await migrateClickHouse(client, migrations, { database: 'mig_meta' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(MigrationError);
    expect((failure as MigrationError).code).toBe('MIGRATION_FAILED');
    expect((failure as MigrationError).file).toBe('0004_broken.sql');
    expect(await count("SELECT count() AS n FROM mig_meta.schema_migrations FINAL WHERE name = '0004_broken.sql'")).toBe(0);
    rmSync(join(migrations, '0004_broken.sql'));

    writeFileSync(join(migrations, '0001_table.sql'), 'CREATE DATABASE IF NOT EXISTS mig;\n');
    const mismatch = await migrateClickHouse(client, migrations, { database: 'mig_meta' }).catch((e: unknown) => e);
    expect((mismatch as MigrationError).code).toBe('MIGRATION_CHECKSUM_MISMATCH');
  });
  it('on the embedded engine skips access-control statements (it has no users) and records the file; forced, they fail', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tribune-chmig-access-'));
    try {
      writeFileSync(join(dir, '0001_access.sql'), [
        'CREATE DATABASE IF NOT EXISTS mig_acc;',
        'CREATE ROLE IF NOT EXISTS mig_reader;',
        '-- a grant',
        'GRANT SELECT ON mig_acc.* TO mig_reader;',
        "CREATE USER IF NOT EXISTS mig_user IDENTIFIED WITH sha256_password BY '{{secret:MIG_USER_PASSWORD}}';",
        'CREATE TABLE IF NOT EXISTS mig_acc.t (id UInt8) ENGINE = MergeTree ORDER BY id;',
        '',
      ].join('\n'));
      // Forced on chdb: ClickHouse itself refuses (ACCESS_DENIED), the file is not recorded.
      const forced = await migrateClickHouse(client, dir, { database: 'mig_acc_meta', accessControl: 'apply', secrets: { MIG_USER_PASSWORD: 'pw' } }).catch((e: unknown) => e);
      expect(forced).toBeInstanceOf(MigrationError);
      expect((forced as MigrationError).message).toMatch(/statement 2\/5 failed: .*ACCESS_DENIED|statement 2\/5 failed: .*Not enough privileges/);
      // Auto (the default): skipped by name — no secret needed for a statement that does not run — the rest applied.
      const auto = await migrateClickHouse(client, dir, { database: 'mig_acc_meta' });
      expect(auto.applied).toEqual(['0001_access.sql']);
      expect(auto.skipped.map((w) => w.split(': ')[0])).toEqual(['0001_access.sql#2', '0001_access.sql#3', '0001_access.sql#4']);
      expect(auto.skipped[1]).toBe('0001_access.sql#3: GRANT SELECT ON mig_acc.* TO mig_reader');
      expect(await count("SELECT count() AS n FROM system.tables WHERE database = 'mig_acc' AND name = 't'")).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the per-hour rollup (0005) is backfilled from the minutes stored before it, once, then fed by its view', async () => {
    const real = fileURLToPath(new URL('../../../../clickhouse/migrations', import.meta.url));
    const dir = mkdtempSync(join(tmpdir(), 'tribune-chmig-real-'));
    try {
      const files = readdirSync(real).filter((f) => f.endsWith('.sql')).sort();
      for (const f of files.filter((f) => f < '0005')) copyFileSync(join(real, f), join(dir, f));
      await migrateClickHouse(client, dir, { database: 'mig_real_meta' });
      // Two hours of a room: 30 messages from 3 senders, before the per-hour rollup exists.
      const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 3_600_000;
      const insert = (from: number, n: number) =>
        client.command({
          query: `INSERT INTO chat.messages (id, ts, room, user_id, status, kafka_topic, kafka_partition, kafka_offset)
                  SELECT concat('m', toString(${from} + number)), fromUnixTimestamp64Milli(toInt64(${hour} + (${from} + number) * 240000)), 'mig-room',
                         concat('u', toString(number % 3)), if(number % 5 = 0, 'blocked', 'accepted'), 'chat.messages', 0, ${from} + number
                  FROM numbers(${n})`,
        });
      await insert(0, 30);
      for (const f of files.filter((f) => f >= '0005')) copyFileSync(join(real, f), join(dir, f));
      expect((await migrateClickHouse(client, dir, { database: 'mig_real_meta' })).applied).toContain('0005_messages_1h.sql');
      const hourly = async () =>
        (await (await client.query({ query: "SELECT toString(toUnixTimestamp(hour)) AS h, toString(sum(messages)) AS n, toString(uniqMerge(chatters)) AS u FROM chat.messages_1h WHERE room = 'mig-room' GROUP BY hour ORDER BY hour", format: 'JSONEachRow' })).json<{ h: string; n: string; u: string }>()).map((r) => [Number(r.h), Number(r.n), Number(r.u)]);
      // 4-minute spacing: 15 messages per hour, all three senders in each.
      expect(await hourly()).toEqual([
        [hour / 1000, 15, 3],
        [hour / 1000 + 3600, 15, 3],
      ]);
      // The statement again (a rerun after a later failure): the table is not empty, nothing is added twice.
      const backfill = (await readMigrations(dir)).find((f) => f.name === '0005_messages_1h.sql')!.statements.find((st) => /^\s*(--.*\n)*\s*INSERT/.test(st))!;
      await client.command({ query: backfill });
      expect((await hourly()).map((r) => r[1])).toEqual([15, 15]);
      // After the migration the view feeds it.
      await insert(30, 5);
      expect((await hourly()).map((r) => r[1])).toEqual([15, 15, 5]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
