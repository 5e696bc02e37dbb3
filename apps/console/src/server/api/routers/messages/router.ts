import { createTRPCRouter } from '../../trpc';
import { deleteMessageRoute } from './delete-message';
import { purgeUserRoute } from './purge-user';

/** Removing messages from a room (live on every node, out of every history). */
export const messagesRouter = createTRPCRouter({
  delete: deleteMessageRoute,
  purgeUser: purgeUserRoute,
});
