import { access, roomOfRow } from '../../../access/access-rules';
import { AppError } from '../../../app-error';
import { protectedProcedure } from '../../trpc';
import { enableSpamRuleInput, enableSpamRuleOutput } from './enable-spam-rule.types';

export const enableSpamRuleRoute = protectedProcedure
  .meta({ access: access.moderate(roomOfRow('spamRule')) })
  .input(enableSpamRuleInput)
  .output(enableSpamRuleOutput)
  .mutation(async ({ ctx, input }) => {
    const verb = input.enabled ? 'enable' : 'disable';
    const { result, version, published } = await ctx.services.rules.change(`${verb} spam rule ${input.id} by ${ctx.principal.label}`, async (tx) => {
      const before = await tx.spamRule.findUnique({ where: { id: input.id } });
      const { count } = await tx.spamRule.updateMany({ where: { id: input.id }, data: { enabled: input.enabled } });
      if (count === 0 || !before) throw new AppError('NOT_FOUND', `spam rule ${input.id} does not exist`, [{ field: 'id', message: 'unknown spam rule' }]);
      const after = await tx.spamRule.findUniqueOrThrow({ where: { id: input.id } });
      await ctx.audit(tx, { target: `spam:${input.id}`, room: after.roomId, before, after });
      return after;
    });
    return { rule: { ...result, params: result.params as Record<string, unknown> }, rulesVersion: version, published };
  });
