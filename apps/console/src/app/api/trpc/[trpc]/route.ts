import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '../../../../server/api/root';
import { createContext } from '../../../../server/api/trpc';
import { getServices } from '../../../../server/services';

// The same API serves the browser (session cookie) and automation (API tokens, later).
function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: ({ req: request, resHeaders }) => createContext(getServices(), { headers: request.headers, resHeaders }),
  });
}

export { handler as GET, handler as POST };
