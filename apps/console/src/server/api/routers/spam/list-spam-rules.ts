import { access } from '../../../access/access-rules';
import { protectedProcedure } from '../../trpc';
import { listSpamRulesInput, listSpamRulesOutput } from './list-spam-rules.types';

export const listSpamRulesRoute = protectedProcedure
  .meta({ access: access.read })
  .input(listSpamRulesInput)
  .output(listSpamRulesOutput)
  .query(async ({ ctx, input }) => {
    const rows = await ctx.services.db.spamRule.findMany({
      where: input.roomId === undefined ? {} : { roomId: input.roomId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map((r) => ({ ...r, params: (r.params ?? {}) as Record<string, unknown> }));
  });
