import { access, roomField } from '../../../access/access-rules';
import { protectedProcedure } from '../../trpc';
import { deleteMessageInput, deleteMessageOutput } from './messages.types';

/** Removes a message: viewers on every node get `deleted`, and no later join is given it. */
export const deleteMessageRoute = protectedProcedure
  .meta({ access: access.moderate(roomField('room')) })
  .input(deleteMessageInput)
  .output(deleteMessageOutput)
  .mutation(({ ctx, input }) => ctx.services.removal.delete({ room: input.room, id: input.id, reason: input.reason, by: ctx.principal.label, audit: (tx, d) => ctx.audit(tx, d) }));
