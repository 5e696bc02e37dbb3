/**
 * The cluster form of the migrations (`CLICKHOUSE_CLUSTER=<name>`, clickhouse/README.md "When one ClickHouse is not
 * enough"). The files stay written for one server; the runner rewrites each statement for a cluster:
 *
 * - `CREATE DATABASE x` → `… ON CLUSTER c`.
 * - `CREATE TABLE db.t (…) ENGINE = <Kind>MergeTree(args) …` → two statements: the replicated local table
 *   `db.t_local ON CLUSTER c … ENGINE = Replicated<Kind>MergeTree('/clickhouse/tables/{shard}/db/t_local', '{replica}',
 *   args)` (with `non_replicated_deduplication_window` renamed `replicated_deduplication_window`, so ingest's tokens keep
 *   exactly-once), then `db.t ON CLUSTER c AS db.t_local ENGINE = Distributed(c, db, t_local, key)` in front: every
 *   reader and writer keeps using `db.t`. The key is `kafka_partition` for the event tables (ingest's insert is one
 *   Kafka partition's slice, so it lands whole on one shard and its token applies there) and `rand()` for the rollups,
 *   which are only ever written by their views on each shard.
 * - `CREATE MATERIALIZED VIEW db.v TO db.target AS SELECT … FROM db.src` → `ON CLUSTER c`, to and from the local
 *   tables: each shard's view feeds that shard's rollups; the Distributed rollup merges them at read time.
 * - `ALTER TABLE db.t …` → `ALTER TABLE db.t_local ON CLUSTER c …` (projections live with the data).
 * - Access control (`CREATE USER | ROLE | QUOTA | ROW POLICY | SETTINGS PROFILE`, `GRANT`, `REVOKE`) → `ON CLUSTER c`.
 * - `INSERT INTO db.t SELECT … FROM db.src` (a backfill) → unchanged, run once: it reads and writes the Distributed
 *   fronts, so it sees every shard's rows and spreads what it writes over the shards (a rollup's readers aggregate
 *   again, so where a row lands does not matter). INSERT has no `ON CLUSTER`; running it on every server would
 *   repeat it.
 *
 * Anything else is refused by name rather than applied to one server of the cluster.
 */

export class ClusterDdlError extends Error {
  readonly code = 'CLUSTER_DDL_UNSUPPORTED';
  constructor(message: string) {
    super(message);
    this.name = 'ClusterDdlError';
  }
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LOCAL = '_local';

/** The sharding key of a table's Distributed front: see the module comment. */
function shardingKey(body: string): string {
  return /\bkafka_partition\b/.test(body) ? 'kafka_partition' : 'rand()';
}

/** The statement without its leading comment lines (the matching ignores them; the output keeps them). */
function splitLeadingComments(statement: string): { comments: string; sql: string } {
  const lines = statement.split('\n');
  let i = 0;
  while (i < lines.length && (lines[i]!.trim() === '' || lines[i]!.trim().startsWith('--'))) i++;
  return { comments: lines.slice(0, i).join('\n'), sql: lines.slice(i).join('\n') };
}

export interface ClusterRewriter {
  /** The statements to run on the cluster for one statement of a migration file. */
  rewrite(statement: string): string[];
}

/**
 * `tables`: every MergeTree table the migrations create (`db.t`), found by {@link mergeTreeTables} over all files, so
 * a view or ALTER in a later file refers to the local table even when the CREATE ran long ago.
 */
export function clusterRewriter(cluster: string, tables: ReadonlySet<string>): ClusterRewriter {
  if (!IDENT.test(cluster)) throw new ClusterDdlError(`CLICKHOUSE_CLUSTER must be a plain identifier (letters, digits, _), got ${JSON.stringify(cluster)}`);
  const on = `ON CLUSTER ${cluster}`;
  const local = (name: string) => (tables.has(name) ? `${name}${LOCAL}` : name);

  function rewriteSql(sql: string): string[] {
    let m = /^CREATE\s+DATABASE\s+(IF\s+NOT\s+EXISTS\s+)?([\w.]+)/i.exec(sql);
    if (m) return [`${m[0]} ${on}${sql.slice(m[0].length)}`];

    m = /^CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?(\w+)\.(\w+)\s*\(/i.exec(sql);
    if (m) {
      const [, ifNot = '', db, table] = m as unknown as [string, string | undefined, string, string];
      const engine = /ENGINE\s*=\s*(\w*)MergeTree\b(\s*\(([^)]*)\))?/i.exec(sql);
      if (!engine) throw new ClusterDdlError(`CREATE TABLE ${db}.${table}: only MergeTree-family tables have a cluster form`);
      const kind = engine[1] ?? '';
      const args = (engine[3] ?? '').trim();
      const path = `'/clickhouse/tables/{shard}/${db}/${table}${LOCAL}'`;
      const replicated = `ENGINE = Replicated${kind}MergeTree(${[path, "'{replica}'", ...(args ? [args] : [])].join(', ')})`;
      const localSql = sql
        .replace(m[0], `CREATE TABLE ${ifNot}${db}.${table}${LOCAL} ${on}\n(`)
        .replace(engine[0], replicated)
        .replace(/\bnon_replicated_deduplication_window\b/g, 'replicated_deduplication_window');
      const front = `CREATE TABLE ${ifNot}${db}.${table} ${on} AS ${db}.${table}${LOCAL}\nENGINE = Distributed(${cluster}, ${db}, ${table}${LOCAL}, ${shardingKey(sql)})`;
      return [localSql, front];
    }

    m = /^CREATE\s+MATERIALIZED\s+VIEW\s+(IF\s+NOT\s+EXISTS\s+)?([\w.]+)\s+TO\s+([\w.]+)/i.exec(sql);
    if (m) {
      const [, ifNot = '', view, target] = m as unknown as [string, string | undefined, string, string];
      if (!tables.has(target)) throw new ClusterDdlError(`materialized view ${view}: its target ${target} is not a table the migrations create`);
      const head = `CREATE MATERIALIZED VIEW ${ifNot}${view} ${on}\nTO ${local(target)}`;
      const rest = sql.slice(m[0].length).replace(/\b(FROM|JOIN)\s+([\w]+\.[\w]+)/gi, (_all, kw: string, name: string) => `${kw} ${local(name)}`);
      return [head + rest];
    }
    if (/^CREATE\s+(MATERIALIZED\s+)?VIEW\b/i.test(sql)) throw new ClusterDdlError('a view needs `TO <table>` to have a cluster form (a view without one keeps its data in a hidden table)');

    m = /^ALTER\s+TABLE\s+([\w.]+)/i.exec(sql);
    if (m) return [`ALTER TABLE ${local(m[1]!)} ${on}${sql.slice(m[0].length)}`];

    m = /^(CREATE|ALTER|DROP)\s+(USER|ROLE|QUOTA|ROW\s+POLICY|SETTINGS\s+PROFILE)\s+(IF\s+(NOT\s+)?EXISTS\s+)?(\S+)/i.exec(sql);
    if (m) return [`${m[0]} ${on}${sql.slice(m[0].length)}`];
    m = /^(GRANT|REVOKE)\b/i.exec(sql);
    if (m) return [`${m[1]} ${on}${sql.slice(m[0].length)}`];

    m = /^INSERT\s+INTO\s+([\w.]+)\s+SELECT\b/i.exec(sql);
    if (m) {
      if (!tables.has(m[1]!)) throw new ClusterDdlError(`INSERT INTO ${m[1]}: a backfill must write a table the migrations create`);
      return [sql];
    }

    throw new ClusterDdlError(`no cluster form for: ${sql.split('\n')[0]!.slice(0, 80)}… (add one to tools/devstack/src/clickhouse/cluster-ddl.ts)`);
  }

  return {
    rewrite(statement) {
      const { comments, sql } = splitLeadingComments(statement);
      const out = rewriteSql(sql.trim());
      return comments ? [`${comments}\n${out[0]!}`, ...out.slice(1)] : out;
    },
  };
}

/** `db.t` of every MergeTree-family table the statements create. */
export function mergeTreeTables(statements: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const s of statements) {
    const sql = splitLeadingComments(s).sql;
    const m = /^CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?(\w+\.\w+)\s*\(/i.exec(sql.trim());
    if (m && /ENGINE\s*=\s*\w*MergeTree\b/i.test(sql)) names.add(m[2]!);
  }
  return names;
}

/** The migration runner's own record table on a cluster: one copy shared by every server (no `{shard}`). */
export function clusterMigrationsTable(cluster: string, table: string): string {
  return `CREATE TABLE IF NOT EXISTS ${table} ON CLUSTER ${cluster} (name String, checksum String, applied_at DateTime64(3, 'UTC')) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/all/${table}', '{replica}', applied_at) ORDER BY name`;
}
