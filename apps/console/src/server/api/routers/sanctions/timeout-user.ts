import { access, roomField } from '../../../access/access-rules';
import { protectedProcedure } from '../../trpc';
import { sanctionOutput, timeoutInput } from './sanctions.types';

/** Mutes a viewer in a room for 1 s – 14 days: every node refuses its sends (`timed_out`) from the next one. */
export const timeoutUserRoute = protectedProcedure
  .meta({ access: access.moderate(roomField('room')) })
  .input(timeoutInput)
  .output(sanctionOutput)
  .mutation(({ ctx, input }) =>
    ctx.services.sanctions.give({ kind: 'timeout', room: input.room, userId: input.userId, seconds: input.seconds, reason: input.reason, announce: input.announce, by: ctx.principal.label, audit: (tx, d) => ctx.audit(tx, d) }),
  );
