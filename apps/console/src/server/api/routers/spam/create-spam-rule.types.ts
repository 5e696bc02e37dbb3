import { roomId, spamAction } from '@tribune/contracts';
import { z } from 'zod';
import { rulesChangeFields, spamKind, spamParams, spamRuleDto } from './spam-rule.types';

export const createSpamRuleInput = z.object({
  kind: spamKind,
  /** null = every room; a room rule of a kind replaces the global rules of that kind in its room */
  roomId: roomId.nullable().default(null),
  action: spamAction.default('reject'),
  /** required when `action` is `timeout` */
  timeoutSeconds: z.number().int().nullable().default(null),
  enabled: z.boolean().default(true),
  params: spamParams.default({}),
});
export const createSpamRuleOutput = z.object({ rule: spamRuleDto, ...rulesChangeFields });
