import { access, roomField } from '../../../access/access-rules';
import { AppError } from '../../../app-error';
import { protectedProcedure } from '../../trpc';
import { addWordInput, addWordOutput } from './add-word.types';

export const addWordRoute = protectedProcedure
  .meta({ access: access.moderate(roomField('roomId')) })
  .input(addWordInput)
  .output(addWordOutput)
  .mutation(async ({ ctx, input }) => {
    const { result, version, published } = await ctx.services.rules.change(`add word by ${ctx.principal.label}`, async (tx) => {
      if (input.roomId !== null && !(await tx.room.findUnique({ where: { id: input.roomId } }))) {
        throw new AppError('NOT_FOUND', `room ${input.roomId} does not exist`, [{ field: 'roomId', message: 'unknown room' }]);
      }
      const { force: _force, ...data } = input;
      const word = await tx.bannedWord.create({ data });
      await ctx.audit(tx, { target: `word:${word.id}`, room: word.roomId, after: word });
      return word;
    }, { force: input.force });
    return { word: result, rulesVersion: version, published };
  });
