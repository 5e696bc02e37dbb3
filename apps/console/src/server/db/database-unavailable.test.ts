import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { createLogger } from '@tribune/service-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../config';
import { appRouter } from '../api/root';
import { createContext } from '../api/trpc';
import { AppError } from '../app-error';
import { createServices } from '../services';
import { databaseUnavailableError, isDatabaseUnavailable } from './database-unavailable';
import { createPrisma } from './prisma';

// Port 1 on loopback refuses at once: the real driver's "cannot reach" error, no server needed.
const DEAD_DATABASE = 'postgresql://postgres@127.0.0.1:1/tribune_unreachable';

async function realDriverError(): Promise<unknown> {
  const db = createPrisma(DEAD_DATABASE);
  try {
    await db.room.findMany();
    return null;
  } catch (err) {
    return err;
  } finally {
    await db.$disconnect();
  }
}

describe('database unavailable', () => {
  it('recognises what Prisma + pg throw when PostgreSQL does not answer', async () => {
    const err = await realDriverError();
    expect(err).not.toBeNull();
    expect(isDatabaseUnavailable(err)).toBe(true);
    const appError = databaseUnavailableError(err);
    expect(appError?.code).toBe('DEPENDENCY_UNAVAILABLE');
    expect(appError?.message).toMatch(/database \(PostgreSQL\) is unavailable/);
  });

  it('leaves other errors alone: a constraint, a bug, an AppError', () => {
    expect(isDatabaseUnavailable({ name: 'PrismaClientKnownRequestError', code: 'P2002', meta: { target: ['email'] } })).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('undefined is not a function'))).toBe(false);
    expect(databaseUnavailableError(new AppError('NOT_FOUND', 'no such room'))).toBeNull();
    // A socket failure deep in a cause chain, and a server shutting down (SQLSTATE 57P01), are unavailability.
    expect(isDatabaseUnavailable(new Error('query failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) }))).toBe(true);
    expect(isDatabaseUnavailable({ name: 'DriverAdapterError', cause: { kind: 'postgres', originalCode: '57P01' } })).toBe(true);
  });

  describe('over HTTP, as an operator or automation sees it', () => {
    const config = readConfig({
      DATABASE_URL: DEAD_DATABASE,
      REDIS_URL: 'redis://127.0.0.1:1',
      CHAT_TOKEN_SECRET: 'unit-test-secret-0123456789',
      LOG_LEVEL: 'silent',
    });
    const services = createServices(config, createLogger({ name: 'console-test', level: 'silent' }));
    afterAll(() => services.close());

    const call = (path: string, init: RequestInit) =>
      fetchRequestHandler({
        endpoint: '/api/trpc',
        req: new Request(`http://console.test/api/trpc/${path}`, init),
        router: appRouter,
        createContext: ({ req, resHeaders }) => createContext(services, { headers: req.headers, resHeaders }),
      });

    async function expectUnavailable(res: Response) {
      const body = (await res.json()) as { error: { json: { message: string; data: { appCode: string | null } } } };
      expect({ status: res.status, appCode: body.error.json.data.appCode }).toEqual({ status: 503, appCode: 'DEPENDENCY_UNAVAILABLE' });
      expect(body.error.json.message).toMatch(/PostgreSQL/);
    }

    it('answers 503 with the stable code when the session lookup (the request context) hits the database', async () => {
      await expectUnavailable(await call('rooms.list', { headers: { cookie: 'tribune_session=some-session-token' } }));
    });

    it('answers 503 with the stable code when a procedure hits the database', async () => {
      const body = JSON.stringify({ json: { email: 'admin@tribune.local', password: 'not-checked-anyway' } });
      await expectUnavailable(await call('auth.login', { method: 'POST', headers: { 'content-type': 'application/json' }, body }));
    });
  });
});
