import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { CLICKHOUSE } from '@tribune/contracts';
import type { Logger } from '@tribune/service-kit';
import { bindSecrets, isAccessStatement, isEmbeddedEngine, MissingSecretError } from './access-ddl';
import { clusterMigrationsTable, clusterRewriter, mergeTreeTables } from './cluster-ddl';
import { splitStatements } from './split-statements';

export type MigrationErrorCode = 'MIGRATION_CHECKSUM_MISMATCH' | 'MIGRATION_FAILED';

export class MigrationError extends Error {
  constructor(
    readonly code: MigrationErrorCode,
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

export interface MigrationFile {
  name: string;
  checksum: string;
  statements: string[];
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
  /** Access-control statements not run because the server cannot (the embedded engine): `file#n: first line`. */
  skipped: string[];
}

/**
 * What to do with access-control statements (users, roles, profiles, quotas, grants; access-ddl.ts): `auto` runs them
 * except on the embedded engine, which has no access storage; `apply` always; `skip` never.
 */
export type AccessControlMode = 'auto' | 'apply' | 'skip';

/** `*.sql` files of a directory in name order, each with its checksum and statements. */
export async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  return Promise.all(
    names.map(async (name) => {
      const text = await readFile(join(dir, name), 'utf8');
      return { name, checksum: createHash('sha256').update(text).digest('hex'), statements: splitStatements(text) };
    }),
  );
}

/**
 * Applies every migration of `dir` not yet recorded in `<database>.schema_migrations`, in name order,
 * one statement at a time, recording each file after all its statements succeeded.
 *
 * A file that fails half-way is not recorded and runs again from its first statement next time,
 * so migration statements are written to be re-runnable (`IF NOT EXISTS`). An applied file whose
 * content changed is refused: history is append-only.
 */
export async function migrateClickHouse(
  client: ClickHouseClient,
  dir: string,
  {
    logger,
    database = CLICKHOUSE.database,
    cluster,
    secrets = {},
    accessControl = 'auto',
  }: {
    logger?: Logger;
    database?: string;
    cluster?: string;
    /** Values of `{{secret:NAME}}` placeholders (the passwords of the users 0004 creates): usually process.env. */
    secrets?: Record<string, string | undefined>;
    accessControl?: AccessControlMode;
  } = {},
): Promise<MigrateResult> {
  const log = logger?.child({ module: 'ch_migrate' });
  const table = `${database}.schema_migrations`;
  const files = await readMigrations(dir);
  // CLICKHOUSE_CLUSTER: every statement in its cluster form (cluster-ddl.ts); none: the single-server schema as written.
  const rewriter = cluster ? clusterRewriter(cluster, mergeTreeTables(files.flatMap((f) => f.statements))) : null;
  const forServer = (statement: string) => (rewriter ? rewriter.rewrite(statement) : [statement]);
  await client.command({ query: cluster ? `CREATE DATABASE IF NOT EXISTS ${database} ON CLUSTER ${cluster}` : `CREATE DATABASE IF NOT EXISTS ${database}` });
  await client.command({
    query: cluster
      ? clusterMigrationsTable(cluster, table)
      : `CREATE TABLE IF NOT EXISTS ${table} (name String, checksum String, applied_at DateTime64(3, 'UTC')) ENGINE = ReplacingMergeTree(applied_at) ORDER BY name`,
  });
  const rows = await (await client.query({ query: `SELECT name, argMax(checksum, applied_at) AS checksum FROM ${table} GROUP BY name`, format: 'JSONEachRow' })).json<{ name: string; checksum: string }>();
  const recorded = new Map(rows.map((r) => [r.name, r.checksum]));

  const skipAccess = accessControl === 'skip' || (accessControl === 'auto' && (await isEmbeddedEngine(client)));
  const result: MigrateResult = { applied: [], alreadyApplied: [], skipped: [] };
  for (const file of files) {
    const previous = recorded.get(file.name);
    if (previous !== undefined) {
      if (previous !== file.checksum) {
        throw new MigrationError('MIGRATION_CHECKSUM_MISMATCH', file.name, `${file.name} was applied with checksum ${previous.slice(0, 12)}… but the file now has ${file.checksum.slice(0, 12)}…; add a new migration instead of editing an applied one`);
      }
      result.alreadyApplied.push(file.name);
      continue;
    }
    for (const [index, statement] of file.statements.entries()) {
      if (skipAccess && isAccessStatement(statement)) {
        const what = `${file.name}#${index + 1}: ${statement.split('\n').find((l) => !l.trim().startsWith('--'))?.trim().slice(0, 80) ?? ''}`;
        log?.warn({ file: file.name, statement: index + 1, what }, 'migration_access_statement_skipped');
        result.skipped.push(what);
        continue;
      }
      try {
        for (const query of forServer(bindSecrets(statement, secrets))) await client.command({ query });
      } catch (err) {
        if (err instanceof MissingSecretError) throw new MigrationError('MIGRATION_FAILED', file.name, `${file.name} statement ${index + 1}/${file.statements.length}: ${err.message}`, { cause: err });
        throw new MigrationError('MIGRATION_FAILED', file.name, `${file.name} statement ${index + 1}/${file.statements.length} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
    }
    await client.insert({ table, format: 'JSONEachRow', values: [{ name: file.name, checksum: file.checksum, applied_at: Date.now() }] });
    log?.info({ file: file.name, statements: file.statements.length }, 'migration_applied');
    result.applied.push(file.name);
  }
  return result;
}
