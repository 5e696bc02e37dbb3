import { roomId, spamRule } from '@tribune/contracts';
import { z } from 'zod';

export const roomSpamRulesInput = z.object({ id: roomId });
export const roomSpamRulesOutput = z.object({
  /** The rules version read (the latest committed); 0 when none exists yet. */
  version: z.number().int().nonnegative(),
  /** The spam rules in force in the room: the global ones its own rules do not replace, then its own. */
  rules: z.array(spamRule),
  /** Roles that skip every spam rule (and the room modes staff skip). */
  exemptRoles: z.array(z.string()),
});
