import { z } from 'zod';
import { ruleHit } from './events';
import { chatUser, roomId } from './protocol';

/**
 * A message the engine held (`hold`, status `held`), waiting in the review queue (Redis, written by the node that
 * judged it, after Kafka had it). Approving delivers `deliveredText` to the room with this `id` and `ts`.
 */
export const heldMessage = z.object({
  v: z.literal(1),
  id: z.string(),
  ts: z.number().int(),
  room: roomId,
  user: chatUser,
  /** the text as the sender wrote it */
  text: z.string(),
  /** what the room gets when approved (masked where a mask rule hit too) */
  deliveredText: z.string(),
  hits: z.array(ruleHit).default([]),
  reason: z.string().optional(),
  node: z.string(),
  rulesVersion: z.number().int().nonnegative(),
});
export type HeldMessage = z.infer<typeof heldMessage>;

export const reviewDecision = z.enum(['approved', 'rejected', 'expired']);
export type ReviewDecision = z.infer<typeof reviewDecision>;

/** Published on the review channel: a message entered the queue, or left it with a decision. */
export const reviewEvent = z.discriminatedUnion('kind', [
  z.object({ v: z.literal(1), kind: z.literal('held'), item: heldMessage }),
  z.object({ v: z.literal(1), kind: z.literal('decided'), id: z.string(), room: roomId, decision: reviewDecision, by: z.string().nullable(), ts: z.number().int() }),
]);
export type ReviewEvent = z.infer<typeof reviewEvent>;
