import { z } from 'zod';
import { userDecisionRow, userMessageRow } from '@tribune/analytics';
import { activeSanction } from '../sanctions/sanctions.types';

export const getUserInput = z.object({
  userId: z.string().trim().min(1, 'a user id is needed').max(200),
  /** How far back to read (days). */
  days: z.number().int().min(1).max(90).default(7),
  /** At most this many messages and this many decisions. */
  limit: z.number().int().min(1).max(500).default(100),
});
export type GetUserInput = z.infer<typeof getUserInput>;

/** A message as the page shows it: the stored row without the name (the page has it once), `ts` in ms. */
export const userMessage = userMessageRow.omit({ userName: true }).extend({
  ts: z.number(),
  /**
   * The status it got when sent (`accepted`, `blocked`…); `deleted` once an operator or moderator removed it; a held
   * one decided in the review queue: `held, approved` / `held, rejected` / `held, expired`.
   */
  status: z.string(),
});

export const userDecision = userDecisionRow.extend({ ts: z.number() });

export { activeSanction };
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
