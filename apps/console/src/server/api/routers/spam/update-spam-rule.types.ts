import { roomId, spamAction } from '@tribune/contracts';
import { z } from 'zod';
import { rulesChangeFields, spamParams, spamRuleDto } from './spam-rule.types';

/** Fields left out keep their value; `params`, when given, replaces the kind's parameters as a whole. The kind never changes. */
export const updateSpamRuleInput = z.object({
  id: z.string().min(1),
  roomId: roomId.nullable().optional(),
  action: spamAction.optional(),
  timeoutSeconds: z.number().int().nullable().optional(),
  enabled: z.boolean().optional(),
  params: spamParams.optional(),
});
export const updateSpamRuleOutput = z.object({ rule: spamRuleDto, ...rulesChangeFields });
