import { z } from 'zod';
import { rulesChangeFields, spamRuleDto } from './spam-rule.types';

export const enableSpamRuleInput = z.object({ id: z.string().min(1), enabled: z.boolean() });
export const enableSpamRuleOutput = z.object({ rule: spamRuleDto, ...rulesChangeFields });
