import { access } from '../../../access/access-rules';
import { roomId } from '@tribune/contracts';
import { z } from 'zod';
import { roomProtectionView } from '../../../protection/protection-settings';
import { protectedProcedure } from '../../trpc';

/** A room's automatic protection: settings (defaults until saved), whether it is engaged, its latest events. */
export const getProtectionRoute = protectedProcedure
  .meta({ access: access.read })
  .input(z.object({ room: roomId }))
  .output(roomProtectionView)
  .query(({ ctx, input }) => ctx.services.protection.get(input.room));
