import { z } from 'zod';

export const getUserInput = z.object({
  userId: z.string().trim().min(1, 'a user id is needed').max(200),
  /** How far back to read (days). */
  days: z.number().int().min(1).max(90).default(7),
  /** At most this many messages and this many decisions. */
  limit: z.number().int().min(1).max(500).default(100),
});
export type GetUserInput = z.infer<typeof getUserInput>;

export const userMessage = z.object({
  id: z.string(),
  ts: z.number(),
  room: z.string(),
  text: z.string(),
  deliveredText: z.string().nullable(),
  /**
   * The status it got when sent (`accepted`, `blocked`…); `deleted` once an operator or moderator removed it; a held
   * one decided in the review queue: `held, approved` / `held, rejected` / `held, expired`.
   */
  status: z.string(),
  hitTerms: z.array(z.string()),
});

export const userDecision = z.object({
  id: z.string(),
  ts: z.number(),
  room: z.string(),
  messageId: z.string().nullable(),
  source: z.string(),
  action: z.string(),
  kind: z.string(),
  term: z.string(),
  reason: z.string(),
});

/** The shape of `sanctions.listForUser` (MOD-CORE's contract): active only. */
export const activeSanction = z.object({
  kind: z.enum(['timeout', 'ban']),
  room: z.string().nullable(),
  /** ms since epoch; null = until lifted */
  until: z.number().nullable(),
  by: z.string(),
  reason: z.string().nullable(),
});
export type ActiveSanction = z.infer<typeof activeSanction>;

export const getUserOutput = z.object({
  userId: z.string(),
  /** The latest display name seen in the messages read (null when none). */
  name: z.string().nullable(),
  /** null = every room; otherwise what a room-scoped moderator was shown. */
  rooms: z.array(z.string()).nullable(),
  sinceMs: z.number(),
  messages: z.array(userMessage),
  /** More messages than `limit` in the window: only the newest are here. */
  truncated: z.boolean(),
  decisions: z.array(userDecision),
  sanctions: z.array(activeSanction),
  /** What the caller may do on the page (analysts: nothing; the server refuses them anyway). */
  canAct: z.boolean(),
});
export type UserPage = z.infer<typeof getUserOutput>;
