import { spamCounter } from '@tribune/contracts';
import { z } from 'zod';
import { BACKTEST_DEFAULT_LIMIT, BACKTEST_MAX_LIMIT } from '../../../backtest/backtest-rule';

/** Which stored messages to replay: the last hour or day of the rule's room (all rooms for a global rule). */
export const backtestWindowFields = {
  window: z.enum(['hour', 'day']).default('hour'),
  /** messages read at most (the most recent of the window) */
  limit: z.number().int().positive().max(BACKTEST_MAX_LIMIT).default(BACKTEST_DEFAULT_LIMIT),
};

export const backtestReport = z.object({
  window: z.enum(['hour', 'day']),
  since: z.number(),
  until: z.number(),
  room: z.string().nullable(),
  limit: z.number().int(),
  /** the window held more messages than `limit`: only the most recent were replayed */
  truncated: z.boolean(),
  scanned: z.number().int(),
  hits: z.number().int(),
  refused: z.number().int(),
  masked: z.number().int(),
  newlyCaught: z.number().int(),
  byAction: z.record(z.string(), z.number().int()),
  examples: z.array(
    z.object({
      id: z.string(),
      ts: z.number(),
      room: z.string(),
      userId: z.string(),
      text: z.string(),
      action: z.string(),
      span: z.tuple([z.number().int(), z.number().int()]).nullable(),
      normalized: z.string().nullable(),
      counter: spamCounter.nullable(),
      status: z.string(),
    }),
  ),
});
