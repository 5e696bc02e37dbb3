import { access } from '../../../access/access-rules';
import { protectedProcedure } from '../../trpc';
import { listForUserInput, listForUserOutput } from './sanctions.types';

/** A viewer's sanctions in force (console, timeout rules, moderators in the chat), `until` in ms. */
export const listForUserRoute = protectedProcedure
  .meta({ access: access.read })
  .input(listForUserInput)
  .output(listForUserOutput)
  .query(({ ctx, input }) => ctx.services.sanctions.listForUser(input.userId));
