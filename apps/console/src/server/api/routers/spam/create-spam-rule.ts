import { access, roomField } from '../../../access/access-rules';
import type { Prisma } from '../../../../generated/prisma/client';
import { AppError } from '../../../app-error';
import { paramsOf, spamRuleOf, validateSpamRule } from '../../../rules/spam-rule-row';
import { protectedProcedure } from '../../trpc';
import { createSpamRuleInput, createSpamRuleOutput } from './create-spam-rule.types';

export const createSpamRuleRoute = protectedProcedure
  .meta({ access: access.moderate(roomField('roomId')) })
  .input(createSpamRuleInput)
  .output(createSpamRuleOutput)
  .mutation(async ({ ctx, input }) => {
    // Checked before taking the rules lock: the id is a placeholder, the database assigns the real one.
    const rule = validateSpamRule(spamRuleOf({ ...input, id: 'new' }));
    const { result, version, published } = await ctx.services.rules.change(`add spam rule ${rule.kind} by ${ctx.principal.label}`, async (tx) => {
      if (input.roomId !== null && !(await tx.room.findUnique({ where: { id: input.roomId } }))) {
        throw new AppError('NOT_FOUND', `room ${input.roomId} does not exist`, [{ field: 'roomId', message: 'unknown room' }]);
      }
      const created = await tx.spamRule.create({
        data: {
          kind: rule.kind,
          roomId: rule.roomId,
          action: rule.action,
          timeoutSeconds: rule.timeoutSeconds ?? null,
          enabled: rule.enabled,
          params: paramsOf(rule) as Prisma.InputJsonValue,
        },
      });
      await ctx.audit(tx, { target: `spam:${created.id}`, room: created.roomId, after: created });
      return created;
    });
    return { rule: { ...result, params: result.params as Record<string, unknown> }, rulesVersion: version, published };
  });
