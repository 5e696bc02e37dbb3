import { roomId, wordAction, wordMatchKind } from '@tribune/contracts';
import { z } from 'zod';

export const bannedWord = z.object({
  id: z.string(),
  term: z.string(),
  match: wordMatchKind,
  action: wordAction,
  roomId: roomId.nullable(),
  expiresAt: z.date().nullable(),
  createdAt: z.date(),
});
export type BannedWordDto = z.infer<typeof bannedWord>;
