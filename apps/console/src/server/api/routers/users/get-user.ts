import { access } from '../../../access/access-rules';
import { readUserPage } from '../../../users/user-page';
import { protectedProcedure } from '../../trpc';
import { getUserInput, getUserOutput } from './get-user.types';

/** One viewer: recent messages across rooms, decisions about them, active sanctions (every role may read). */
export const getUserRoute = protectedProcedure
  .meta({ access: access.read })
  .input(getUserInput)
  .output(getUserOutput)
  .query(({ ctx, input }) =>
    readUserPage({ clickhouse: ctx.services.clickhouse, activeSanctions: (userId) => ctx.services.sanctions.listForUser(userId) }, ctx.principal, input),
  );
