import { access } from '../../../access/access-rules';
import { protectedProcedure } from '../../trpc';
import { listQueueInput, listQueueOutput } from './review.types';

export const listQueueRoute = protectedProcedure
  .meta({ access: access.read })
  .input(listQueueInput)
  .output(listQueueOutput)
  .query(async ({ ctx, input }) => ({ items: await ctx.services.review.list(input.roomId), expireMinutes: ctx.services.config.REVIEW_EXPIRE_MINUTES }));
