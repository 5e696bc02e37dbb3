import { createTRPCRouter } from '../../trpc';
import { loginRoute } from './login';
import { logoutRoute } from './logout';
import { meRoute } from './me';

export const authRouter = createTRPCRouter({ login: loginRoute, logout: logoutRoute, me: meRoute });
