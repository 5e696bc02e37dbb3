import { access } from '../../../access/access-rules';
import { AppError } from '../../../app-error';
import { protectedProcedure } from '../../trpc';
import { createRoomInput, createRoomOutput } from './create-room.types';

export const createRoomRoute = protectedProcedure
  .meta({ access: access.admin })
  .input(createRoomInput)
  .output(createRoomOutput)
  .mutation(async ({ ctx, input }) => {
    const existing = await ctx.services.db.room.findUnique({ where: { id: input.id } });
    if (existing) throw new AppError('ALREADY_EXISTS', `room ${input.id} already exists`, [{ field: 'id', message: 'already taken' }]);
    // The room list is part of the published rules: nodes accept joins only to rooms they were told exist.
    const { result: created, version } = await ctx.services.rules.change(`create room ${input.id} by ${ctx.principal.label}`, async (tx) => {
      const room = await tx.room.create({ data: input });
      await ctx.audit(tx, { target: `room:${room.id}`, room: room.id, after: room });
      return room;
    });
    ctx.services.logger.info({ module: 'rooms', room: created.id, by: ctx.principal.id, rulesVersion: version }, 'room_created');
    return created;
  });
