import { protectedProcedure } from '../../trpc';
import { decideInput, decideOutput } from './review.types';

/** Delivers a held message to its room (original id and ts), recorded in `chat.moderation`. */
export const approveHeldRoute = protectedProcedure
  .input(decideInput)
  .output(decideOutput)
  .mutation(async ({ ctx, input }) => {
    const out = await ctx.services.review.decide({ id: input.id, decision: 'approved', by: ctx.operator.email });
    return { id: out.item.id, room: out.item.room, decision: out.decision, delivered: out.delivered };
  });
