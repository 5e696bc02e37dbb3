/**
 * The wire protocol as the SDK sees it (docs/protocol.md). These types and codes mirror
 * `@tribune/contracts` (protocol.ts, protocol-codes.ts) so the published package has no dependency
 * on the monorepo; protocol-conformance.test.ts fails when the two drift apart.
 */

export interface ChatUser {
  id: string;
  name: string;
  roles: string[];
}

/** A message as viewers see it. */
export interface ChatMessage {
  room: string;
  id: string;
  user: ChatUser;
  text: string;
  ts: number;
}

/** What became of a sent message (`ack.status`). */
export type MessageStatus = 'accepted' | 'masked' | 'held' | 'shadowed' | 'blocked' | 'rejected';
export const MESSAGE_STATUSES: readonly MessageStatus[] = ['accepted', 'masked', 'held', 'shadowed', 'blocked', 'rejected'];

export type ClientFrame =
  | { type: 'join'; room: string; since?: string }
  | { type: 'leave'; room: string }
  | { type: 'send'; room: string; text: string; cid: string }
  | { type: 'ping' }
  /** Moderators only (a token with the `moderator` role): delete a message, time out a user. */
  | { type: 'mod'; action: 'delete'; room: string; id: string; cid?: string }
  | { type: 'mod'; action: 'timeout'; room: string; userId: string; seconds: number; reason?: string; cid?: string };

export type ServerFrame =
  | { type: 'joined'; room: string; history: ChatMessage[]; viewers: number; recovered?: boolean }
  | ({ type: 'message' } & ChatMessage)
  | { type: 'messages'; room: string; messages: Omit<ChatMessage, 'room'>[] }
  | { type: 'ack'; cid: string; id: string; status: MessageStatus; reason?: string }
  | { type: 'deleted'; room: string; id: string }
  | { type: 'notice'; room: string; text: string }
  | { type: 'error'; code: string; message: string }
  | { type: 'pong' }
  | { type: 'mod_ack'; action: 'delete' | 'timeout'; room: string; cid?: string };

export const MAX_TEXT_LENGTH = 2000;
/** The node's `MAX_PENDING_SENDS` default: sends past it are refused `rate_limited`. */
export const MAX_PENDING_SENDS = 32;
export const ROOM_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Stable codes of `error` frames (and of some `ack.reason`s). */
export const ERROR_CODES = {
  BAD_JSON: 'bad_json',
  BAD_FRAME: 'bad_frame',
  NOT_JOINED: 'not_joined',
  READ_ONLY: 'read_only',
  RATE_LIMITED: 'rate_limited',
  UNKNOWN_ROOM: 'unknown_room',
  NOT_MODERATOR: 'not_moderator',
  UNAVAILABLE: 'unavailable',
  INTERNAL: 'internal',
} as const;
export type ProtocolErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/** WebSocket close codes the nodes use. */
export const CLOSE_CODES = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  TOO_BIG: 1009,
  BAD_TOKEN: 4001,
  ORIGIN_NOT_ALLOWED: 4003,
  TOO_MANY_CONNECTIONS: 4008,
  SLOW_READER: 4009,
  SHUTTING_DOWN: 4010,
  RATE_LIMITED: 4029,
} as const;
