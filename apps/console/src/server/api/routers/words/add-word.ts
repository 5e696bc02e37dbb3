import { AppError } from '../../../app-error';
import { protectedProcedure } from '../../trpc';
import { addWordInput, addWordOutput } from './add-word.types';

export const addWordRoute = protectedProcedure
  .input(addWordInput)
  .output(addWordOutput)
  .mutation(async ({ ctx, input }) => {
    const { result, version, published } = await ctx.services.rules.change(`add word by ${ctx.operator.email}`, async (tx) => {
      if (input.roomId !== null && !(await tx.room.findUnique({ where: { id: input.roomId } }))) {
        throw new AppError('NOT_FOUND', `room ${input.roomId} does not exist`, [{ field: 'roomId', message: 'unknown room' }]);
      }
      const { force: _force, ...word } = input;
      return tx.bannedWord.create({ data: word });
    }, { force: input.force });
    return { word: result, rulesVersion: version, published };
  });
