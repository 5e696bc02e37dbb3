import { access } from '../../../access/access-rules';
import { AppError } from '../../../app-error';
import { protectedProcedure } from '../../trpc';
import { getRoomInput, getRoomOutput } from './get-room.types';

export const getRoomRoute = protectedProcedure
  .meta({ access: access.read })
  .input(getRoomInput)
  .output(getRoomOutput)
  .query(async ({ ctx, input }) => {
    const found = await ctx.services.db.room.findUnique({ where: { id: input.id } });
    if (!found) throw new AppError('NOT_FOUND', `room ${input.id} does not exist`, [{ field: 'id', message: 'unknown room' }]);
    return found;
  });
