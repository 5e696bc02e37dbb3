import { AppError } from '../../../app-error';
import { protectedProcedure } from '../../trpc';
import { removeSpamRuleInput, removeSpamRuleOutput } from './remove-spam-rule.types';

export const removeSpamRuleRoute = protectedProcedure
  .input(removeSpamRuleInput)
  .output(removeSpamRuleOutput)
  .mutation(async ({ ctx, input }) => {
    const { version, published } = await ctx.services.rules.change(`remove spam rule ${input.id} by ${ctx.operator.email}`, async (tx) => {
      const { count } = await tx.spamRule.deleteMany({ where: { id: input.id } });
      if (count === 0) throw new AppError('NOT_FOUND', `spam rule ${input.id} does not exist`, [{ field: 'id', message: 'unknown spam rule' }]);
    });
    return { id: input.id, rulesVersion: version, published };
  });
