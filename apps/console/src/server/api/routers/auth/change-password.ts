import { access } from '../../../access/access-rules';
import { sessionProcedure } from '../../trpc';
import { changePasswordInput, changePasswordOutput } from './change-password.types';

/** Any operator changes their own password; the seeded admin must, before anything else (sessionProcedure). */
export const changePasswordRoute = sessionProcedure
  .meta({ access: access.session })
  .input(changePasswordInput)
  .output(changePasswordOutput)
  .mutation(async ({ ctx, input }) => {
    await ctx.services.auth.changePassword(ctx.operator, ctx.sessionToken, input.currentPassword, input.newPassword, ctx.origin);
    return { ok: true as const };
  });
