import { AppError } from '../../../app-error';
import { protectedProcedure } from '../../trpc';
import { enableSpamRuleInput, enableSpamRuleOutput } from './enable-spam-rule.types';

export const enableSpamRuleRoute = protectedProcedure
  .input(enableSpamRuleInput)
  .output(enableSpamRuleOutput)
  .mutation(async ({ ctx, input }) => {
    const verb = input.enabled ? 'enable' : 'disable';
    const { result, version, published } = await ctx.services.rules.change(`${verb} spam rule ${input.id} by ${ctx.operator.email}`, async (tx) => {
      const { count } = await tx.spamRule.updateMany({ where: { id: input.id }, data: { enabled: input.enabled } });
      if (count === 0) throw new AppError('NOT_FOUND', `spam rule ${input.id} does not exist`, [{ field: 'id', message: 'unknown spam rule' }]);
      return tx.spamRule.findUniqueOrThrow({ where: { id: input.id } });
    });
    return { rule: { ...result, params: result.params as Record<string, unknown> }, rulesVersion: version, published };
  });
