import { access, roomField } from '../../../access/access-rules';
import { protectedProcedure } from '../../trpc';
import { decideInput, decideOutput } from './review.types';

/** Refuses a held message for good, recorded in `chat.moderation`. */
export const rejectHeldRoute = protectedProcedure
  .meta({ access: access.moderate(roomField('room')) })
  .input(decideInput)
  .output(decideOutput)
  .mutation(async ({ ctx, input }) => {
    const out = await ctx.services.review.decide({ id: input.id, room: input.room, decision: 'rejected', by: ctx.principal.label, audit: (tx, d) => ctx.audit(tx, d) });
    return { id: out.item.id, room: out.item.room, decision: out.decision, delivered: out.delivered };
  });
