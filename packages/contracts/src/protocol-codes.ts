/** Stable error codes carried by `error` frames and `ack.reason`. Documented in docs/protocol.md. */
export const ERROR_CODES = {
  BAD_JSON: 'bad_json',
  BAD_FRAME: 'bad_frame',
  NOT_JOINED: 'not_joined',
  READ_ONLY: 'read_only',
  RATE_LIMITED: 'rate_limited',
  /** `join` to a room the console did not publish (or one that is archived). */
  UNKNOWN_ROOM: 'unknown_room',
  /** A `mod` frame from a viewer whose token does not carry the `moderator` role. */
  NOT_MODERATOR: 'not_moderator',
  UNAVAILABLE: 'unavailable',
  INTERNAL: 'internal',
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** WebSocket close codes (4000-4999 are application-defined). */
export const CLOSE_CODES = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  TOO_BIG: 1009,
  BAD_TOKEN: 4001,
  ORIGIN_NOT_ALLOWED: 4003,
  TOO_MANY_CONNECTIONS: 4008,
  SLOW_READER: 4009,
  SHUTTING_DOWN: 4010,
  /** The connection kept sending past its frame budget (or too many invalid frames). */
  RATE_LIMITED: 4029,
} as const;

/**
 * `ack.reason` of a message a room mode refused (status `rejected`), documented in docs/protocol.md. `slow_mode` and
 * `first_time_wait` come with `ack.retryAfterSeconds`.
 */
export const MODE_REASONS = {
  /** The room is closed: read-only. */
  ROOM_CLOSED: 'room_closed',
  SLOW_MODE: 'slow_mode',
  SUBSCRIBERS_ONLY: 'subscribers_only',
  EMOJI_ONLY: 'emoji_only',
  LINKS_OFF: 'links_off',
  TOO_LONG: 'too_long',
  FIRST_TIME_WAIT: 'first_time_wait',
} as const;
export type ModeReason = (typeof MODE_REASONS)[keyof typeof MODE_REASONS];

/**
 * `ack.reason` of a send refused because of a sanction on its sender (status `rejected`), documented in
 * docs/protocol.md: `timed_out` comes with `ack.retryAfterSeconds`, and so does `banned` when the ban expires.
 */
export const SANCTION_REASONS = {
  TIMED_OUT: 'timed_out',
  BANNED: 'banned',
} as const;
export type SanctionReason = (typeof SANCTION_REASONS)[keyof typeof SANCTION_REASONS];

/** The longest timeout (14 days), from the console or a `mod` frame. */
export const MAX_TIMEOUT_SECONDS = 1_209_600;
