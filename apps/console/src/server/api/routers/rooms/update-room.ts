import { AppError } from '../../../app-error';
import { protectedProcedure } from '../../trpc';
import { updateRoomInput, updateRoomOutput } from './update-room.types';

export const updateRoomRoute = protectedProcedure
  .input(updateRoomInput)
  .output(updateRoomOutput)
  .mutation(async ({ ctx, input }) => {
    const { id, ...changes } = input;
    const { count } = await ctx.services.db.room.updateMany({ where: { id }, data: changes });
    if (count === 0) throw new AppError('NOT_FOUND', `room ${id} does not exist`, [{ field: 'id', message: 'unknown room' }]);
    ctx.services.logger.info({ module: 'rooms', room: id, by: ctx.operator.id, fields: Object.keys(changes) }, 'room_updated');
    return ctx.services.db.room.findUniqueOrThrow({ where: { id } });
  });
