import { access, roomField } from '../../../access/access-rules';
import { protectedProcedure } from '../../trpc';
import { purgeUserInput, purgeUserOutput } from './messages.types';

/** Removes every recent message of a user from a room, as `delete` does for one. */
export const purgeUserRoute = protectedProcedure
  .meta({ access: access.moderate(roomField('room')) })
  .input(purgeUserInput)
  .output(purgeUserOutput)
  .mutation(({ ctx, input }) => ctx.services.removal.purgeUser({ room: input.room, userId: input.userId, reason: input.reason, by: ctx.principal.label, audit: (tx, d) => ctx.audit(tx, d) }));
