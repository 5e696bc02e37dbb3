import type { Logger } from '@tribune/service-kit';
import type { Role } from '../access/principal';
import { AppError } from '../app-error';
import type { Db } from '../db/prisma';
import type { LoginThrottle, ThrottleSubject } from './login-throttle';
import { recordAuthEvent } from './auth-audit';
import { hashPassword, needsRehash, verifyPassword } from './password';
import { checkNewPassword } from './password-policy';
import { hashSessionToken, newSessionToken } from './session-token';

export interface Operator {
  id: string;
  email: string;
  /** Until it is false, only `auth.changePassword` (and me/logout) may be called. */
  mustChangePassword: boolean;
  role: Role;
  /** A moderator's rooms; empty = every room. */
  rooms: string[];
}

/** A session as the admin's Operators page lists it (never the token). */
export interface SessionView {
  id: string;
  operatorId: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

/** Where a request comes from; the audit log (issue 9 §3) will record the same. */
export interface RequestOrigin {
  ip: string | null;
  userAgent?: string | null;
}

export interface AuthService {
  login(email: string, password: string, origin: RequestOrigin): Promise<{ token: string; expiresAt: Date; operator: Operator }>;
  /** The operator behind a session cookie, or null when unknown, expired, idle too long or disabled. */
  resolve(token: string | null): Promise<Operator | null>;
  /** The id of the session behind a cookie (to mark "this session" in lists). */
  sessionIdOf(token: string | null): Promise<string | null>;
  /** Ends the session (and writes `auth.logout` to the audit log when there was one). */
  logout(token: string | null, origin?: RequestOrigin): Promise<void>;
  /**
   * Checks the current password (throttled like a login), stores the new one, clears the forced change and ends the
   * operator's other sessions: a stolen session does not outlive the password it was opened with.
   */
  changePassword(operator: Operator, currentSessionToken: string | null, current: string, next: string, origin: RequestOrigin): Promise<void>;
  /**
   * Creates the operator when missing, flagged to change the password at first login. An existing one keeps its
   * password (seed is idempotent) — and is flagged too when that password is still the seeded one (an upgrade).
   */
  ensureOperator(email: string, password: string): Promise<{ operator: Operator; created: boolean }>;
}

// A real hash to verify against when the email is unknown, so timing does not reveal which emails exist.
const dummyHash = hashPassword('not-a-real-password');

const normalize = (email: string) => email.trim().toLowerCase();

function subjectsOf(email: string, origin: RequestOrigin): ThrottleSubject[] {
  return [
    { scope: 'account', key: email },
    { scope: 'ip', key: origin.ip ?? 'unknown' },
  ];
}

function throttled(retryAfterMs: number): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  // The same words whether or not the account exists.
  return new AppError('LOGIN_THROTTLED', `too many failed attempts: try again in ${seconds} s`);
}

export function createAuthService(deps: { db: Db; throttle: LoginThrottle; sessionTtlMs: number; sessionIdleMs: number; logger: Logger }): AuthService {
  const { db, throttle, sessionTtlMs, sessionIdleMs } = deps;
  const logger = deps.logger.child({ module: 'auth' });
  // `last_seen_at` is written at most this often: idle detection needs minutes, not every request.
  const touchEveryMs = Math.min(60_000, Math.max(1_000, sessionIdleMs / 4));
  const toOperator = (op: { id: string; email: string; mustChangePassword: boolean; role: Role; rooms: string[] }): Operator => ({
    id: op.id,
    email: op.email,
    mustChangePassword: op.mustChangePassword,
    role: op.role,
    rooms: op.role === 'moderator' ? op.rooms : [],
  });

  /** The password check every entry point shares: throttled first, then verified against a real or a dummy hash. */
  async function check(email: string, password: string, origin: RequestOrigin) {
    const subjects = subjectsOf(email, origin);
    const reservation = await throttle.reserve(subjects);
    if (!reservation.allowed) {
      logger.warn({ email, ip: origin.ip, retryAfterMs: reservation.retryAfterMs }, 'login_throttled');
      throw throttled(reservation.retryAfterMs);
    }
    const operator = await db.operator.findUnique({ where: { email } });
    const ok = await verifyPassword(password, operator?.passwordHash ?? (await dummyHash));
    if (!operator || !ok) return { operator: null, tried: operator, subjects };
    await throttle.succeeded(subjects);
    return { operator, tried: operator, subjects };
  }

  return {
    async login(email, password, origin) {
      const normalized = normalize(email);
      const { operator, tried } = await check(normalized, password, origin);
      if (!operator) {
        logger.info({ email: normalized, ip: origin.ip }, 'login_failed');
        await recordAuthEvent(db, { action: 'auth.loginFailed', operator: tried ?? null, email: normalized, reason: 'wrong email or password', origin });
        throw new AppError('INVALID_CREDENTIALS', 'wrong email or password');
      }
      // Told only to whoever knows the password.
      if (operator.disabledAt) {
        await recordAuthEvent(db, { action: 'auth.loginFailed', operator, email: normalized, reason: 'account disabled', origin });
        throw new AppError('ACCOUNT_DISABLED', 'this account is disabled: ask an admin');
      }
      if (needsRehash(operator.passwordHash)) {
        await db.operator.update({ where: { id: operator.id }, data: { passwordHash: await hashPassword(password) } });
        logger.info({ operatorId: operator.id }, 'password_rehashed');
      }
      const token = newSessionToken();
      const expiresAt = new Date(Date.now() + sessionTtlMs);
      await db.$transaction(async (tx) => {
        const session = await tx.session.create({ data: { tokenHash: hashSessionToken(token), operatorId: operator.id, expiresAt, ip: origin.ip, userAgent: origin.userAgent?.slice(0, 300) ?? null } });
        await recordAuthEvent(tx, { action: 'auth.login', operator, origin, sessionId: session.id });
      });
      // Opportunistic cleanup keeps the table small without a scheduler.
      await db.session.deleteMany({ where: { expiresAt: { lt: new Date() } } });
      logger.info({ operatorId: operator.id, ip: origin.ip }, 'login_succeeded');
      return { token, expiresAt, operator: toOperator(operator) };
    },

    async resolve(token) {
      if (!token) return null;
      const session = await db.session.findUnique({ where: { tokenHash: hashSessionToken(token) }, include: { operator: true } });
      const now = Date.now();
      if (!session || session.expiresAt.getTime() <= now || session.operator.disabledAt) return null;
      if (session.lastSeenAt.getTime() + sessionIdleMs <= now) {
        // Idle too long: the session ends here, whatever its absolute expiry.
        await db.session.deleteMany({ where: { id: session.id } });
        logger.info({ operatorId: session.operatorId, sessionId: session.id }, 'session_idle_expired');
        return null;
      }
      if (now - session.lastSeenAt.getTime() >= touchEveryMs) {
        await db.session.updateMany({ where: { id: session.id }, data: { lastSeenAt: new Date(now) } });
      }
      return toOperator(session.operator);
    },

    async sessionIdOf(token) {
      if (!token) return null;
      const s = await db.session.findUnique({ where: { tokenHash: hashSessionToken(token) }, select: { id: true } });
      return s?.id ?? null;
    },

    async logout(token, origin = { ip: null }) {
      if (!token) return;
      await db.$transaction(async (tx) => {
        const session = await tx.session.findUnique({ where: { tokenHash: hashSessionToken(token) }, include: { operator: { select: { id: true, email: true } } } });
        if (!session) return;
        await tx.session.deleteMany({ where: { id: session.id } });
        await recordAuthEvent(tx, { action: 'auth.logout', operator: session.operator, origin, sessionId: session.id });
      });
    },

    async changePassword(operator, currentSessionToken, current, next, origin) {
      const { operator: verified } = await check(operator.email, current, origin);
      if (!verified || verified.id !== operator.id) {
        await recordAuthEvent(db, { action: 'auth.changePasswordFailed', operator, email: operator.email, reason: 'the current password is wrong', origin });
        throw new AppError('INVALID_CREDENTIALS', 'the current password is wrong', [{ field: 'currentPassword', message: 'wrong password' }]);
      }
      const refusal = checkNewPassword(next, { current, email: operator.email });
      if (refusal) throw new AppError('PASSWORD_REJECTED', refusal, [{ field: 'newPassword', message: refusal }]);
      const passwordHash = await hashPassword(next);
      const keep = currentSessionToken ? hashSessionToken(currentSessionToken) : '';
      await db.$transaction(async (tx) => {
        await tx.operator.update({ where: { id: operator.id }, data: { passwordHash, mustChangePassword: false, passwordChangedAt: new Date() } });
        await tx.session.deleteMany({ where: { operatorId: operator.id, tokenHash: { not: keep } } });
        await recordAuthEvent(tx, { action: 'auth.changePassword', operator, origin });
      });
      logger.info({ operatorId: operator.id, ip: origin.ip }, 'password_changed');
    },

    async ensureOperator(email, password) {
      const normalized = normalize(email);
      const existing = await db.operator.findUnique({ where: { email: normalized } });
      if (existing) {
        // Deployed before the forced change existed, and still on the seeded password: flag it now.
        if (!existing.mustChangePassword && existing.passwordChangedAt === null && (await verifyPassword(password, existing.passwordHash))) {
          const flagged = await db.operator.update({ where: { id: existing.id }, data: { mustChangePassword: true } });
          return { operator: toOperator(flagged), created: false };
        }
        return { operator: toOperator(existing), created: false };
      }
      // The first operator (the seed's) runs everything, operators and tokens included.
      const op = await db.operator.create({ data: { email: normalized, passwordHash: await hashPassword(password), mustChangePassword: true, role: 'admin' } });
      return { operator: toOperator(op), created: true };
    },
  };
}
