import { access } from '../../../access/access-rules';
import { backtestRule } from '../../../backtest/backtest-rule';
import { PROPOSED_RULE_ID } from '../../../backtest/run-backtest';
import { moderationRulesValidator } from '../../../rules/moderation-rules-validator';
import { protectedProcedure } from '../../trpc';
import { backtestWordInput, backtestWordOutput } from './backtest-word.types';

export const backtestWordRoute = protectedProcedure
  .meta({ access: access.read })
  .input(backtestWordInput)
  .output(backtestWordOutput)
  .query(async ({ ctx, input }) => {
    // The allowed phrases in force take part: a hit inside one would not have counted live either.
    const allowed = await ctx.services.db.allowedPhrase.findMany({ select: { id: true, phrase: true, roomId: true } });
    const rules = {
      words: [{ id: PROPOSED_RULE_ID, term: input.term, match: input.match, action: input.action, roomId: input.roomId }],
      allowed,
    };
    // An invalid term (a regex RE2 refuses) is refused naming the field, as words.add would.
    moderationRulesValidator(rules);
    return backtestRule(ctx.services, rules, { room: input.roomId, window: input.window, limit: input.limit });
  });
