import { roomId } from '@tribune/contracts';
import { z } from 'zod';
import { room, roomStatus } from './room.types';

export const createRoomInput = z.object({
  id: roomId,
  title: z.string().trim().min(1).max(120),
  description: z.string().max(2000).default(''),
  status: roomStatus.default('open'),
});
export const createRoomOutput = room;
