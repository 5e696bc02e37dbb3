import { access } from '../../../access/access-rules';
import { AppError } from '../../../app-error';
import { mintViewerToken } from '../../../chat/mint-viewer-token';
import { defaultPolicy } from '../../../rules/build-snapshot';
import { protectedProcedure } from '../../trpc';
import { mintViewerTokenInput, mintViewerTokenOutput } from './mint-viewer-token.types';

/**
 * For the demo page: the secret never leaves the server, the browser only gets a signed token — short-lived
 * (DEMO_TOKEN_TTL_SECONDS), in the demo id namespace, with a spam-exempt role only when asked for explicitly; admins only,
 * and every mint is in the audit log.
 */
export const mintViewerTokenRoute = protectedProcedure
  .meta({ access: access.admin })
  .input(mintViewerTokenInput)
  .output(mintViewerTokenOutput)
  .mutation(async ({ ctx, input }) => {
    const { config, logger } = ctx.services;
    const exempt = new Set(defaultPolicy(config.SPAM_EXEMPT_ROLES).exemptRoles);
    const exemptAsked = input.roles.filter((r) => exempt.has(r));
    if (exemptAsked.length > 0 && !input.allowExemptRoles) {
      throw new AppError('EXEMPT_ROLE_NOT_CONFIRMED', `${exemptAsked.join(', ')} skips spam rules: confirm it to grant it`, [
        { field: 'roles', message: `${exemptAsked.join(', ')} skips spam rules; set allowExemptRoles to grant it` },
      ]);
    }
    const { token, exp, sub } = await mintViewerToken(config, { userId: input.userId, name: input.name, roles: [...new Set(input.roles)] }, config.DEMO_TOKEN_TTL_SECONDS);
    // Who minted what: the audit log (the token itself is never stored).
    await ctx.audit(ctx.services.db, { target: `viewer:${sub}`, after: { sub, name: input.name, roles: input.roles, exp } });
    logger.info({ module: 'chat', by: ctx.principal.id, sub, roles: input.roles, exp }, 'viewer_token_minted');
    return { token, exp, sub, nodeUrls: config.CHAT_NODE_URLS };
  });
