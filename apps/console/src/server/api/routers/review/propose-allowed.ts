import { proposeAllowed } from '../../../review/allow-this';
import { access } from '../../../access/access-rules';
import { protectedProcedure } from '../../trpc';
import { proposeAllowedInput, proposeAllowedOutput } from './allow-this.types';

/** "Allow this", step 1: the phrase around the match and its backtest; nothing is saved. */
export const proposeAllowedRoute = protectedProcedure
  .meta({ access: access.read })
  .input(proposeAllowedInput)
  .output(proposeAllowedOutput)
  .query(async ({ ctx, input }) => {
    const p = await proposeAllowed(ctx.services, input);
    const m = p.message;
    return { ...p, message: { id: m.id, ts: m.ts, room: m.room, userId: m.userId, text: m.text, status: m.status, held: m.held } };
  });
