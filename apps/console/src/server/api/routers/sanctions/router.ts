import { createTRPCRouter } from '../../trpc';
import { banUserRoute } from './ban-user';
import { liftSanctionRoute } from './lift-sanction';
import { listForUserRoute } from './list-for-user';
import { timeoutUserRoute } from './timeout-user';

/** Timeouts and bans, enforced by every node at the sanctioned viewer's next send. */
export const sanctionsRouter = createTRPCRouter({
  timeout: timeoutUserRoute,
  ban: banUserRoute,
  lift: liftSanctionRoute,
  listForUser: listForUserRoute,
});
