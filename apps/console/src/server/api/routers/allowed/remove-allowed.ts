import { AppError } from '../../../app-error';
import { protectedProcedure } from '../../trpc';
import { removeAllowedInput, removeAllowedOutput } from './remove-allowed.types';

export const removeAllowedRoute = protectedProcedure
  .input(removeAllowedInput)
  .output(removeAllowedOutput)
  .mutation(async ({ ctx, input }) => {
    const { version, published } = await ctx.services.rules.change(`remove allowed phrase by ${ctx.operator.email}`, async (tx) => {
      const { count } = await tx.allowedPhrase.deleteMany({ where: { id: input.id } });
      if (count === 0) throw new AppError('NOT_FOUND', `allowed phrase ${input.id} does not exist`, [{ field: 'id', message: 'unknown phrase' }]);
    }, { force: input.force });
    return { id: input.id, rulesVersion: version, published };
  });
