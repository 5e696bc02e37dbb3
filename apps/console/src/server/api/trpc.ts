import { initTRPC, TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import superjson from 'superjson';
import { ZodError } from 'zod';
import { AppError, APP_ERROR_CODES, type AppErrorIssue } from '../app-error';
import type { Operator, RequestOrigin } from '../auth/auth-service';
import { clientIp } from '../auth/client-ip';
import { databaseUnavailableError } from '../db/database-unavailable';
import { clearedSessionCookie, readSessionCookie, sessionCookie } from '../auth/session-token';
import type { Services } from '../services';

/**
 * Per-request context. `setCookie` is how login/logout reach the response (fetch adapter's
 * resHeaders); automation callers will authenticate with API tokens through `authorization` later.
 */
export interface Context {
  services: Services;
  operator: Operator | null;
  sessionToken: string | null;
  /** Where the request comes from (X-Forwarded-For, TRUSTED_PROXY_HOPS): login throttling keys on it. */
  origin: RequestOrigin;
  setSessionCookie(token: string | null, maxAgeSeconds?: number): void;
}

export async function createContext(services: Services, opts: { headers: Headers; resHeaders?: Headers }): Promise<Context> {
  const sessionToken = readSessionCookie(opts.headers.get('cookie'));
  const operator = await services.auth.resolve(sessionToken);
  const secure = services.config.COOKIE_SECURE;
  return {
    services,
    operator,
    sessionToken,
    origin: { ip: clientIp(opts.headers, services.config.TRUSTED_PROXY_HOPS) },
    setSessionCookie(token, maxAgeSeconds = 0) {
      opts.resHeaders?.append('set-cookie', token ? sessionCookie(token, maxAgeSeconds, secure) : clearedSessionCookie(secure));
    },
  };
}

/** The message tRPC 11 refuses an over-long batch with (resolveResponse); the batch-size test pins it. */
const BATCH_REFUSED = 'Batch call exceeds maximum size';

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  // Live queues (SSE): a ping keeps proxies from closing a quiet stream; the client reconnects after silence.
  sse: { ping: { enabled: true, intervalMs: 10_000 }, client: { reconnectAfterInactivityMs: 25_000 } },
  // The one place application errors become wire errors: stable `appCode`, HTTP status, field issues.
  errorFormatter({ shape, error }) {
    const { stack: _stack, ...data } = shape.data;
    // PostgreSQL down (in a procedure or while the context resolved the session) is a typed 503, not Prisma's text.
    const cause = databaseUnavailableError(error.cause) ?? error.cause;
    if (AppError.is(cause)) {
      const trpcCode = APP_ERROR_CODES[cause.code];
      return {
        ...shape,
        message: cause.message,
        code: TRPC_ERROR_CODES_BY_KEY[trpcCode],
        data: { ...data, code: trpcCode, httpStatus: getHTTPStatusCodeFromError(new TRPCError({ code: trpcCode })), appCode: cause.code, issues: cause.issues },
      };
    }
    // tRPC's own refusal of a batch over `maxBatchSize` (handle-trpc.ts), given a stable code and a clear message.
    if (error.code === 'BAD_REQUEST' && error.message === BATCH_REFUSED) {
      const message = 'too many calls in one batched request (TRPC_MAX_BATCH, 20 by default): send fewer per request';
      return { ...shape, message, data: { ...data, appCode: 'BATCH_TOO_LARGE' as const, issues: [] as AppErrorIssue[] } };
    }
    if (cause instanceof ZodError) {
      const issues = cause.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message }));
      return { ...shape, message: issues.map((i) => `${i.field}: ${i.message}`).join('; '), data: { ...data, appCode: 'INVALID_INPUT', issues } };
    }
    return { ...shape, data: { ...data, appCode: null, issues: [] as AppErrorIssue[] } };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

const timing = t.middleware(async ({ ctx, path, type, next }) => {
  const started = performance.now();
  const result = await next();
  if (!result.ok && !AppError.is(result.error.cause) && result.error.code === 'INTERNAL_SERVER_ERROR') {
    ctx.services.logger.error({ module: 'trpc', path, type, err: result.error.cause ?? result.error }, 'procedure_failed');
  }
  const seconds = (performance.now() - started) / 1000;
  ctx.services.instruments.procedureSeconds.observe({ path, type, ok: String(result.ok) }, seconds);
  ctx.services.logger.debug({ module: 'trpc', path, type, ok: result.ok, ms: Math.round(seconds * 1000) }, 'procedure_done');
  return result;
});

export const publicProcedure = t.procedure.use(timing);

/**
 * A logged-in operator, even one who must still change the password: only for `auth.changePassword`.
 * (API tokens will plug in here, roles as a middleware after it.)
 */
export const sessionProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.operator) throw new AppError('UNAUTHENTICATED', 'log in first');
  return next({ ctx: { ...ctx, operator: ctx.operator } });
});

/** Operators only: a valid session whose password is not waiting to be changed. */
export const protectedProcedure = sessionProcedure.use(({ ctx, next }) => {
  if (ctx.operator.mustChangePassword) throw new AppError('PASSWORD_CHANGE_REQUIRED', 'change the initial password first (/change-password)');
  return next();
});
