import { allowThis } from '../../../review/allow-this';
import { protectedProcedure } from '../../trpc';
import { allowThisInput, allowThisOutput } from './allow-this.types';

/** "Allow this", step 2: publish the phrase, store the regression case, deliver the message if it is held. */
export const allowThisRoute = protectedProcedure
  .input(allowThisInput)
  .output(allowThisOutput)
  .mutation(({ ctx, input }) => allowThis(ctx.services, { ...input, by: ctx.operator.email }));
