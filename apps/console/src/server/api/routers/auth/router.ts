import { createTRPCRouter } from '../../trpc';
import { changePasswordRoute } from './change-password';
import { loginRoute } from './login';
import { logoutRoute } from './logout';
import { meRoute } from './me';

export const authRouter = createTRPCRouter({ login: loginRoute, logout: logoutRoute, me: meRoute, changePassword: changePasswordRoute });
