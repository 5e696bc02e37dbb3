import { roomId } from '@tribune/contracts';
import { z } from 'zod';

export const phraseScope = z.enum(['room', 'global']);

export const proposeAllowedInput = z.object({
  room: roomId,
  id: z.string().min(1),
  /** the operator's own phrase instead of the proposed one */
  phrase: z.string().trim().min(1).max(200).optional(),
  scope: phraseScope.default('room'),
  window: z.enum(['hour', 'day']).default('day'),
});
export const proposeAllowedOutput = z.object({
  message: z.object({ id: z.string(), ts: z.number(), room: z.string(), userId: z.string(), text: z.string(), status: z.string(), held: z.boolean() }),
  term: z.string(),
  span: z.tuple([z.number().int(), z.number().int()]),
  phrase: z.string(),
  scope: phraseScope,
  backtest: z.object({
    window: z.enum(['hour', 'day']),
    since: z.number(),
    until: z.number(),
    truncated: z.boolean(),
    scanned: z.number().int(),
    affected: z.number().int(),
    letThrough: z.number().int(),
    examples: z.array(
      z.object({
        id: z.string(),
        ts: z.number(),
        room: z.string(),
        userId: z.string(),
        text: z.string(),
        status: z.string(),
        lifted: z.array(z.object({ term: z.string(), span: z.tuple([z.number().int(), z.number().int()]).nullable() })),
        clean: z.boolean(),
      }),
    ),
  }),
});

export const allowThisInput = z.object({
  room: roomId,
  id: z.string().min(1),
  phrase: z.string().trim().min(1).max(200),
  scope: phraseScope.default('room'),
  /** publish even if a stored regression case would be refused again */
  force: z.boolean().default(false),
});
export const allowThisOutput = z.object({
  phraseId: z.string(),
  regressionCaseId: z.string(),
  rulesVersion: z.number().int(),
  published: z.boolean(),
  approved: z.boolean(),
});
