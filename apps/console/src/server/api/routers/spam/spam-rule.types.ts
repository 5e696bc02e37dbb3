import { roomId, spamAction } from '@tribune/contracts';
import { z } from 'zod';
import { SPAM_KINDS } from '../../../rules/spam-rule-row';

export const spamKind = z.enum(SPAM_KINDS);

/** A stored spam rule: the common fields, and the kind's parameters in `params` (docs/rules.md, "Spam and flood rules"). */
export const spamRuleDto = z.object({
  id: z.string(),
  kind: spamKind,
  roomId: roomId.nullable(),
  action: spamAction,
  timeoutSeconds: z.number().int().nullable(),
  enabled: z.boolean(),
  params: z.record(z.string(), z.unknown()),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type SpamRuleDto = z.infer<typeof spamRuleDto>;

/** The kind's parameters as an operator sends them, e.g. `{ "burst": 20, "perSeconds": 30 }`; checked against the kind. */
export const spamParams = z.record(z.string(), z.unknown());

/** What every rule change answers besides its result (`published: false`: saved, Redis not written yet). */
export const rulesChangeFields = { rulesVersion: z.number().int(), published: z.boolean() };
