import { access, roomField } from '../../../access/access-rules';
import { protectedProcedure } from '../../trpc';
import { banInput, sanctionOutput } from './sanctions.types';

/** Bans a viewer from a room or (room null: admins and unscoped moderators) from every room, optionally until a time. */
export const banUserRoute = protectedProcedure
  .meta({ access: access.moderate(roomField('room')) })
  .input(banInput)
  .output(sanctionOutput)
  .mutation(({ ctx, input }) =>
    ctx.services.sanctions.give({ kind: 'ban', room: input.room, userId: input.userId, seconds: input.expiresInSeconds, reason: input.reason, announce: input.announce, by: ctx.principal.label, audit: (tx, d) => ctx.audit(tx, d) }),
  );
