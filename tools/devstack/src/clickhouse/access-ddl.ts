import type { ClickHouseClient } from '@clickhouse/client';

/**
 * Access-control statements of a migration (users, roles, settings profiles, quotas, row policies, grants), and what
 * the runner does with them where they cannot run.
 *
 * The embedded engine (chdb behind devstack's HTTP server) has no access storage: its one session user may not
 * `CREATE USER / ROLE / QUOTA / ROW POLICY / SETTINGS PROFILE` or `GRANT` (ClickHouse answers ACCESS_DENIED, code
 * 497, for each — probed on chdb 26.7; docs/analytics.md has the table). There the runner skips them, by name, and
 * says so in its log; on any other server they run like every statement, and a failure fails the migration.
 */
const ACCESS = /^(CREATE|ALTER|DROP)\s+(USER|ROLE|QUOTA|ROW\s+POLICY|POLICY|SETTINGS\s+PROFILE|PROFILE)\b|^(GRANT|REVOKE)\b/i;

/** The statement without its leading comment lines. */
const code = (statement: string) =>
  statement
    .split('\n')
    .filter((l) => !l.trim().startsWith('--'))
    .join('\n')
    .trim();

export function isAccessStatement(statement: string): boolean {
  return ACCESS.test(code(statement));
}

/** `{{secret:NAME}}` in a statement: a value the runner takes from its environment, never from the file. */
const SECRET = /\{\{secret:([A-Z][A-Z0-9_]*)\}\}/g;

export class MissingSecretError extends Error {
  constructor(readonly names: string[]) {
    super(`set ${names.join(', ')}: the statement takes ${names.length === 1 ? 'it' : 'them'} from the environment`);
    this.name = 'MissingSecretError';
  }
}

/**
 * Fills `{{secret:NAME}}` placeholders (passwords of the users a migration creates) as SQL string contents. The file —
 * and so its checksum — never holds the value; a missing or empty one is refused by name.
 */
export function bindSecrets(statement: string, secrets: Record<string, string | undefined>): string {
  const missing = [...statement.matchAll(SECRET)].map((m) => m[1]!).filter((name) => !secrets[name]);
  if (missing.length > 0) throw new MissingSecretError([...new Set(missing)]);
  return statement.replace(SECRET, (_all, name: string) => secrets[name]!.replace(/\\/g, '\\\\').replace(/'/g, "\\'"));
}

/** Whether the server is devstack's embedded engine (its HTTP server names itself `chdb`). */
export async function isEmbeddedEngine(client: ClickHouseClient): Promise<boolean> {
  const result = await client.query({ query: 'SELECT 1', format: 'JSONEachRow' });
  await result.json();
  const name = result.response_headers['x-clickhouse-server-display-name'];
  return (Array.isArray(name) ? name[0] : name) === 'chdb';
}
