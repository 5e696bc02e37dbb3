import { access } from '../../../access/access-rules';
import { protectedProcedure } from '../../trpc';
import { listWordsInput, listWordsOutput } from './list-words.types';

export const listWordsRoute = protectedProcedure
  .meta({ access: access.read })
  .input(listWordsInput)
  .output(listWordsOutput)
  .query(({ ctx, input }) =>
    ctx.services.db.bannedWord.findMany({
      where: input.roomId === undefined ? {} : { roomId: input.roomId },
      orderBy: { createdAt: 'desc' },
    }),
  );
