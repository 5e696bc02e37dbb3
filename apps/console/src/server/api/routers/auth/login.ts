import { access } from '../../../access/access-rules';
import { publicProcedure } from '../../trpc';
import { loginInput, loginOutput } from './login.types';

export const loginRoute = publicProcedure
  .meta({ access: access.public })
  .input(loginInput)
  .output(loginOutput)
  .mutation(async ({ ctx, input }) => {
    const { token, expiresAt, operator } = await ctx.services.auth.login(input.email, input.password, ctx.origin);
    ctx.setSessionCookie(token, (expiresAt.getTime() - Date.now()) / 1000);
    return { operator, expiresAt };
  });
