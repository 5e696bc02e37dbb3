import { access, roomOfRow } from '../../../access/access-rules';
import type { Prisma } from '../../../../generated/prisma/client';
import { AppError } from '../../../app-error';
import { paramsOf, spamRuleOf, validateSpamRule } from '../../../rules/spam-rule-row';
import { protectedProcedure } from '../../trpc';
import { updateSpamRuleInput, updateSpamRuleOutput } from './update-spam-rule.types';

export const updateSpamRuleRoute = protectedProcedure
  .meta({ access: access.moderate(roomOfRow('spamRule')) })
  .input(updateSpamRuleInput)
  .output(updateSpamRuleOutput)
  .mutation(async ({ ctx, input }) => {
    const { result, version, published } = await ctx.services.rules.change(`edit spam rule ${input.id} by ${ctx.principal.label}`, async (tx) => {
      const row = await tx.spamRule.findUnique({ where: { id: input.id } });
      if (!row) throw new AppError('NOT_FOUND', `spam rule ${input.id} does not exist`, [{ field: 'id', message: 'unknown spam rule' }]);
      const merged = {
        ...row,
        ...(input.roomId !== undefined ? { roomId: input.roomId } : {}),
        ...(input.action !== undefined ? { action: input.action } : {}),
        ...(input.timeoutSeconds !== undefined ? { timeoutSeconds: input.timeoutSeconds } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
        ...(input.params !== undefined ? { params: input.params } : {}),
      };
      const rule = validateSpamRule(spamRuleOf(merged));
      if (rule.roomId !== null && rule.roomId !== row.roomId && !(await tx.room.findUnique({ where: { id: rule.roomId } }))) {
        throw new AppError('NOT_FOUND', `room ${rule.roomId} does not exist`, [{ field: 'roomId', message: 'unknown room' }]);
      }
      const after = await tx.spamRule.update({
        where: { id: row.id },
        data: {
          roomId: rule.roomId,
          action: rule.action,
          timeoutSeconds: rule.timeoutSeconds ?? null,
          enabled: rule.enabled,
          params: paramsOf(rule) as Prisma.InputJsonValue,
        },
      });
      await ctx.audit(tx, { target: `spam:${row.id}`, room: after.roomId, before: row, after });
      return after;
    });
    return { rule: { ...result, params: result.params as Record<string, unknown> }, rulesVersion: version, published };
  });
