import { z } from 'zod';
import { MAX_TIMEOUT_SECONDS } from './protocol-codes';

/**
 * The WebSocket protocol (JSON text frames on `/ws`). docs/protocol.md is the reference;
 * error and close codes live in ./protocol-codes.
 */

export const roomId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'room must be 1-64 chars of a-z, 0-9, _ or -');

export const chatUser = z.object({ id: z.string(), name: z.string(), roles: z.array(z.string()).default([]) });
export type ChatUser = z.infer<typeof chatUser>;

/** A message as viewers see it. */
export const chatMessage = z.object({
  room: roomId,
  id: z.string(),
  user: chatUser,
  text: z.string(),
  ts: z.number().int(),
});
export type ChatMessage = z.infer<typeof chatMessage>;

/** A message inside a `messages` frame: the room is the frame's, not repeated per message. */
export const batchedMessage = chatMessage.omit({ room: true });
export type BatchedMessage = z.infer<typeof batchedMessage>;

export const MAX_TEXT_LENGTH = 2000;

export const clientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('join'), room: roomId, since: z.string().min(1).max(64).optional() }),
  z.object({ type: z.literal('leave'), room: roomId }),
  z.object({ type: z.literal('send'), room: roomId, text: z.string().min(1).max(MAX_TEXT_LENGTH), cid: z.string().min(1).max(64) }),
  z.object({ type: z.literal('ping') }),
  /** Moderator tools in the chat itself: only from a viewer whose token's roles include `moderator`. */
  z.discriminatedUnion('action', [
    z.object({ type: z.literal('mod'), action: z.literal('delete'), room: roomId, id: z.string().min(1).max(64), cid: z.string().min(1).max(64).optional() }),
    z.object({
      type: z.literal('mod'),
      action: z.literal('timeout'),
      room: roomId,
      userId: z.string().min(1).max(128),
      seconds: z.number().int().min(1).max(MAX_TIMEOUT_SECONDS),
      reason: z.string().max(200).optional(),
      cid: z.string().min(1).max(64).optional(),
    }),
  ]),
]);
export type ClientFrame = z.infer<typeof clientFrame>;

/** What became of a sent message, as told to its sender in `ack.status`. */
export const messageStatus = z.enum(['accepted', 'masked', 'held', 'shadowed', 'blocked', 'rejected']);
export type MessageStatus = z.infer<typeof messageStatus>;

export const serverFrame = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('joined'),
    room: roomId,
    history: z.array(chatMessage),
    viewers: z.number().int().nonnegative(),
    /** Only when the join carried `since`: true when `history` holds every message after it. */
    recovered: z.boolean().optional(),
  }),
  z.object({ type: z.literal('message'), ...chatMessage.shape }),
  /** Several messages of one room, oldest first: how a busy room is delivered. */
  z.object({ type: z.literal('messages'), room: roomId, messages: z.array(batchedMessage).min(1) }),
  z.object({
    type: z.literal('ack'),
    cid: z.string(),
    id: z.string(),
    status: messageStatus,
    reason: z.string().optional(),
    /** With `slow_mode` and `first_time_wait`: whole seconds until a message from this user can be taken. */
    retryAfterSeconds: z.number().int().positive().optional(),
  }),
  z.object({ type: z.literal('deleted'), room: roomId, id: z.string() }),
  z.object({ type: z.literal('notice'), room: roomId, text: z.string() }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
  z.object({ type: z.literal('pong') }),
  /** A `mod` frame was applied (the node answers a refused one with `error`). `cid` is the frame's, when it had one. */
  z.object({ type: z.literal('mod_ack'), action: z.enum(['delete', 'timeout']), room: roomId, cid: z.string().optional() }),
]);
export type ServerFrame = z.infer<typeof serverFrame>;

/**
 * Claims of the viewer JWT (HS256, signed by the streaming site; keys, `iss`, `aud` and the lifetime bound in
 * viewer-token.ts). `iat` and `exp` are both required: a node refuses a token that may live longer than its maximum.
 */
export const viewerClaims = z.object({
  sub: z.string().min(1),
  name: z.string().min(1).max(64),
  roles: z.array(z.string()).default([]),
  iat: z.number().int(),
  exp: z.number().int(),
});
export type ViewerClaims = z.infer<typeof viewerClaims>;
