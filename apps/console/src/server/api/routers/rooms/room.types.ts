import { roomId } from '@tribune/contracts';
import { z } from 'zod';

export const roomStatus = z.enum(['open', 'closed', 'archived']);

export const room = z.object({
  id: roomId,
  title: z.string(),
  description: z.string(),
  status: roomStatus,
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type RoomDto = z.infer<typeof room>;
