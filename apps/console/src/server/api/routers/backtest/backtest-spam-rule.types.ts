import { roomId, spamAction } from '@tribune/contracts';
import { z } from 'zod';
import { spamKind, spamParams } from '../spam/spam-rule.types';
import { backtestReport, backtestWindowFields } from './backtest-report.types';

/** A spam rule as it would be created or saved (spam.create / spam.update), tried on stored messages first. */
export const backtestSpamRuleInput = z.object({
  kind: spamKind,
  /** null = every room's messages */
  roomId: roomId.nullable().default(null),
  action: spamAction.default('reject'),
  timeoutSeconds: z.number().int().nullable().default(null),
  params: spamParams.default({}),
  ...backtestWindowFields,
});
export const backtestSpamRuleOutput = backtestReport;
