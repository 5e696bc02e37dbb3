import { createTRPCRouter } from '../../trpc';
import { chatConfigRoute } from './chat-config';
import { mintViewerTokenRoute } from './mint-viewer-token';

export const chatRouter = createTRPCRouter({ config: chatConfigRoute, mintViewerToken: mintViewerTokenRoute });
