import { access, roomOfRow } from '../../../access/access-rules';
import { AppError } from '../../../app-error';
import { protectedProcedure } from '../../trpc';
import { removeWordInput, removeWordOutput } from './remove-word.types';

export const removeWordRoute = protectedProcedure
  .meta({ access: access.moderate(roomOfRow('bannedWord')) })
  .input(removeWordInput)
  .output(removeWordOutput)
  .mutation(async ({ ctx, input }) => {
    const { version, published } = await ctx.services.rules.change(`remove word by ${ctx.principal.label}`, async (tx) => {
      const before = await tx.bannedWord.findUnique({ where: { id: input.id } });
      const { count } = await tx.bannedWord.deleteMany({ where: { id: input.id } });
      if (count === 0 || !before) throw new AppError('NOT_FOUND', `word ${input.id} does not exist`, [{ field: 'id', message: 'unknown word' }]);
      await ctx.audit(tx, { target: `word:${input.id}`, room: before.roomId, before });
    });
    return { id: input.id, rulesVersion: version, published };
  });
