import { roomId } from '@tribune/contracts';
import { z } from 'zod';
import { allowedPhrase } from './allowed-phrase.types';

export const addAllowedInput = z.object({
  phrase: z.string().trim().min(1).max(200),
  /** null = applies to every room */
  roomId: roomId.nullable().default(null),
});
/** `published: false` — the change is saved (as `rulesVersion`) but Redis could not be written yet; the console republishes it. */
export const addAllowedOutput = z.object({ phrase: allowedPhrase, rulesVersion: z.number().int(), published: z.boolean() });
