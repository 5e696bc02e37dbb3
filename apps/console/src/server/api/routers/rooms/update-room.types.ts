import { roomId } from '@tribune/contracts';
import { z } from 'zod';
import { room, roomStatus } from './room.types';

/** The id is the wire identity of a room and never changes; everything else may. */
export const updateRoomInput = z.object({
  id: roomId,
  title: z.string().trim().min(1).max(120).optional(),
  description: z.string().max(2000).optional(),
  status: roomStatus.optional(),
});
export const updateRoomOutput = room;
