import { roomId } from '@tribune/contracts';
import { z } from 'zod';

export const allowedPhrase = z.object({
  id: z.string(),
  phrase: z.string(),
  roomId: roomId.nullable(),
  createdAt: z.date(),
});
export type AllowedPhraseDto = z.infer<typeof allowedPhrase>;
