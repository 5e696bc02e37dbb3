import { protectedProcedure } from '../../trpc';
import { listAllowedInput, listAllowedOutput } from './list-allowed.types';

export const listAllowedRoute = protectedProcedure
  .input(listAllowedInput)
  .output(listAllowedOutput)
  .query(({ ctx, input }) =>
    ctx.services.db.allowedPhrase.findMany({
      where: input.roomId === undefined ? {} : { roomId: input.roomId },
      orderBy: { createdAt: 'desc' },
    }),
  );
