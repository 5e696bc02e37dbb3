import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';

/** Stable application error codes, mapped once to tRPC/HTTP codes in the errorFormatter. */
export const APP_ERROR_CODES = {
  UNAUTHENTICATED: 'UNAUTHORIZED',
  INVALID_CREDENTIALS: 'UNAUTHORIZED',
  /** Too many failed logins for this account or address: wait `retryAfterSeconds`. */
  LOGIN_THROTTLED: 'TOO_MANY_REQUESTS',
  /** The caller's role (or room scope) does not allow this procedure; the message names the role needed. */
  FORBIDDEN: 'FORBIDDEN',
  /** A disabled operator logged in with the right password. */
  ACCOUNT_DISABLED: 'FORBIDDEN',
  /** A procedure declared no access rule: refused for everyone (fail closed) until it does. */
  ACCESS_RULE_MISSING: 'FORBIDDEN',
  /** The operator must change the (seeded) password before anything else. */
  PASSWORD_CHANGE_REQUIRED: 'FORBIDDEN',
  /** A new password that the policy refuses (too short, the current one…). */
  PASSWORD_REJECTED: 'BAD_REQUEST',
  /** A viewer token with a spam-exempt role asked for without confirming it. */
  EXEMPT_ROLE_NOT_CONFIRMED: 'FORBIDDEN',
  /** A batched tRPC request with more calls than TRPC_MAX_BATCH. */
  BATCH_TOO_LARGE: 'BAD_REQUEST',
  NOT_FOUND: 'NOT_FOUND',
  ALREADY_EXISTS: 'CONFLICT',
  RULES_INVALID: 'BAD_REQUEST',
  /** A held message another moderator (or the expiry) decided first, or that is no longer in the queue. */
  ALREADY_DECIDED: 'CONFLICT',
  /** A rules change that would refuse a stored regression case again (pass `force` to publish it anyway). */
  REGRESSION_CASE_REFUSED: 'PRECONDITION_FAILED',
  PUBLISH_FAILED: 'INTERNAL_SERVER_ERROR',
  DEPENDENCY_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /** /widget.js asked for while packages/widget was not built. */
  WIDGET_NOT_BUILT: 'SERVICE_UNAVAILABLE',
  /** Explore: SQL the workspace does not run (not one SELECT, a SETTINGS/FORMAT clause…); issues carry the reason. */
  QUERY_REJECTED: 'BAD_REQUEST',
  /** Explore: ClickHouse refused or failed the query; the message and `issues[0].clickhouseCode` are ClickHouse's. */
  CLICKHOUSE_ERROR: 'BAD_REQUEST',
} as const satisfies Record<string, TRPC_ERROR_CODE_KEY>;
export type AppErrorCode = keyof typeof APP_ERROR_CODES;

export type AppErrorIssue = { field: string; message: string; ruleId?: string; clickhouseCode?: number; clickhouseType?: string };

// A registry-wide symbol, not `instanceof`: Next bundles the instrumentation hook and the route
// handlers separately, so the services built at boot throw an AppError from another copy of this class.
const BRAND = Symbol.for('tribune.console.AppError');

export class AppError extends Error {
  readonly [BRAND] = true;

  static is(err: unknown): err is AppError {
    return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[BRAND] === true;
  }

  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly issues: AppErrorIssue[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}
