import { chatUser, ruleHit, reviewDecision, roomId } from '@tribune/contracts';
import { z } from 'zod';

export const heldItem = z.object({
  id: z.string(),
  ts: z.number(),
  room: z.string(),
  user: chatUser,
  text: z.string(),
  deliveredText: z.string(),
  hits: z.array(ruleHit),
  reason: z.string().optional(),
  node: z.string(),
  rulesVersion: z.number().int(),
});

/** null = every room */
export const queueScope = z.object({ roomId: roomId.nullable().default(null) }).default({ roomId: null });

export const listQueueInput = queueScope;
export const listQueueOutput = z.object({ items: z.array(heldItem), expireMinutes: z.number() });

/** The room is part of the call: it is what a moderator's room scope is judged on (and must be the message's). */
export const decideInput = z.object({ id: z.string().min(1), room: roomId });
export const decideOutput = z.object({ id: z.string(), room: z.string(), decision: reviewDecision, delivered: z.boolean() });
