import { access, roomField } from '../../../access/access-rules';
import { protectedProcedure } from '../../trpc';
import { liftInput, liftOutput } from './sanctions.types';

/** Ends a timeout or a ban now (a global ban: room null); `lifted` false when none was in force. */
export const liftSanctionRoute = protectedProcedure
  .meta({ access: access.moderate(roomField('room')) })
  .input(liftInput)
  .output(liftOutput)
  .mutation(({ ctx, input }) => ctx.services.sanctions.lift({ kind: input.kind, room: input.room, userId: input.userId, by: ctx.principal.label, audit: (tx, d) => ctx.audit(tx, d) }));
