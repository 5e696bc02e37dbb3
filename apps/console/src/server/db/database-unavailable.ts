import { AppError } from '../app-error';

/**
 * Recognises "PostgreSQL is not there right now" among the errors Prisma 7 (pg driver adapter) throws, so the
 * console answers `DEPENDENCY_UNAVAILABLE` (HTTP 503) with a message that names the database instead of a 500
 * carrying the driver's free text. Anything else (a bug, a constraint) is not classified and stays a 500.
 */

/** Prisma error codes for connection, pool and server-state failures (P1xxx are all connection/initialisation). */
const PRISMA_UNAVAILABLE = /^P1\d{3}$|^P2024$|^P2037$/;
/** The driver adapter's error kinds that mean the server went away or cannot be reached. */
const ADAPTER_UNAVAILABLE = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'DatabaseDoesNotExist']);
/** SQLSTATE classes 08 (connection exception), 53 (insufficient resources) and 57P0x (admin/crash shutdown, cannot connect now). */
const SQLSTATE_UNAVAILABLE = /^08|^53|^57P0[1-4]$/;
/** Socket-level failures surfacing as plain Node errors. */
const SOCKET_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);

type Loose = Record<string, unknown>;

function asObject(value: unknown): Loose | null {
  return typeof value === 'object' && value !== null ? (value as Loose) : null;
}

function isUnavailableOne(err: Loose): boolean {
  if (err.name === 'PrismaClientInitializationError') return true;
  const code = typeof err.code === 'string' ? err.code : undefined;
  if (code && err.name === 'PrismaClientKnownRequestError' && PRISMA_UNAVAILABLE.test(code)) return true;
  if (code && SOCKET_UNAVAILABLE.has(code)) return true;
  if (code && /^[0-9A-Z]{5}$/.test(code) && SQLSTATE_UNAVAILABLE.test(code)) return true;
  const kind = asObject(err)?.kind;
  if (typeof kind === 'string' && ADAPTER_UNAVAILABLE.has(kind)) return true;
  const originalCode = err.originalCode;
  if (typeof originalCode === 'string' && SQLSTATE_UNAVAILABLE.test(originalCode)) return true;
  return false;
}

/** True when `err`, its `cause` chain or Prisma's `meta.driverAdapterError` says the database cannot be used now. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  const stack: unknown[] = [err];
  while (stack.length > 0) {
    const current = asObject(stack.pop());
    if (!current || seen.has(current)) continue;
    seen.add(current);
    if (isUnavailableOne(current)) return true;
    stack.push(current.cause, asObject(current.meta)?.driverAdapterError);
    if (Array.isArray(current.errors)) stack.push(...(current.errors as unknown[])); // AggregateError (pg dialing several addresses)
  }
  return false;
}

/** The console's answer while PostgreSQL is down; null when `err` is something else. */
export function databaseUnavailableError(err: unknown): AppError | null {
  if (AppError.is(err) || !isDatabaseUnavailable(err)) return null;
  return new AppError('DEPENDENCY_UNAVAILABLE', 'the database (PostgreSQL) is unavailable: try again in a moment', [], { cause: err });
}
