import { roomId, roomModesChange } from '@tribune/contracts';
import { z } from 'zod';
import { room } from './room.types';

/**
 * Some of a room's modes (contracts `roomModes`: the same bounds nodes enforce); the others stay as they are. An
 * unknown field or a value out of range is refused, naming the field (`modes.slowModeSeconds`).
 */
export const setRoomModesInput = z.object({
  id: roomId,
  modes: roomModesChange
    .strict()
    .refine((m) => Object.keys(m).length > 0, { message: 'name at least one mode to change' }),
});
export const setRoomModesOutput = z.object({
  room,
  /** The rules version that carries the change. */
  rulesVersion: z.number().int(),
  /** false: saved, but Redis could not be written yet (the periodic republish delivers it). */
  published: z.boolean(),
});
