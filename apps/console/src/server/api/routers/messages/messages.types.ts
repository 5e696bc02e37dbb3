import { roomId } from '@tribune/contracts';
import { z } from 'zod';

const reason = z.string().trim().min(1).max(200).optional();

export const deleteMessageInput = z.object({ room: roomId, id: z.string().min(1).max(64), reason });
export const deleteMessageOutput = z.object({ deleted: z.literal(true) });
export const purgeUserInput = z.object({ room: roomId, userId: z.string().min(1).max(128), reason });
/** How many of the user's messages the room's recent history (Redis, the last 50) held; nodes drop theirs too. */
export const purgeUserOutput = z.object({ deleted: z.number().int().nonnegative() });
