import { roomId } from '@tribune/contracts';
import { z } from 'zod';

export const roomStatus = z.enum(['open', 'closed', 'archived']);

export const room = z.object({
  id: roomId,
  title: z.string(),
  description: z.string(),
  status: roomStatus,
  // Room modes (contracts `roomModes`), flat as the columns are.
  slowModeSeconds: z.number().int().nullable(),
  subscribersOnly: z.boolean(),
  emojiOnly: z.boolean(),
  linksOff: z.boolean(),
  maxMessageLength: z.number().int().nullable(),
  firstTimeWaitSeconds: z.number().int().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type RoomDto = z.infer<typeof room>;
