import { z } from 'zod';
import { rulesChangeFields } from './spam-rule.types';

export const removeSpamRuleInput = z.object({ id: z.string().min(1) });
export const removeSpamRuleOutput = z.object({ id: z.string(), ...rulesChangeFields });
