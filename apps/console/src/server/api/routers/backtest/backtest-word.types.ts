import { roomId, wordAction, wordMatchKind } from '@tribune/contracts';
import { z } from 'zod';
import { backtestReport, backtestWindowFields } from './backtest-report.types';

/** A banned word as it would be added (words.add), tried on stored messages before it is. */
export const backtestWordInput = z.object({
  term: z.string().trim().min(1).max(200),
  match: wordMatchKind.default('word'),
  action: wordAction.default('block'),
  /** null = every room's messages */
  roomId: roomId.nullable().default(null),
  ...backtestWindowFields,
});
export const backtestWordOutput = backtestReport;
