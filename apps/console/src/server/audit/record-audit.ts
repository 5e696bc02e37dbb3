import type { Prisma } from '../../generated/prisma/client';
import type { Principal } from '../access/principal';

/** Who did it: an operator, an API token, or the console itself (automatic protection). */
export type AuditActor = { kind: 'operator' | 'token'; id: string; label: string } | { kind: 'system'; id: null; label: 'system' };
export const SYSTEM_ACTOR: AuditActor = { kind: 'system', id: null, label: 'system' };

export function actorOf(principal: Principal): AuditActor {
  return { kind: principal.kind, id: principal.id, label: principal.label };
}

export interface AuditEntry {
  actor: AuditActor;
  /** The tRPC procedure path (`words.add`) or a system action (`protection.engage`). */
  action: string;
  /** What was acted on: `word:<id>`, `operator:<id>`, `token:<id>`… */
  target?: string | null;
  room?: string | null;
  /** The row before / after the change (rules and rooms); JSON-serialisable. */
  before?: unknown;
  after?: unknown;
  ip?: string | null;
}

/** What a procedure gives its service: the entry without who/action/where, which the request already knows. */
export type AuditDetails = Omit<AuditEntry, 'actor' | 'action' | 'ip'> & { action?: string };

/** Anything that can insert: the transaction of the change (preferred) or the client itself for a lone record. */
export type AuditWriter = Pick<Prisma.TransactionClient, 'auditLog'>;

/** Records one change inside the caller's transaction: `audit` bound to a request (ctx.audit) or the system. */
export type Audit = (tx: AuditWriter, details: AuditDetails) => Promise<void>;

const json = (v: unknown): Prisma.InputJsonValue | undefined => (v === undefined || v === null ? undefined : (JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue));

/**
 * Appends one row to `audit_log`. Call it with the transaction that makes the change: a change that rolls back
 * leaves no row, and a row that cannot be written rolls the change back.
 */
export async function recordAudit(tx: AuditWriter, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorKind: entry.actor.kind,
      actorId: entry.actor.id,
      actorLabel: entry.actor.label,
      action: entry.action,
      target: entry.target ?? null,
      room: entry.room ?? null,
      before: json(entry.before),
      after: json(entry.after),
      ip: entry.ip ?? null,
    },
  });
}

/** An `Audit` for the console's own actions. */
export function systemAudit(action: string): Audit {
  return (tx, d) => recordAudit(tx, { ...d, actor: SYSTEM_ACTOR, action: d.action ?? action });
}
