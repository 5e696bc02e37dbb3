import { AppError } from '../../../app-error';
import { protectedProcedure } from '../../trpc';
import { addAllowedInput, addAllowedOutput } from './add-allowed.types';

export const addAllowedRoute = protectedProcedure
  .input(addAllowedInput)
  .output(addAllowedOutput)
  .mutation(async ({ ctx, input }) => {
    const { result, version, published } = await ctx.services.rules.change(`add allowed phrase by ${ctx.operator.email}`, async (tx) => {
      if (input.roomId !== null && !(await tx.room.findUnique({ where: { id: input.roomId } }))) {
        throw new AppError('NOT_FOUND', `room ${input.roomId} does not exist`, [{ field: 'roomId', message: 'unknown room' }]);
      }
      return tx.allowedPhrase.create({ data: input });
    });
    return { phrase: result, rulesVersion: version, published };
  });
