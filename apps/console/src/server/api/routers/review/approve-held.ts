import { access, roomField } from '../../../access/access-rules';
import { protectedProcedure } from '../../trpc';
import { decideInput, decideOutput } from './review.types';

/** Delivers a held message to its room (original id and ts), recorded in `chat.moderation`. */
export const approveHeldRoute = protectedProcedure
  .meta({ access: access.moderate(roomField('room')) })
  .input(decideInput)
  .output(decideOutput)
  .mutation(async ({ ctx, input }) => {
    const out = await ctx.services.review.decide({ id: input.id, room: input.room, decision: 'approved', by: ctx.principal.label, audit: (tx, d) => ctx.audit(tx, d) });
    return { id: out.item.id, room: out.item.room, decision: out.decision, delivered: out.delivered };
  });
