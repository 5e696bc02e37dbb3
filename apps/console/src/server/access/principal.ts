/** What an operator or an API token may do (docs: apps/console/README.md, "Who may do what"). */
export const ROLES = ['admin', 'moderator', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: a logged-in operator or an API token. Both carry a role and (for moderators) a room scope. */
export type Principal =
  | { kind: 'operator'; id: string; label: string; role: Role; rooms: string[]; mustChangePassword: boolean }
  | { kind: 'token'; id: string; label: string; role: Role; rooms: string[] };

/** A room scope: empty = every room. Only moderators are scoped; admins act everywhere, analysts nowhere. */
export function inScope(principal: Principal, room: string | null): boolean {
  if (principal.role !== 'moderator' || principal.rooms.length === 0) return true;
  // A global change (room null) reaches every room: only an unscoped moderator may make it.
  return room !== null && principal.rooms.includes(room);
}
