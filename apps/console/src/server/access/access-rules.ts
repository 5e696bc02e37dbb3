import type { Db } from '../db/prisma';
import type { Role } from './principal';

/**
 * The room(s) a call acts on, read from its raw input before validation (null = global, every room). Resolvers that
 * need a row (a word by id) read it; an unknown row answers null, so a scoped moderator is refused (fail closed).
 */
export type RoomResolver = (input: unknown, db: Db) => Promise<(string | null)[]>;

/**
 * Every procedure declares one of these in `.meta({ access })`; the access middleware in trpc.ts is the only place
 * they are enforced, and `access-matrix.int.test.ts` walks every procedure × role against them.
 */
export type AccessRule =
  /** Anyone, logged in or not (login, logout, me). */
  | { kind: 'public' }
  /** A logged-in operator (any role), even one who must still change the password; never an API token. */
  | { kind: 'session' }
  /** These roles; `rooms` given = moderators must have the call's room(s) in scope. */
  | { kind: 'roles'; roles: readonly Role[]; rooms?: RoomResolver; own?: true };

const field = (input: unknown, name: string): unknown => (typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[name] : undefined);

/** The room is the input's `name` field (a string, or null for global; anything else counts as global). */
export function roomField(name: string): RoomResolver {
  return (input) => {
    const v = field(input, name);
    return Promise.resolve([typeof v === 'string' ? v : null]);
  };
}

/** The room of an existing row found by the input's `id` (a word, phrase or spam rule), plus a new `roomId` if moved. */
export function roomOfRow(table: 'bannedWord' | 'allowedPhrase' | 'spamRule'): RoomResolver {
  return async (input, db) => {
    const id = field(input, 'id');
    if (typeof id !== 'string') return [null];
    const delegate = db[table] as unknown as { findUnique(a: { where: { id: string }; select: { roomId: true } }): Promise<{ roomId: string | null } | null> };
    const row = await delegate.findUnique({ where: { id }, select: { roomId: true } }).catch(() => null);
    if (!row) return [null];
    const moved = field(input, 'roomId');
    return moved === undefined ? [row.roomId] : [row.roomId, typeof moved === 'string' ? moved : null];
  };
}

const ALL: readonly Role[] = ['admin', 'moderator', 'analyst'];

/** The rules procedures use. */
export const access = {
  public: { kind: 'public' } as AccessRule,
  session: { kind: 'session' } as AccessRule,
  /** Reads: every role (analysts are read-only). */
  read: { kind: 'roles', roles: ALL } as AccessRule,
  /** Moderation changes (words, phrases, spam rules, room modes, protection): admins, and moderators of the room. */
  moderate: (rooms: RoomResolver): AccessRule => ({ kind: 'roles', roles: ['admin', 'moderator'], rooms }),
  /** Operators, tokens, the audit log, rooms themselves, viewer tokens. */
  admin: { kind: 'roles', roles: ['admin'] } as AccessRule,
  /**
   * Changes to the caller's own workspace (saved Explore queries): every role, analysts included; the procedure
   * itself lets a caller change only what it owns (admins: anything).
   */
  own: { kind: 'roles', roles: ALL, own: true } as AccessRule,
};

export interface ProcedureMeta {
  access?: AccessRule;
}

/** A change that applies to every room (exempt roles): unscoped moderators only. */
export const globalChange: RoomResolver = () => Promise.resolve([null]);
