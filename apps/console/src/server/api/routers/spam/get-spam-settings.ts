import { access } from '../../../access/access-rules';
import { exemptRolesOf } from '../../../rules/build-snapshot';
import { storedExemptRoles } from '../../../rules/spam-seed';
import { protectedProcedure } from '../../trpc';
import { getSpamSettingsInput, getSpamSettingsOutput } from './get-spam-settings.types';

export const getSpamSettingsRoute = protectedProcedure
  .meta({ access: access.read })
  .input(getSpamSettingsInput)
  .output(getSpamSettingsOutput)
  .query(async ({ ctx }) => {
    const exemptRoles = await storedExemptRoles(ctx.services.db);
    const fromEnvironment = ctx.services.config.SPAM_EXEMPT_ROLES;
    return { exemptRoles, fromEnvironment, effective: exemptRolesOf(exemptRoles, fromEnvironment) };
  });
