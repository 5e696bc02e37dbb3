import { createTRPCRouter } from '../../trpc';
import { addAllowedRoute } from './add-allowed';
import { listAllowedRoute } from './list-allowed';
import { removeAllowedRoute } from './remove-allowed';

/** Allowed phrases: exceptions to banned words (a word hit inside one of them is ignored). */
export const allowedRouter = createTRPCRouter({ list: listAllowedRoute, add: addAllowedRoute, remove: removeAllowedRoute });
