import { access, roomOfRow } from '../../../access/access-rules';
import { AppError } from '../../../app-error';
import { protectedProcedure } from '../../trpc';
import { removeSpamRuleInput, removeSpamRuleOutput } from './remove-spam-rule.types';

export const removeSpamRuleRoute = protectedProcedure
  .meta({ access: access.moderate(roomOfRow('spamRule')) })
  .input(removeSpamRuleInput)
  .output(removeSpamRuleOutput)
  .mutation(async ({ ctx, input }) => {
    const { version, published } = await ctx.services.rules.change(`remove spam rule ${input.id} by ${ctx.principal.label}`, async (tx) => {
      const before = await tx.spamRule.findUnique({ where: { id: input.id } });
      const { count } = await tx.spamRule.deleteMany({ where: { id: input.id } });
      if (count === 0 || !before) throw new AppError('NOT_FOUND', `spam rule ${input.id} does not exist`, [{ field: 'id', message: 'unknown spam rule' }]);
      await ctx.audit(tx, { target: `spam:${input.id}`, room: before.roomId, before });
    });
    return { id: input.id, rulesVersion: version, published };
  });
