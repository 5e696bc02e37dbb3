import { roomId } from '@tribune/contracts';
import { z } from 'zod';
import { allowedPhrase } from './allowed-phrase.types';

/** No `roomId` = every phrase; `null` = global phrases only; a room id = that room's phrases only. */
export const listAllowedInput = z.object({ roomId: roomId.nullable().optional() }).default({});
export const listAllowedOutput = z.array(allowedPhrase);
