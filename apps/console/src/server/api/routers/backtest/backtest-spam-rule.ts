import { access } from '../../../access/access-rules';
import { backtestRule } from '../../../backtest/backtest-rule';
import { PROPOSED_RULE_ID } from '../../../backtest/run-backtest';
import { exemptRolesOf } from '../../../rules/build-snapshot';
import { spamRuleOf, validateSpamRule } from '../../../rules/spam-rule-row';
import { storedExemptRoles } from '../../../rules/spam-seed';
import { protectedProcedure } from '../../trpc';
import { backtestSpamRuleInput, backtestSpamRuleOutput } from './backtest-spam-rule.types';

export const backtestSpamRuleRoute = protectedProcedure
  .meta({ access: access.read })
  .input(backtestSpamRuleInput)
  .output(backtestSpamRuleOutput)
  .query(async ({ ctx, input }) => {
    const rule = validateSpamRule(spamRuleOf({ ...input, id: PROPOSED_RULE_ID, enabled: true }));
    // The exempt roles in force take part: their messages skip spam rules live, so they do here.
    const exemptRoles = exemptRolesOf(await storedExemptRoles(ctx.services.db), ctx.services.config.SPAM_EXEMPT_ROLES);
    return backtestRule(ctx.services, { spam: [rule], exemptRoles }, { room: input.roomId, window: input.window, limit: input.limit });
  });
