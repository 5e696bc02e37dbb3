import { z } from 'zod';
import { chatUser, messageStatus, roomId } from './protocol';

/** Where in the original text a rule matched, and what it matched as. */
export const ruleHit = z.object({
  ruleId: z.string(),
  /** 'word' | 'spam' */
  kind: z.enum(['word', 'spam']),
  /** The banned term, or the spam rule kind (`rate`, `caps`…). */
  term: z.string(),
  action: z.string(),
  /** [start, end) in UTF-16 code units of the original text; absent for spam rules. */
  span: z.tuple([z.number().int(), z.number().int()]).optional(),
  /** The normalised form that matched. */
  normalized: z.string().optional(),
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

/** Topic chat.moderation: one event per decision (engine) or operator action. */
export const moderationEvent = z.object({
  v: z.literal(1),
  id: z.string(),
  ts: z.number().int(),
  room: roomId,
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
