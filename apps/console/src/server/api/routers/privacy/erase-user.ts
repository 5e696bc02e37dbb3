import { access } from '../../../access/access-rules';
import { eraseUser } from '../../../privacy/erase-user';
import { protectedProcedure } from '../../trpc';
import { eraseUserInput, eraseUserOutput } from './erase-user.types';

/** Erases one viewer's messages and the decisions about them everywhere Tribune keeps them (docs/privacy.md). */
export const eraseUserRoute = protectedProcedure
  .meta({ access: access.admin })
  .input(eraseUserInput)
  .output(eraseUserOutput)
  .mutation(({ ctx, input }) => {
    const { db, redis, clickhouse, config, logger } = ctx.services;
    return eraseUser({ db, redis, clickhouse, redisPrefix: config.REDIS_PREFIX, logger }, input.userId, ctx.principal.label, (tx, d) => ctx.audit(tx, d));
  });
