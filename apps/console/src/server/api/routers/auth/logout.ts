import { access } from '../../../access/access-rules';
import { publicProcedure } from '../../trpc';
import { logoutInput, logoutOutput } from './logout.types';

export const logoutRoute = publicProcedure
  .meta({ access: access.public })
  .input(logoutInput)
  .output(logoutOutput)
  .mutation(async ({ ctx }) => {
    await ctx.services.auth.logout(ctx.sessionToken, ctx.origin);
    ctx.setSessionCookie(null);
    return { ok: true as const };
  });
