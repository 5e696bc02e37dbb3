import type { Logger } from '@tribune/service-kit';
import { AppError } from '../app-error';
import type { Db } from '../db/prisma';
import { hashPassword, verifyPassword } from './password';
import { hashSessionToken, newSessionToken } from './session-token';

export interface Operator {
  id: string;
  email: string;
}

export interface AuthService {
  login(email: string, password: string): Promise<{ token: string; expiresAt: Date; operator: Operator }>;
  /** The operator behind a session cookie, or null when unknown or expired. */
  resolve(token: string | null): Promise<Operator | null>;
  logout(token: string | null): Promise<void>;
  /** Creates the operator when missing; an existing one keeps its password (seed is idempotent). */
  ensureOperator(email: string, password: string): Promise<{ operator: Operator; created: boolean }>;
}

// A real hash to verify against when the email is unknown, so timing does not reveal which emails exist.
const dummyHash = hashPassword('not-a-real-password');

export function createAuthService(deps: { db: Db; sessionTtlMs: number; logger: Logger }): AuthService {
  const { db, sessionTtlMs } = deps;
  const logger = deps.logger.child({ module: 'auth' });
  return {
    async login(email, password) {
      const normalized = email.trim().toLowerCase();
      const operator = await db.operator.findUnique({ where: { email: normalized } });
      const ok = await verifyPassword(password, operator?.passwordHash ?? (await dummyHash));
      if (!operator || !ok) {
        logger.info({ email: normalized }, 'login_failed');
        throw new AppError('INVALID_CREDENTIALS', 'wrong email or password');
      }
      const token = newSessionToken();
      const expiresAt = new Date(Date.now() + sessionTtlMs);
      await db.session.create({ data: { tokenHash: hashSessionToken(token), operatorId: operator.id, expiresAt } });
      // Opportunistic cleanup keeps the table small without a scheduler.
      await db.session.deleteMany({ where: { expiresAt: { lt: new Date() } } });
      logger.info({ operatorId: operator.id }, 'login_succeeded');
      return { token, expiresAt, operator: { id: operator.id, email: operator.email } };
    },

    async resolve(token) {
      if (!token) return null;
      const session = await db.session.findUnique({ where: { tokenHash: hashSessionToken(token) }, include: { operator: true } });
      if (!session || session.expiresAt.getTime() <= Date.now()) return null;
      return { id: session.operator.id, email: session.operator.email };
    },

    async logout(token) {
      if (!token) return;
      await db.session.deleteMany({ where: { tokenHash: hashSessionToken(token) } });
    },

    async ensureOperator(email, password) {
      const normalized = email.trim().toLowerCase();
      const existing = await db.operator.findUnique({ where: { email: normalized } });
      if (existing) return { operator: { id: existing.id, email: existing.email }, created: false };
      const op = await db.operator.create({ data: { email: normalized, passwordHash: await hashPassword(password) } });
      return { operator: { id: op.id, email: op.email }, created: true };
    },
  };
}
