import { randomBytes } from 'node:crypto';
import type { Role } from '../access/principal';
import { AppError } from '../app-error';
import type { Audit } from '../audit/record-audit';
import { hashPassword } from '../auth/password';
import type { SessionView } from '../auth/auth-service';
import type { Db } from '../db/prisma';

/**
 * What an admin does to operators (tRPC `operators.*`). Every change runs in one transaction with its audit row;
 * a temporary password is generated, shown once, and must be changed at the next login.
 */
export interface OperatorView {
  id: string;
  email: string;
  role: Role;
  rooms: string[];
  mustChangePassword: boolean;
  disabledAt: Date | null;
  createdAt: Date;
  activeSessions: number;
}

const SELECT = { id: true, email: true, role: true, rooms: true, mustChangePassword: true, disabledAt: true, createdAt: true } as const;
const SESSION_SELECT = { id: true, operatorId: true, createdAt: true, lastSeenAt: true, expiresAt: true, ip: true, userAgent: true } as const;

/** 18 random bytes, base64url: 24 characters, passes the password policy, typed once by the new operator. */
export const temporaryPassword = () => randomBytes(18).toString('base64url');

const scopeOf = (role: Role, rooms: string[]) => (role === 'moderator' ? [...new Set(rooms)] : []);

export function createOperatorAdmin(db: Db) {
  async function found(tx: Pick<Db, 'operator'>, id: string) {
    const op = await tx.operator.findUnique({ where: { id }, select: SELECT });
    if (!op) throw new AppError('NOT_FOUND', `operator ${id} does not exist`, [{ field: 'id', message: 'unknown operator' }]);
    return op;
  }
  /** An admin never locks themselves out (disable, demote): another admin must do it. */
  function notSelf(actorId: string | null, id: string, what: string) {
    if (actorId === id) throw new AppError('FORBIDDEN', `you cannot ${what} your own account: ask another admin`, [{ field: 'id', message: 'your own account' }]);
  }

  return {
    async list(): Promise<OperatorView[]> {
      const now = new Date();
      const rows = await db.operator.findMany({ select: { ...SELECT, _count: { select: { sessions: { where: { expiresAt: { gt: now } } } } } }, orderBy: { createdAt: 'asc' } });
      return rows.map(({ _count, ...r }) => ({ ...r, activeSessions: _count.sessions }));
    },

    async create(input: { email: string; role: Role; rooms: string[] }, audit: Audit) {
      const email = input.email.trim().toLowerCase();
      const password = temporaryPassword();
      const passwordHash = await hashPassword(password);
      const operator = await db.$transaction(async (tx) => {
        if (await tx.operator.findUnique({ where: { email } })) throw new AppError('ALREADY_EXISTS', `operator ${email} already exists`, [{ field: 'email', message: 'already taken' }]);
        const op = await tx.operator.create({ data: { email, passwordHash, mustChangePassword: true, role: input.role, rooms: scopeOf(input.role, input.rooms) }, select: SELECT });
        await audit(tx, { target: `operator:${op.id}`, after: op });
        return op;
      });
      return { operator, temporaryPassword: password };
    },

    async update(input: { id: string; role: Role; rooms: string[] }, actorId: string | null, audit: Audit) {
      return db.$transaction(async (tx) => {
        const before = await found(tx, input.id);
        if (input.role !== 'admin') notSelf(actorId, input.id, 'demote');
        const after = await tx.operator.update({ where: { id: input.id }, data: { role: input.role, rooms: scopeOf(input.role, input.rooms) }, select: SELECT });
        await audit(tx, { target: `operator:${input.id}`, before, after });
        return after;
      });
    },

    async setDisabled(input: { id: string; disabled: boolean }, actorId: string | null, audit: Audit) {
      return db.$transaction(async (tx) => {
        const before = await found(tx, input.id);
        if (input.disabled) notSelf(actorId, input.id, 'disable');
        const after = await tx.operator.update({ where: { id: input.id }, data: { disabledAt: input.disabled ? (before.disabledAt ?? new Date()) : null }, select: SELECT });
        // Disabled: every open session ends now, not at its expiry.
        if (input.disabled) await tx.session.deleteMany({ where: { operatorId: input.id } });
        await audit(tx, { target: `operator:${input.id}`, before, after });
        return after;
      });
    },

    /** A new temporary password, to be changed at the next login; the operator's sessions end. */
    async resetPassword(id: string, audit: Audit) {
      const password = temporaryPassword();
      const passwordHash = await hashPassword(password);
      const operator = await db.$transaction(async (tx) => {
        await found(tx, id);
        const op = await tx.operator.update({ where: { id }, data: { passwordHash, mustChangePassword: true }, select: SELECT });
        const { count } = await tx.session.deleteMany({ where: { operatorId: id } });
        await audit(tx, { target: `operator:${id}`, after: { mustChangePassword: true, sessionsEnded: count } });
        return op;
      });
      return { operator, temporaryPassword: password };
    },

    listSessions(operatorId?: string): Promise<SessionView[]> {
      return db.session.findMany({ where: { expiresAt: { gt: new Date() }, ...(operatorId ? { operatorId } : {}) }, select: SESSION_SELECT, orderBy: { lastSeenAt: 'desc' } });
    },

    async revokeSession(id: string, audit: Audit) {
      return db.$transaction(async (tx) => {
        const before = await tx.session.findUnique({ where: { id }, select: SESSION_SELECT });
        if (!before) throw new AppError('NOT_FOUND', `session ${id} does not exist`, [{ field: 'id', message: 'unknown session' }]);
        await tx.session.delete({ where: { id } });
        await audit(tx, { target: `session:${id}`, before: { operatorId: before.operatorId, ip: before.ip, createdAt: before.createdAt } });
        return { id };
      });
    },
  };
}
export type OperatorAdmin = ReturnType<typeof createOperatorAdmin>;
