import { messagesByStatus, topRules, topTerms, uniqueChatters } from '@tribune/analytics';
import { z } from 'zod';
import { access } from '../../../access/access-rules';
import { readAnnotations } from '../../../live/annotations';
import { protectedProcedure } from '../../trpc';
import { historyInput } from './live.types';

const MAX_RANGE_MS = 400 * 86_400_000;

export const historyOutput = z.object({
  resolution: z.literal('minute'),
  messages: z.array(z.object({ t: z.number(), status: z.string(), messages: z.number() })),
  chatters: z.number(),
  rules: z.array(z.object({ ruleId: z.string(), kind: z.string(), term: z.string(), hits: z.number() })),
  terms: z.array(z.object({ term: z.string(), hits: z.number() })),
  annotations: z.array(z.object({ t: z.number(), kind: z.enum(['rule', 'mode', 'sanction']), label: z.string(), by: z.string() })),
});

/** A room's history over any range, from the per-minute rollups only (chat.messages_1m, chat.moderation_1m). */
export const historyRoute = protectedProcedure
  .meta({ access: access.read })
  .input(historyInput.refine((i) => i.range.to - i.range.from <= MAX_RANGE_MS, { message: 'at most 400 days' }))
  .output(historyOutput)
  .query(async ({ ctx, input }) => {
    const ch = ctx.services.clickhouse;
    const q = { room: input.room, range: input.range, resolution: 'minute' as const };
    const [messages, chatters, rules, terms, annotations] = await Promise.all([
      messagesByStatus(ch, q),
      uniqueChatters(ch, q),
      topRules(ch, { ...q, limit: 10 }),
      topTerms(ch, { ...q, limit: 10 }),
      readAnnotations(ctx.services.db, input.room, input.range.from, input.range.to, 500),
    ]);
    return { resolution: 'minute' as const, messages, chatters, rules, terms, annotations };
  });
