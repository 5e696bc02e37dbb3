import { z } from 'zod';
import { chatUser, messageStatus, roomId } from './protocol';

/**
 * What a spam rule counted when it hit (docs/rules.md, "What a spam hit records"): the counter, its value
 * for this message, the rule's limit and window. `scope` says whose counter it is (`message`: judged on the
 * message alone; `user`: the sender in the room; `room`: every user of the room), `store` where a `user` or
 * `room` counter lived: `redis` (shared by every node) or `local` (this node only, while Redis was unreachable).
 */
export const spamCounter = z.object({
  name: z.string(),
  value: z.number(),
  limit: z.number(),
  windowSeconds: z.number().optional(),
  scope: z.enum(['message', 'user', 'room']),
  store: z.enum(['redis', 'local']).optional(),
});
export type SpamCounter = z.infer<typeof spamCounter>;

/** Where in the original text a rule matched, and what it matched as. */
export const ruleHit = z.object({
  ruleId: z.string(),
  /** 'word' | 'spam' */
  kind: z.enum(['word', 'spam']),
  /** The banned term, or the spam rule kind (`rate`, `caps`…). */
  term: z.string(),
  action: z.string(),
  /** [start, end) in UTF-16 code units of the original text; absent where a rule has no place in it (most spam rules). */
  span: z.tuple([z.number().int(), z.number().int()]).optional(),
  /** The normalised form that matched. */
  normalized: z.string().optional(),
  /** Spam hits: the counter that tripped the rule. */
  counter: spamCounter.optional(),
});
export type RuleHit = z.infer<typeof ruleHit>;

/** Topic chat.messages: one event per message a node received, whatever its fate. */
export const messageEvent = z.object({
  v: z.literal(1),
  id: z.string(),
  ts: z.number().int(),
  room: roomId,
  user: chatUser,
  /** The text as the sender wrote it. */
  text: z.string(),
  /** The text viewers received (masked), when it differs. */
  deliveredText: z.string().optional(),
  status: messageStatus,
  hits: z.array(ruleHit).default([]),
  cid: z.string(),
  node: z.string(),
  rulesVersion: z.number().int().nonnegative(),
});
export type MessageEvent = z.infer<typeof messageEvent>;

/** `room` of a moderation event about every room (a global ban or its lift); never a room id. */
export const EVERY_ROOM = '*';

/** Topic chat.moderation: one event per decision (engine) or operator action. */
export const moderationEvent = z.object({
  v: z.literal(1),
  id: z.string(),
  ts: z.number().int(),
  /** `*` ({@link EVERY_ROOM}): an operator action on every room (a global ban). */
  room: roomId.or(z.literal('*')),
  messageId: z.string().nullable(),
  userId: z.string(),
  source: z.enum(['engine', 'operator']),
  action: z.string(),
  hit: ruleHit.optional(),
  node: z.string(),
  rulesVersion: z.number().int().nonnegative(),
  reason: z.string().optional(),
});
export type ModerationEvent = z.infer<typeof moderationEvent>;

/** Topic chat.dlq: an event ingest could not load, with where it came from and why. */
export const dlqEvent = z.object({
  v: z.literal(1),
  ts: z.number().int(),
  topic: z.string(),
  partition: z.number().int(),
  offset: z.string(),
  reason: z.string(),
  payload: z.string(),
});
export type DlqEvent = z.infer<typeof dlqEvent>;
