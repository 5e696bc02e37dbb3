import { roomId } from '@tribune/contracts';
import { z } from 'zod';

export const messagesPerMinuteInput = z.object({ room: roomId, minutes: z.number().int().min(5).max(24 * 60).default(60) });
export const messagesPerMinuteOutput = z.array(
  z.object({ minute: z.number().int(), accepted: z.number().int(), rejected: z.number().int(), total: z.number().int() }),
);
