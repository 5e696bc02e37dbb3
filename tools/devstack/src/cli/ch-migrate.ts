import { fileURLToPath } from 'node:url';
import { createClient } from '@clickhouse/client';
import { createLogger } from '@tribune/service-kit';
import { migrateClickHouse, MigrationError } from '../clickhouse/migrate';

// `tsx tools/devstack/src/cli/ch-migrate.ts [dir]`: applies clickhouse/migrations to CLICKHOUSE_URL.
const defaultDir = fileURLToPath(new URL('../../../../clickhouse/migrations', import.meta.url));
const dir = process.argv[2] ?? process.env.CLICKHOUSE_MIGRATIONS_DIR ?? defaultDir;
const url = process.env.CLICKHOUSE_URL ?? 'http://127.0.0.1:8123';
const logger = createLogger({ name: 'ch-migrate', level: process.env.LOG_LEVEL ?? 'info', pretty: process.env.LOG_PRETTY === '1' || process.env.LOG_PRETTY === 'true' });
const client = createClient({ url, username: process.env.CLICKHOUSE_USER ?? 'default', password: process.env.CLICKHOUSE_PASSWORD ?? '' });

try {
  // CLICKHOUSE_CLUSTER=<name>: ON CLUSTER, Replicated…MergeTree behind Distributed tables (clickhouse/README.md).
  // The users' passwords of 0004 come from the environment ({{secret:…}}); on the embedded engine those statements are skipped.
  const result = await migrateClickHouse(client, dir, { logger, cluster: process.env.CLICKHOUSE_CLUSTER || undefined, secrets: process.env });
  console.log(`clickhouse migrations (${url}): ${result.applied.length} applied, ${result.alreadyApplied.length} already applied${result.skipped.length ? `, ${result.skipped.length} access-control statements skipped (the embedded engine has no users)` : ''}`);
} catch (err) {
  console.error(err instanceof MigrationError ? `${err.code}: ${err.message}` : err);
  process.exitCode = 1;
} finally {
  await client.close();
}
