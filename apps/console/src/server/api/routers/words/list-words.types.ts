import { roomId } from '@tribune/contracts';
import { z } from 'zod';
import { bannedWord } from './word.types';

/** No `roomId` = every word; `null` = global words only; a room id = that room's words only. */
export const listWordsInput = z.object({ roomId: roomId.nullable().optional() }).default({});
export const listWordsOutput = z.array(bannedWord);
