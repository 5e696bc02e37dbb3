import { createTRPCRouter } from '../../trpc';
import { backtestSpamRuleRoute } from './backtest-spam-rule';
import { backtestWordRoute } from './backtest-word';

/** "Try on the last hour / day": a proposed rule replayed over stored messages before it is published. */
export const backtestRouter = createTRPCRouter({ word: backtestWordRoute, spamRule: backtestSpamRuleRoute });
