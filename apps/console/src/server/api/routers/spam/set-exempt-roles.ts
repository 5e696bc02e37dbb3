import { SPAM_SETTINGS_ID } from '../../../rules/spam-seed';
import { protectedProcedure } from '../../trpc';
import { setExemptRolesInput, setExemptRolesOutput } from './set-exempt-roles.types';

export const setExemptRolesRoute = protectedProcedure
  .input(setExemptRolesInput)
  .output(setExemptRolesOutput)
  .mutation(async ({ ctx, input }) => {
    const exemptRoles = [...new Set(input.exemptRoles)];
    // The settings row exists: every rules change seeds it first under the same lock.
    const { version, published } = await ctx.services.rules.change(`set spam exempt roles by ${ctx.operator.email}`, (tx) =>
      tx.spamSettings.update({ where: { id: SPAM_SETTINGS_ID }, data: { exemptRoles } }),
    );
    return { exemptRoles, rulesVersion: version, published };
  });
