import { MAX_TIMEOUT_SECONDS, roomId } from '@tribune/contracts';
import { z } from 'zod';

const userId = z.string().min(1).max(128);
const reason = z.string().trim().min(1).max(200).optional();

export const timeoutInput = z.object({ room: roomId, userId, seconds: z.number().int().min(1).max(MAX_TIMEOUT_SECONDS), reason, announce: z.boolean().optional() });
/** `room` null: every room (an admin or an unscoped moderator); no `expiresInSeconds`: until lifted. */
export const banInput = z.object({ room: roomId.nullable(), userId, expiresInSeconds: z.number().int().min(1).optional(), reason, announce: z.boolean().optional() });
export const liftInput = z.object({ room: roomId.nullable(), userId, kind: z.enum(['timeout', 'ban']) });
export const listForUserInput = z.object({ userId });

export const sanctionOutput = z.object({
  kind: z.enum(['timeout', 'ban']),
  room: z.string().nullable(),
  userId: z.string(),
  /** ms since epoch; null: until lifted. */
  until: z.number().nullable(),
  /** A `notice` went to the room (asked for, and not a global ban). */
  announced: z.boolean(),
});
export const liftOutput = z.object({ lifted: z.boolean() });
export const activeSanction = z.object({ kind: z.enum(['timeout', 'ban']), room: z.string().nullable(), until: z.number().nullable(), by: z.string(), reason: z.string().nullable() });
export const listForUserOutput = z.array(activeSanction);
