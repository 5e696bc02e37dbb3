import { createTRPCRouter } from '../../trpc';
import { configureProtectionRoute } from './configure-protection';
import { getProtectionRoute } from './get-protection';

export const protectionRouter = createTRPCRouter({ get: getProtectionRoute, configure: configureProtectionRoute });
