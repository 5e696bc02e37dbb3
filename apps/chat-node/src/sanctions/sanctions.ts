/** The sanction in force for a user in a room: a ban (of the room or of every room) or a timeout. */
export interface ActiveSanction {
  kind: 'timeout' | 'ban';
  /** A ban of every room, or one of this room (a timeout is always of the room). */
  scope: 'room' | 'global';
  /** ms since epoch; null: until lifted. */
  until: number | null;
}

/** Who gave a sanction and why, for the listing (`sanctions.listForUser` in the console). */
export interface SanctionOrigin {
  by: string;
  reason: string | null;
}

/**
 * Sanctions on users that outlive one message: bans (a room or every room, with or without expiry) and timeouts
 * (mutes). Shared by every node and read on every send, so one given on any node or in the console holds on all of
 * them at the next message, and reconnecting elsewhere does not lift it.
 */
export interface Sanctions {
  /** The strongest sanction in force (a global ban, then a room ban, then a timeout), or null. */
  active(room: string, userId: string): Promise<ActiveSanction | null>;
  /** Mutes the user in the room for `seconds` (a later timeout replaces the remaining time). */
  timeOut(room: string, userId: string, seconds: number, origin: SanctionOrigin): Promise<void>;
}
