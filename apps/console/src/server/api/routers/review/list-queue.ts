import { protectedProcedure } from '../../trpc';
import { listQueueInput, listQueueOutput } from './review.types';

export const listQueueRoute = protectedProcedure
  .input(listQueueInput)
  .output(listQueueOutput)
  .query(async ({ ctx, input }) => ({ items: await ctx.services.review.list(input.roomId), expireMinutes: ctx.services.config.REVIEW_EXPIRE_MINUTES }));
