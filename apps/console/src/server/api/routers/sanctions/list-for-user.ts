import { access } from '../../../access/access-rules';
import { inScope } from '../../../access/principal';
import { protectedProcedure } from '../../trpc';
import { listForUserInput, listForUserOutput } from './sanctions.types';

/**
 * A viewer's sanctions in force (console, timeout rules, moderators in the chat), `until` in ms. A moderator scoped to
 * rooms sees those rooms' sanctions and the global bans, as on the user page.
 */
export const listForUserRoute = protectedProcedure
  .meta({ access: access.read })
  .input(listForUserInput)
  .output(listForUserOutput)
  .query(async ({ ctx, input }) => (await ctx.services.sanctions.listForUser(input.userId)).filter((s) => s.room === null || inScope(ctx.principal, s.room)));
