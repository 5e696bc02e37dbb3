import { access } from '../../../access/access-rules';
import { protectedProcedure } from '../../trpc';
import { listRoomsInput, listRoomsOutput } from './list-rooms.types';

export const listRoomsRoute = protectedProcedure
  .meta({ access: access.read })
  .input(listRoomsInput)
  .output(listRoomsOutput)
  .query(async ({ ctx }) => {
    const rooms = await ctx.services.db.room.findMany({ orderBy: { createdAt: 'asc' }, include: { _count: { select: { bannedWords: true } } } });
    return rooms.map(({ _count, ...r }) => ({ ...r, bannedWords: _count.bannedWords }));
  });
