import { createTRPCRouter } from '../../trpc';
import { eraseUserRoute } from './erase-user';

export const privacyRouter = createTRPCRouter({ eraseUser: eraseUserRoute });
