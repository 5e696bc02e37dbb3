import { z } from 'zod';
import { room } from './room.types';

export const listRoomsInput = z.void();
export const listRoomsOutput = z.array(room.extend({ bannedWords: z.number().int() }));
