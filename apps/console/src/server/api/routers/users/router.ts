import { createTRPCRouter } from '../../trpc';
import { getUserRoute } from './get-user';

export const usersRouter = createTRPCRouter({ get: getUserRoute });
