import { createTRPCRouter } from '../../trpc';
import { mintViewerTokenRoute } from './mint-viewer-token';

export const chatRouter = createTRPCRouter({ mintViewerToken: mintViewerTokenRoute });
