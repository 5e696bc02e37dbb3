import { initTRPC, TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import superjson from 'superjson';
import { ZodError } from 'zod';
import { AppError, APP_ERROR_CODES, type AppErrorIssue } from '../app-error';
import type { AccessRule, ProcedureMeta } from '../access/access-rules';
import { inScope, type Principal } from '../access/principal';
import { actorOf, recordAudit, type Audit } from '../audit/record-audit';
import type { Operator, RequestOrigin } from '../auth/auth-service';
import { clientIp } from '../auth/client-ip';
import { databaseUnavailableError } from '../db/database-unavailable';
import { clearedSessionCookie, readSessionCookie, sessionCookie } from '../auth/session-token';
import { bearerOf } from '../tokens/api-token';
import type { Services } from '../services';

/**
 * Per-request context. `setCookie` is how login/logout reach the response (fetch adapter's resHeaders). The caller is
 * an operator (session cookie) or an API token (`Authorization: Bearer trb_…`, which wins over a cookie): `principal`.
 */
export interface Context {
  services: Services;
  /** The operator of the session cookie (null for API tokens). */
  operator: Operator | null;
  /** Who is calling, with role and room scope: the operator or the API token. */
  principal: Principal | null;
  /** Why a Bearer token given was refused (unknown, revoked, expired). */
  credentialError: string | null;
  sessionToken: string | null;
  /** Where the request comes from (X-Forwarded-For, TRUSTED_PROXY_HOPS): login throttling keys on it. */
  origin: RequestOrigin;
  setSessionCookie(token: string | null, maxAgeSeconds?: number): void;
}

export async function createContext(services: Services, opts: { headers: Headers; resHeaders?: Headers }): Promise<Context> {
  const origin = { ip: clientIp(opts.headers, services.config.TRUSTED_PROXY_HOPS), userAgent: opts.headers.get('user-agent') };
  const secure = services.config.COOKIE_SECURE;
  const bearer = bearerOf(opts.headers.get('authorization'));
  if (bearer !== null) {
    const resolved = await services.tokens.resolve(bearer);
    const principal = 'principal' in resolved ? resolved.principal : null;
    const credentialError = 'refused' in resolved ? resolved.refused : null;
    return { services, operator: null, principal, credentialError, sessionToken: null, origin, setSessionCookie() {} };
  }
  const sessionToken = readSessionCookie(opts.headers.get('cookie'));
  const operator = await services.auth.resolve(sessionToken);
  const principal: Principal | null = operator
    ? { kind: 'operator', id: operator.id, label: operator.email, role: operator.role, rooms: operator.rooms, mustChangePassword: operator.mustChangePassword }
    : null;
  return {
    services,
    operator,
    principal,
    credentialError: null,
    sessionToken,
    origin,
    setSessionCookie(token, maxAgeSeconds = 0) {
      opts.resHeaders?.append('set-cookie', token ? sessionCookie(token, maxAgeSeconds, secure) : clearedSessionCookie(secure));
    },
  };
}

/** The message tRPC 11 refuses an over-long batch with (resolveResponse); the batch-size test pins it. */
const BATCH_REFUSED = 'Batch call exceeds maximum size';

const t = initTRPC.context<Context>().meta<ProcedureMeta>().create({
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

const rolesText = (roles: readonly string[]) => (roles.length === 1 ? `the ${roles[0]} role` : `the ${roles.slice(0, -1).join(', ')} or ${roles.at(-1)} role`);

/**
 * THE access check: every procedure's `.meta({ access })` (access/access-rules.ts) judged against the caller, before
 * its input is even parsed. A procedure without a rule is refused to everyone. Room-scoped moderators are judged on
 * the room(s) the call acts on, read from the raw input by the rule's resolver.
 */
async function judge(rule: AccessRule | undefined, ctx: Context, path: string, rawInput: () => Promise<unknown>): Promise<void> {
  if (!rule) throw new AppError('ACCESS_RULE_MISSING', `${path} declares no access rule: refused`);
  if (rule.kind === 'public') return;
  const p = ctx.principal;
  if (!p) throw new AppError('UNAUTHENTICATED', ctx.credentialError ? `${ctx.credentialError}: ${path} needs a valid API token or a login` : 'log in first');
  if (rule.kind === 'session') {
    if (p.kind !== 'operator') throw new AppError('FORBIDDEN', `${path} is for a logged-in operator, not an API token`);
    return;
  }
  if (p.kind === 'operator' && p.mustChangePassword) throw new AppError('PASSWORD_CHANGE_REQUIRED', 'change the initial password first (/change-password)');
  if (!rule.roles.includes(p.role)) throw new AppError('FORBIDDEN', `${path} needs ${rolesText(rule.roles)}; you are ${p.role}`);
  if (rule.rooms && p.role === 'moderator' && p.rooms.length > 0) {
    const rooms = await rule.rooms(await rawInput(), ctx.services.db);
    const outside = rooms.filter((r) => !inScope(p, r));
    if (outside.length > 0) {
      const what = outside.map((r) => (r === null ? 'every room (a global change)' : `room ${r}`)).join(', ');
      throw new AppError('FORBIDDEN', `${path} on ${what} needs an admin or a moderator of it; your rooms: ${p.rooms.join(', ')}`, [{ field: 'room', message: 'outside your rooms' }]);
    }
  }
}

const enforceAccess = t.middleware(async ({ ctx, meta, path, type, getRawInput, next }) => {
  try {
    await judge(meta?.access, ctx, path, getRawInput);
  } catch (err) {
    if (AppError.is(err) && err.code !== 'UNAUTHENTICATED') {
      ctx.services.logger.info({ module: 'access', path, type, principal: ctx.principal ? `${ctx.principal.kind}:${ctx.principal.id}` : null, role: ctx.principal?.role, code: err.code }, 'access_refused');
    }
    throw err;
  }
  const principal = ctx.principal;
  // Bound to this request: procedures pass it (with the transaction of their change) to write the audit row.
  const audit: Audit = (tx, d) => {
    if (!principal) throw new AppError('UNAUTHENTICATED', 'log in first');
    return recordAudit(tx, { ...d, actor: actorOf(principal), action: d.action ?? path, ip: ctx.origin.ip });
  };
  return next({ ctx: { ...ctx, audit } });
});

/** Every procedure is built from this: the access middleware runs on all of them. */
export const publicProcedure = t.procedure.use(timing).use(enforceAccess);

/** A logged-in operator (`access.session`: even one who must still change the password; never a token). */
export const sessionProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.operator) throw new AppError('UNAUTHENTICATED', 'log in first');
  return next({ ctx: { ...ctx, operator: ctx.operator } });
});

/** An operator or an API token, past the access rule (`access.read`, `access.moderate(…)`, `access.admin`). */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.principal) throw new AppError('UNAUTHENTICATED', 'log in first');
  return next({ ctx: { ...ctx, principal: ctx.principal } });
});
