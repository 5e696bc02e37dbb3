import { publicProcedure } from '../../trpc';
import { meInput, meOutput } from './me.types';

export const meRoute = publicProcedure
  .input(meInput)
  .output(meOutput)
  .query(({ ctx }) => ctx.operator);
