import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { Services } from '../services';
import { appRouter } from './root';
import { createContext } from './trpc';

/**
 * Answers `/api/trpc/*`. A batched request carries at most TRPC_MAX_BATCH calls (tRPC's `maxBatchSize`, refused with
 * BATCH_TOO_LARGE before any procedure runs): otherwise one request could carry a thousand password guesses.
 */
export function handleTrpcRequest(req: Request, services: Services): Promise<Response> {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    maxBatchSize: services.config.TRPC_MAX_BATCH,
    createContext: ({ req: request, resHeaders }) => createContext(services, { headers: request.headers, resHeaders }),
  });
}
