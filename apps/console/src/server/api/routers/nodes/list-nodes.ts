import { access } from '../../../access/access-rules';
import { listNodeHeartbeats } from '../../../nodes/list-nodes';
import { protectedProcedure } from '../../trpc';
import { listNodesInput, listNodesOutput } from './list-nodes.types';

export const listNodesRoute = protectedProcedure
  .meta({ access: access.read })
  .input(listNodesInput)
  .output(listNodesOutput)
  .query(async ({ ctx }) => {
    const [currentVersion, nodes] = await Promise.all([
      ctx.services.rules.currentVersion(),
      listNodeHeartbeats(ctx.services.redis, ctx.services.config.REDIS_PREFIX),
    ]);
    return {
      currentVersion,
      nodes: nodes.map((n) => ({ ...n, inSync: n.rulesVersion >= currentVersion, lag: Math.max(0, currentVersion - n.rulesVersion) })),
    };
  });
