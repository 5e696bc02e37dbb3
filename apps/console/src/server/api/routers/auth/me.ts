import { access } from '../../../access/access-rules';
import { publicProcedure } from '../../trpc';
import { meInput, meOutput } from './me.types';

export const meRoute = publicProcedure
  .meta({ access: access.public })
  .input(meInput)
  .output(meOutput)
  .query(({ ctx }) => ctx.operator);
