import { roomId, wordAction, wordMatchKind } from '@tribune/contracts';
import { z } from 'zod';
import { bannedWord } from './word.types';

export const addWordInput = z.object({
  term: z.string().trim().min(1).max(200),
  match: wordMatchKind.default('word'),
  action: wordAction.default('block'),
  /** null = applies to every room */
  roomId: roomId.nullable().default(null),
  expiresAt: z.date().nullable().default(null),
});
export const addWordOutput = z.object({ word: bannedWord, rulesVersion: z.number().int() });
