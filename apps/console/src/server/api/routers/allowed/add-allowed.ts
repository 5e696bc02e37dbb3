import { access, roomField } from '../../../access/access-rules';
import { AppError } from '../../../app-error';
import { protectedProcedure } from '../../trpc';
import { addAllowedInput, addAllowedOutput } from './add-allowed.types';

export const addAllowedRoute = protectedProcedure
  .meta({ access: access.moderate(roomField('roomId')) })
  .input(addAllowedInput)
  .output(addAllowedOutput)
  .mutation(async ({ ctx, input }) => {
    const { result, version, published } = await ctx.services.rules.change(`add allowed phrase by ${ctx.principal.label}`, async (tx) => {
      if (input.roomId !== null && !(await tx.room.findUnique({ where: { id: input.roomId } }))) {
        throw new AppError('NOT_FOUND', `room ${input.roomId} does not exist`, [{ field: 'roomId', message: 'unknown room' }]);
      }
      const phrase = await tx.allowedPhrase.create({ data: input });
      await ctx.audit(tx, { target: `allowed:${phrase.id}`, room: phrase.roomId, after: phrase });
      return phrase;
    });
    return { phrase: result, rulesVersion: version, published };
  });
