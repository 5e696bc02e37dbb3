import { access } from '../../../access/access-rules';
import { AppError } from '../../../app-error';
import type { Tx } from '../../../rules/rules-service';
import { protectedProcedure } from '../../trpc';
import { updateRoomInput, updateRoomOutput } from './update-room.types';

export const updateRoomRoute = protectedProcedure
  .meta({ access: access.admin })
  .input(updateRoomInput)
  .output(updateRoomOutput)
  .mutation(async ({ ctx, input }) => {
    const { id, ...changes } = input;
    const apply = async (tx: Tx) => {
      const before = await tx.room.findUnique({ where: { id } });
      if (!before) throw new AppError('NOT_FOUND', `room ${id} does not exist`, [{ field: 'id', message: 'unknown room' }]);
      const after = await tx.room.update({ where: { id }, data: changes });
      await ctx.audit(tx, { target: `room:${id}`, room: id, before, after });
      return after;
    };
    // A status change reaches the nodes (an archived room refuses joins): it is a rules change; a title is not.
    const updated =
      changes.status === undefined
        ? await ctx.services.db.$transaction(apply)
        : (await ctx.services.rules.change(`room ${id} ${changes.status} by ${ctx.principal.label}`, apply)).result;
    ctx.services.logger.info({ module: 'rooms', room: id, by: ctx.principal.id, fields: Object.keys(changes) }, 'room_updated');
    return updated;
  });
