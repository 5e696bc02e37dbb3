import { roomId } from '@tribune/contracts';
import { z } from 'zod';
import { room } from './room.types';

export const getRoomInput = z.object({ id: roomId });
export const getRoomOutput = room;
