import { protectedProcedure } from '../../trpc';
import { decideInput, decideOutput } from './review.types';

/** Refuses a held message for good, recorded in `chat.moderation`. */
export const rejectHeldRoute = protectedProcedure
  .input(decideInput)
  .output(decideOutput)
  .mutation(async ({ ctx, input }) => {
    const out = await ctx.services.review.decide({ id: input.id, decision: 'rejected', by: ctx.operator.email });
    return { id: out.item.id, room: out.item.room, decision: out.decision, delivered: out.delivered };
  });
