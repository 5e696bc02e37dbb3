import { AppError } from '../../../app-error';
import { protectedProcedure } from '../../trpc';
import { updateRoomInput, updateRoomOutput } from './update-room.types';

export const updateRoomRoute = protectedProcedure
  .input(updateRoomInput)
  .output(updateRoomOutput)
  .mutation(async ({ ctx, input }) => {
    const { id, ...changes } = input;
    // A status change reaches the nodes (an archived room refuses joins): it is a rules change; a title is not.
    const { count } =
      changes.status === undefined
        ? await ctx.services.db.room.updateMany({ where: { id }, data: changes })
        : (await ctx.services.rules.change(`room ${id} ${changes.status} by ${ctx.operator.email}`, (tx) => tx.room.updateMany({ where: { id }, data: changes }))).result;
    if (count === 0) throw new AppError('NOT_FOUND', `room ${id} does not exist`, [{ field: 'id', message: 'unknown room' }]);
    ctx.services.logger.info({ module: 'rooms', room: id, by: ctx.operator.id, fields: Object.keys(changes) }, 'room_updated');
    return ctx.services.db.room.findUniqueOrThrow({ where: { id } });
  });
