import { access, roomOfRow } from '../../../access/access-rules';
import { AppError } from '../../../app-error';
import { protectedProcedure } from '../../trpc';
import { removeAllowedInput, removeAllowedOutput } from './remove-allowed.types';

export const removeAllowedRoute = protectedProcedure
  .meta({ access: access.moderate(roomOfRow('allowedPhrase')) })
  .input(removeAllowedInput)
  .output(removeAllowedOutput)
  .mutation(async ({ ctx, input }) => {
    const { version, published } = await ctx.services.rules.change(`remove allowed phrase by ${ctx.principal.label}`, async (tx) => {
      const before = await tx.allowedPhrase.findUnique({ where: { id: input.id } });
      const { count } = await tx.allowedPhrase.deleteMany({ where: { id: input.id } });
      if (count === 0 || !before) throw new AppError('NOT_FOUND', `allowed phrase ${input.id} does not exist`, [{ field: 'id', message: 'unknown phrase' }]);
      await ctx.audit(tx, { target: `allowed:${input.id}`, room: before.roomId, before });
    }, { force: input.force });
    return { id: input.id, rulesVersion: version, published };
  });
