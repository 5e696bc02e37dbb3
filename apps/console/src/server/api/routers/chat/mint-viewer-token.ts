import { mintViewerToken } from '../../../chat/mint-viewer-token';
import { protectedProcedure } from '../../trpc';
import { mintViewerTokenInput, mintViewerTokenOutput } from './mint-viewer-token.types';

/** For the demo page: the secret never leaves the server, the browser only gets a signed token. */
export const mintViewerTokenRoute = protectedProcedure
  .input(mintViewerTokenInput)
  .output(mintViewerTokenOutput)
  .mutation(async ({ ctx, input }) => {
    const { token, exp } = await mintViewerToken(ctx.services.config.CHAT_TOKEN_SECRET, input, input.ttlSeconds);
    return { token, exp, nodeUrls: ctx.services.config.CHAT_NODE_URLS };
  });
