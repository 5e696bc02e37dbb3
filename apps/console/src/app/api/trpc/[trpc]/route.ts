import { handleTrpcRequest } from '../../../../server/api/handle-trpc';
import { getServices } from '../../../../server/services';

// The same API serves the browser (session cookie) and automation (API tokens, later).
function handler(req: Request) {
  return handleTrpcRequest(req, getServices());
}

export { handler as GET, handler as POST };
