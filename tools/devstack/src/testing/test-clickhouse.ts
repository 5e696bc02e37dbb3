import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@clickhouse/client';
import { startChdbServer } from '../clickhouse/chdb-process';
import { migrateClickHouse, type MigrateResult } from '../clickhouse/migrate';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../../../clickhouse/migrations', import.meta.url));

export interface ClickHouseForTests {
  url: string;
  stop(): Promise<void>;
}

/** CLICKHOUSE_URL when the harness gives one; otherwise an embedded chdb server of our own on `port`. */
export async function clickHouseForTests(port: number): Promise<ClickHouseForTests> {
  const given = process.env.CLICKHOUSE_URL;
  if (given) return { url: given, stop: async () => {} };
  const dataDir = mkdtempSync(join(tmpdir(), 'tribune-test-ch-'));
  try {
    const server = await startChdbServer({ port, dataDir, logLevel: 'warn', stdio: ['ignore', 'inherit', 'inherit'] });
    return {
      url: server.url,
      async stop() {
        await server.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

/** Applies clickhouse/migrations to `url` (idempotent: applied files are skipped). */
export async function migrateTestClickHouse(url: string): Promise<MigrateResult> {
  const client = createClient({ url, username: process.env.CLICKHOUSE_USER ?? 'default', password: process.env.CLICKHOUSE_PASSWORD ?? '' });
  try {
    return await migrateClickHouse(client, MIGRATIONS_DIR);
  } finally {
    await client.close();
  }
}
