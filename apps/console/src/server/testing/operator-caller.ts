import type { Logger } from '@tribune/service-kit';
import { readConfig, type Config } from '../../config';
import { createCaller } from '../api/root';
import { createContext } from '../api/trpc';
import { ensureDatabase, migrateDeploy } from '../db/migrate';
import { createServices, type Services } from '../services';

// Integration-test setup shared by the console suites: real PostgreSQL and Redis, an operator
// account, and tRPC callers built the way a request builds them (cookie in, Set-Cookie out).

/**
 * The suite's env: the harness's database when given, otherwise the dev database; its own Redis
 * prefix (`<REDIS_PREFIX>-<tag>`) so its snapshot and announcements never meet another suite's.
 */
export function consoleTestEnv<Extra extends Record<string, string> = Record<never, string>>(tag: string, extra: Extra = {} as Extra) {
  const base = {
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tribune_console_dev',
    REDIS_PREFIX: `${process.env.REDIS_PREFIX ?? 'tribune'}-${tag}`,
    CHAT_TOKEN_SECRET: process.env.CHAT_TOKEN_SECRET ?? 'integration-test-secret-0123456789',
    LOG_LEVEL: 'warn',
  };
  return { ...base, ...extra };
}

/** Migrates the database, builds the services and makes sure the operator can log in. */
export async function startTestServices(env: Record<string, string | undefined>, logger: Logger, operator: { email: string; password: string }): Promise<{ config: Config; services: Services }> {
  const config = readConfig(env);
  await ensureDatabase(config.DATABASE_URL, logger);
  await migrateDeploy(config.DATABASE_URL, logger);
  const services = createServices(config, logger);
  const { operator: created } = await services.auth.ensureOperator(operator.email, operator.password);
  // A suite's operator is past its first login: the forced password change has its own test.
  await services.db.operator.update({ where: { id: created.id }, data: { mustChangePassword: false, passwordChangedAt: new Date(), role: 'admin', rooms: [], disabledAt: null } });
  return { config, services };
}

/** A caller sending `cookie` (none when null); `resHeaders` collects what the procedure set. */
export async function callerFor(services: Services, cookie: string | null, ip?: string) {
  const headers = new Headers(cookie ? { cookie } : {});
  // What `next start` appends for the socket's peer (TRUSTED_PROXY_HOPS=1 reads it).
  if (ip) headers.set('x-forwarded-for', ip);
  const resHeaders = new Headers();
  return { caller: createCaller(await createContext(services, { headers, resHeaders })), resHeaders };
}

/** Logs in through `auth.login`; the session cookie (`name=value`), or '' when none was set. */
export async function loginCookie(services: Services, operator: { email: string; password: string }): Promise<string> {
  const anon = await callerFor(services, null);
  await anon.caller.auth.login(operator);
  return (anon.resHeaders.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/** A caller logged in as `operator`. */
export async function operatorCaller(services: Services, operator: { email: string; password: string }) {
  return (await callerFor(services, await loginCookie(services, operator))).caller;
}
