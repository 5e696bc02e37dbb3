import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';

/** Stable application error codes, mapped once to tRPC/HTTP codes in the errorFormatter. */
export const APP_ERROR_CODES = {
  UNAUTHENTICATED: 'UNAUTHORIZED',
  INVALID_CREDENTIALS: 'UNAUTHORIZED',
  NOT_FOUND: 'NOT_FOUND',
  ALREADY_EXISTS: 'CONFLICT',
  RULES_INVALID: 'BAD_REQUEST',
  PUBLISH_FAILED: 'INTERNAL_SERVER_ERROR',
  DEPENDENCY_UNAVAILABLE: 'INTERNAL_SERVER_ERROR',
} as const satisfies Record<string, TRPC_ERROR_CODE_KEY>;
export type AppErrorCode = keyof typeof APP_ERROR_CODES;

export type AppErrorIssue = { field: string; message: string; ruleId?: string };

export class AppError extends Error {
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
