import { createTRPCRouter } from '../../trpc';
import { listNodesRoute } from './list-nodes';

export const nodesRouter = createTRPCRouter({ list: listNodesRoute });
