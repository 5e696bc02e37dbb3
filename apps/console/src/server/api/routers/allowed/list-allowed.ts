import { access } from '../../../access/access-rules';
import { protectedProcedure } from '../../trpc';
import { listAllowedInput, listAllowedOutput } from './list-allowed.types';

export const listAllowedRoute = protectedProcedure
  .meta({ access: access.read })
  .input(listAllowedInput)
  .output(listAllowedOutput)
  .query(({ ctx, input }) =>
    ctx.services.db.allowedPhrase.findMany({
      where: input.roomId === undefined ? {} : { roomId: input.roomId },
      orderBy: { createdAt: 'desc' },
    }),
  );
