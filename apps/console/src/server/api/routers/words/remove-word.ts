import { AppError } from '../../../app-error';
import { protectedProcedure } from '../../trpc';
import { removeWordInput, removeWordOutput } from './remove-word.types';

export const removeWordRoute = protectedProcedure
  .input(removeWordInput)
  .output(removeWordOutput)
  .mutation(async ({ ctx, input }) => {
    const { version, published } = await ctx.services.rules.change(`remove word by ${ctx.operator.email}`, async (tx) => {
      const { count } = await tx.bannedWord.deleteMany({ where: { id: input.id } });
      if (count === 0) throw new AppError('NOT_FOUND', `word ${input.id} does not exist`, [{ field: 'id', message: 'unknown word' }]);
    });
    return { id: input.id, rulesVersion: version, published };
  });
