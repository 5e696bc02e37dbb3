import { access, roomField } from '../../../access/access-rules';
import { configureProtectionInput, roomProtectionView } from '../../../protection/protection-settings';
import { protectedProcedure } from '../../trpc';

/**
 * Arms, disarms or tunes a room's automatic protection (fields not given keep their value). Saving settings is no
 * rules version (nodes enforce nothing new); each automatic mode change is. Disarming an engaged room reverts it.
 */
export const configureProtectionRoute = protectedProcedure
  .meta({ access: access.moderate(roomField('room')) })
  .input(configureProtectionInput)
  .output(roomProtectionView)
  .mutation(({ ctx, input }) => ctx.services.protection.configure(input.room, input.settings, ctx.principal.label, ctx.audit));
