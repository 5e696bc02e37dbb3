import { z } from 'zod';
import { access } from '../../../access/access-rules';
import { createTRPCRouter, protectedProcedure } from '../../trpc';
import { role, roomScope } from '../operators/operators.types';

const tokenView = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  role,
  rooms: z.array(z.string()),
  createdById: z.string().nullable(),
  createdAt: z.date(),
  expiresAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
});
export const createTokenInput = z.object({
  name: z.string().trim().min(1).max(100),
  role,
  rooms: roomScope,
  /** Days until it stops working; absent = until revoked. */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

// Admins only. The token is returned once by `create`; the database keeps its SHA-256 (tokens/api-token.ts says why).
const admin = protectedProcedure.meta({ access: access.admin });

export const tokensRouter = createTRPCRouter({
  list: admin.output(z.array(tokenView)).query(({ ctx }) => ctx.services.tokens.list()),
  create: admin
    .input(createTokenInput)
    .output(z.object({ token: z.string(), view: tokenView }))
    .mutation(({ ctx, input }) =>
      ctx.services.tokens.create(
        {
          name: input.name,
          role: input.role,
          rooms: input.rooms,
          expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
          createdById: ctx.principal.kind === 'operator' ? ctx.principal.id : null,
        },
        ctx.audit,
      ),
    ),
  revoke: admin
    .input(z.object({ id: z.string().min(1) }))
    .output(tokenView)
    .mutation(({ ctx, input }) => ctx.services.tokens.revoke(input.id, ctx.audit)),
});
