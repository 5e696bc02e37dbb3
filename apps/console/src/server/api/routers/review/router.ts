import { createTRPCRouter } from '../../trpc';
import { allowThisRoute } from './allow-this';
import { approveHeldRoute } from './approve-held';
import { listQueueRoute } from './list-queue';
import { onQueueRoute } from './on-queue';
import { proposeAllowedRoute } from './propose-allowed';
import { rejectHeldRoute } from './reject-held';

/** The review queue of held messages, and the one-click false-positive fix. */
export const reviewRouter = createTRPCRouter({
  list: listQueueRoute,
  onQueue: onQueueRoute,
  approve: approveHeldRoute,
  reject: rejectHeldRoute,
  proposeAllowed: proposeAllowedRoute,
  allowThis: allowThisRoute,
});
