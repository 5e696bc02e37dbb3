import { createClient } from '@clickhouse/client';
import { CLICKHOUSE } from '@tribune/contracts';
import { TRPCError } from '@trpc/server';
import { createCaller } from '../api/root';
import { createContext } from '../api/trpc';
import { AppError } from '../app-error';
import { hashSessionToken, newSessionToken, SESSION_COOKIE } from '../auth/session-token';
import type { Role } from '../access/principal';
import type { Services } from '../services';

// Shared by the Explore integration suites: an operator of a role with a session, the AppError a call ended with,
// and rows written straight into chat.messages as ingest writes them (the rollup views fill from them).

export async function callerWithRole(services: Services, role: Role, tag: string) {
  const op = await services.db.operator.create({ data: { email: `${role}-${tag}-${newSessionToken().slice(0, 6)}@tribune.test`, passwordHash: 'unused', role } });
  const token = newSessionToken();
  await services.db.session.create({ data: { tokenHash: hashSessionToken(token), operatorId: op.id, expiresAt: new Date(Date.now() + 3600_000) } });
  const caller = createCaller(await createContext(services, { headers: new Headers({ cookie: `${SESSION_COOKIE}=${token}` }) }));
  return { caller, operator: op };
}

/** The AppError a promise rejected with (fails the test when it resolved or threw something else). */
export async function appErrorOf(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    const cause = err instanceof TRPCError ? err.cause : err;
    if (AppError.is(cause)) return cause;
    throw err;
  }
  throw new Error('expected the call to fail with an AppError, it succeeded');
}

export interface SeedMessage {
  id: string;
  ts: string;
  room: string;
  user_id: string;
  user_name: string;
  text: string;
  status: string;
  hit_rule_ids?: string[];
  rules_version?: number;
}

/** The admin connection of the test stack (writes the seed rows; Explore itself reads as its own user). */
export function adminClickHouse() {
  return createClient({ url: process.env.CLICKHOUSE_URL ?? 'http://127.0.0.1:8123', username: process.env.CLICKHOUSE_USER ?? 'default', password: process.env.CLICKHOUSE_PASSWORD ?? '' });
}

export async function seedMessages(ch: ReturnType<typeof adminClickHouse>, rows: SeedMessage[]): Promise<void> {
  await ch.insert({ table: CLICKHOUSE.messages, values: rows.map((r) => ({ hit_rule_ids: [], rules_version: 1, hits: '[]', ...r })), format: 'JSONEachRow' });
}
