import { fileURLToPath } from 'node:url';
import { query } from 'chdb';
import { beforeAll, describe, expect, it } from 'vitest';
import { ClusterDdlError, clusterMigrationsTable, clusterRewriter, mergeTreeTables } from './cluster-ddl';
import { readMigrations, type MigrationFile } from './migrate';

// The cluster form of the real migration files. No cluster can run here (no Keeper, one embedded engine), so the
// shapes are checked statement by statement and every rewritten statement is parsed by ClickHouse's own parser
// (chdb in process, `EXPLAIN AST`: parsed, never executed).
const dir = fileURLToPath(new URL('../../../../clickhouse/migrations', import.meta.url));
let files: MigrationFile[];
let tables: Set<string>;
let out: Map<string, string[]>;

const stmt = (start: RegExp) => [...out.values()].flat().find((s) => start.test(s.replace(/^(--.*\n|\s*\n)*/, '')));

beforeAll(async () => {
  files = await readMigrations(dir);
  tables = mergeTreeTables(files.flatMap((f) => f.statements));
  const rewriter = clusterRewriter('tribune', tables);
  out = new Map(files.flatMap((f) => f.statements.map((s, i) => [`${f.name}#${i + 1}`, rewriter.rewrite(s)] as const)));
});

describe('cluster DDL (CLICKHOUSE_CLUSTER)', () => {
  it('knows every MergeTree table of the migrations', () => {
    for (const t of ['chat.messages', 'chat.moderation_events', 'chat.messages_per_minute', 'chat.messages_1s', 'chat.messages_1m', 'chat.moderation_1s', 'chat.moderation_1m', 'chat.messages_1h']) expect(tables).toContain(t);
  });

  it('an event table becomes a replicated local table with the dedup window, and a Distributed front sharded by Kafka partition', () => {
    const local = stmt(/^CREATE TABLE IF NOT EXISTS chat\.messages_local ON CLUSTER tribune\n\(/)!;
    expect(local).toContain("ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/chat/messages_local', '{replica}')");
    expect(local).toContain('SETTINGS replicated_deduplication_window = 10000');
    expect(local).not.toContain('non_replicated');
    expect(local).toContain('ORDER BY (room, ts, id)');
    expect(stmt(/^CREATE TABLE IF NOT EXISTS chat\.messages ON CLUSTER/)).toBe(
      'CREATE TABLE IF NOT EXISTS chat.messages ON CLUSTER tribune AS chat.messages_local\nENGINE = Distributed(tribune, chat, messages_local, kafka_partition)',
    );
  });

  it('keeps the engine arguments and kind of a rollup; its views read and write the local tables', () => {
    expect(stmt(/^CREATE TABLE IF NOT EXISTS chat\.moderation_1s_local/)).toContain(
      "ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/chat/moderation_1s_local', '{replica}', events)",
    );
    expect(stmt(/^CREATE TABLE IF NOT EXISTS chat\.messages_1s_local/)).toContain('ENGINE = ReplicatedAggregatingMergeTree(');
    expect(stmt(/^CREATE TABLE IF NOT EXISTS chat\.messages_1s ON CLUSTER/)).toContain('Distributed(tribune, chat, messages_1s_local, rand())');
    const view = stmt(/^CREATE MATERIALIZED VIEW IF NOT EXISTS chat\.messages_1s_mv/)!;
    expect(view).toMatch(/^CREATE MATERIALIZED VIEW IF NOT EXISTS chat\.messages_1s_mv ON CLUSTER tribune\nTO chat\.messages_1s_local\n/);
    expect(view).toContain('FROM chat.messages_local');
    expect(view).not.toMatch(/FROM chat\.messages\b(?!_local)/);
  });

  it('alters the local tables on the cluster (projections live with the data)', () => {
    expect(stmt(/^ALTER TABLE chat\.messages_local ON CLUSTER tribune\s+ADD PROJECTION IF NOT EXISTS lineage/)).toBeDefined();
    expect(stmt(/^ALTER TABLE chat\.moderation_events_local ON CLUSTER tribune MATERIALIZE PROJECTION lineage$/)).toBeDefined();
  });

  it('every statement of every migration has a cluster form that ClickHouse parses', () => {
    const statements = [...out.values()].flat();
    expect(statements.length).toBeGreaterThan(files.flatMap((f) => f.statements).length);
    for (const s of [...statements, clusterMigrationsTable('tribune', 'chat.schema_migrations')]) {
      expect(() => query(`EXPLAIN AST ${s}`, 'CSV'), s).not.toThrow();
      // A backfill runs once, through the Distributed fronts (INSERT has no ON CLUSTER).
      if (/^INSERT INTO/m.test(s)) expect(s).not.toMatch(/_local\b/);
      else expect(s).toMatch(/ON CLUSTER tribune/);
    }
  });

  it('refuses what it has no cluster form for, and a cluster name that is not an identifier', () => {
    const r = clusterRewriter('tribune', tables);
    expect(() => r.rewrite('INSERT INTO chat.elsewhere SELECT 1')).toThrow(ClusterDdlError);
    expect(() => r.rewrite("INSERT INTO chat.messages VALUES ('x')")).toThrow(ClusterDdlError);
    expect(r.rewrite('INSERT INTO chat.messages_1h SELECT * FROM chat.messages_1m')).toEqual(['INSERT INTO chat.messages_1h SELECT * FROM chat.messages_1m']);
    expect(() => r.rewrite('CREATE TABLE chat.t (a UInt8) ENGINE = Memory')).toThrow(/only MergeTree-family/);
    expect(() => r.rewrite('CREATE VIEW chat.v AS SELECT 1')).toThrow(/needs `TO <table>`/);
    expect(() => clusterRewriter("x'; DROP", tables)).toThrow(/plain identifier/);
    expect(r.rewrite('GRANT SELECT ON chat.* TO analyst')).toEqual(['GRANT ON CLUSTER tribune SELECT ON chat.* TO analyst']);
    expect(r.rewrite('CREATE ROLE IF NOT EXISTS analyst')).toEqual(['CREATE ROLE IF NOT EXISTS analyst ON CLUSTER tribune']);
    const policy = r.rewrite("CREATE ROW POLICY IF NOT EXISTS rooms ON chat.messages USING room = 'final' TO analyst");
    expect(policy).toEqual(["CREATE ROW POLICY IF NOT EXISTS rooms ON CLUSTER tribune ON chat.messages USING room = 'final' TO analyst"]);
    for (const s of [...policy, ...r.rewrite("CREATE USER IF NOT EXISTS ana IDENTIFIED WITH sha256_password BY 'x' SETTINGS readonly = 1")]) expect(() => query(`EXPLAIN AST ${s}`, 'CSV'), s).not.toThrow();
  });
});
