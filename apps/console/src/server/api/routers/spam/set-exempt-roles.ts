import { access, globalChange } from '../../../access/access-rules';
import { SPAM_SETTINGS_ID } from '../../../rules/spam-seed';
import { protectedProcedure } from '../../trpc';
import { setExemptRolesInput, setExemptRolesOutput } from './set-exempt-roles.types';

export const setExemptRolesRoute = protectedProcedure
  .meta({ access: access.moderate(globalChange) })
  .input(setExemptRolesInput)
  .output(setExemptRolesOutput)
  .mutation(async ({ ctx, input }) => {
    const exemptRoles = [...new Set(input.exemptRoles)];
    // The settings row exists: every rules change seeds it first under the same lock.
    const { version, published } = await ctx.services.rules.change(`set spam exempt roles by ${ctx.principal.label}`, async (tx) => {
      const before = await tx.spamSettings.findUnique({ where: { id: SPAM_SETTINGS_ID }, select: { exemptRoles: true } });
      await tx.spamSettings.update({ where: { id: SPAM_SETTINGS_ID }, data: { exemptRoles } });
      await ctx.audit(tx, { target: 'spam-settings', before, after: { exemptRoles } });
    });
    return { exemptRoles, rulesVersion: version, published };
  });
