import { allowThis } from '../../../review/allow-this';
import { access, type RoomResolver } from '../../../access/access-rules';
import { protectedProcedure } from '../../trpc';
import { allowThisInput, allowThisOutput } from './allow-this.types';

/** The room the phrase applies to: the message's room, or every room (`scope: 'global'`: unscoped moderators only). */
const phraseRooms: RoomResolver = (input) => {
  const i = (typeof input === 'object' && input !== null ? input : {}) as { room?: unknown; scope?: unknown };
  return Promise.resolve([i.scope === 'global' || typeof i.room !== 'string' ? null : i.room]);
};

/** "Allow this", step 2: publish the phrase, store the regression case, deliver the message if it is held. */
export const allowThisRoute = protectedProcedure
  .meta({ access: access.moderate(phraseRooms) })
  .input(allowThisInput)
  .output(allowThisOutput)
  .mutation(({ ctx, input }) => allowThis(ctx.services, { ...input, by: ctx.principal.label, audit: (tx, d) => ctx.audit(tx, d) }));
