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
  /** Publish even if a stored regression case (a fixed false positive) would be refused again. */
  force: z.boolean().default(false),
});
/** `published: false` — the change is saved (as `rulesVersion`) but Redis could not be written yet; the console republishes it. */
export const addWordOutput = z.object({ word: bannedWord, rulesVersion: z.number().int(), published: z.boolean() });
