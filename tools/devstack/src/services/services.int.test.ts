import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ensurePostgres, recreateTestDatabase, withDatabase, type PostgresHandle } from './postgres';
import { ensureRedis, redisPing, type RedisHandle } from './redis';

// When nothing answers on the URL's port, the stack starts PostgreSQL and Redis from the system's
// binaries under its data dir. Own ports, so the shared servers on 5432/6379 are never touched.
const PG_PORT = 25400 + Math.floor(Math.random() * 50);
const REDIS_PORT = 26400 + Math.floor(Math.random() * 50);

describe('PostgreSQL and Redis attach-or-start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tribune-services-'));
  // mkdtemp makes it 0700: the postgres user (when tests run as root) must be able to enter it.
  chmodSync(dir, 0o755);
  let postgres: PostgresHandle | undefined;
  let redis: RedisHandle | undefined;

  afterAll(async () => {
    await redis?.stop();
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts PostgreSQL under the data dir, creates the database, and recreates only a test database', async () => {
    const url = `postgresql://postgres@127.0.0.1:${PG_PORT}/tribune_app`;
    postgres = await ensurePostgres({ url, dataDir: join(dir, 'postgres'), explicit: false });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('CREATE TABLE kept (x int)');
    await client.end();

    await expect(recreateTestDatabase(url)).rejects.toThrow(/does not contain "test"/);
    const testUrl = withDatabase(url, 'tribune_app_test');
    await recreateTestDatabase(testUrl);
    const testClient = new pg.Client({ connectionString: testUrl });
    await testClient.connect();
    expect((await testClient.query('SELECT current_database() AS db')).rows[0].db).toBe('tribune_app_test');
    await testClient.end();

    // A second call attaches to the running server instead of starting another.
    const again = await ensurePostgres({ url, dataDir: join(dir, 'postgres'), explicit: false });
    const check = new pg.Client({ connectionString: url });
    await check.connect();
    expect((await check.query("SELECT to_regclass('kept') IS NOT NULL AS ok")).rows[0].ok).toBe(true);
    await check.end();
    await again.stop();
  }, 120_000);

  it('starts redis-server when nothing answers, and stops it', async () => {
    redis = await ensureRedis({ url: `redis://127.0.0.1:${REDIS_PORT}`, dataDir: join(dir, 'redis'), explicit: false, stdio: 'ignore' });
    expect(await redisPing('127.0.0.1', REDIS_PORT)).toBe(true);
    await redis.stop();
    redis = undefined;
    expect(await redisPing('127.0.0.1', REDIS_PORT)).toBe(false);
  });

  it('refuses to start anything for an explicit URL that does not answer', async () => {
    await expect(ensureRedis({ url: `redis://127.0.0.1:${REDIS_PORT}`, dataDir: join(dir, 'r2'), explicit: true })).rejects.toThrow(/does not answer/);
  });
});
