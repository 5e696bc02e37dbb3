/**
 * Per-room sanctions on users that outlive one message: a `timeout` decision mutes the user in the
 * room for some seconds. Shared by every node, so reconnecting to another node does not lift it.
 */
export interface Sanctions {
  /** True while the user is timed out in the room. */
  isTimedOut(room: string, userId: string): Promise<boolean>;
  /** Mutes the user in the room for `seconds` (a later timeout replaces the remaining time). */
  timeOut(room: string, userId: string, seconds: number): Promise<void>;
}
