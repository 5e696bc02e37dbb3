import { nodeHeartbeat } from '@tribune/contracts';
import { z } from 'zod';

export const listNodesInput = z.void();
export const listNodesOutput = z.object({
  currentVersion: z.number().int(),
  nodes: z.array(nodeHeartbeat.extend({ inSync: z.boolean(), lag: z.number().int() })),
});
