import { roomId } from '@tribune/contracts';
import { z } from 'zod';
import { spamRuleDto } from './spam-rule.types';

/** No `roomId` = every rule; `null` = global rules only; a room id = that room's rules only. */
export const listSpamRulesInput = z.object({ roomId: roomId.nullable().optional() }).default({});
export const listSpamRulesOutput = z.array(spamRuleDto);
