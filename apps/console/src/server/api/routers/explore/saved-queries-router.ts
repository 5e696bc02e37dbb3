import { z } from 'zod';
import { access } from '../../../access/access-rules';
import type { Principal } from '../../../access/principal';
import { AppError } from '../../../app-error';
import { createTRPCRouter, protectedProcedure } from '../../trpc';
import { saveQueryInput, savedQueryView } from './explore.types';

type Row = { id: string; ownerId: string; ownerLabel: string; name: string; sql: string; params: unknown; shared: boolean; updatedAt: Date };

const view = (row: Row, p: Principal): z.infer<typeof savedQueryView> => ({
  id: row.id,
  name: row.name,
  sql: row.sql,
  params: z.record(z.string(), z.string()).catch({}).parse(row.params),
  shared: row.shared,
  ownerLabel: row.ownerLabel,
  mine: row.ownerId === p.id,
  updatedAt: row.updatedAt,
});

/** A caller changes its own queries; an admin may also remove anyone's (a shared query gone wrong). */
const mayRemove = (row: Row, p: Principal) => row.ownerId === p.id || p.role === 'admin';

export const savedQueriesRouter = createTRPCRouter({
  /** The caller's queries and every shared one, newest first. */
  list: protectedProcedure
    .meta({ access: access.read })
    .output(z.array(savedQueryView))
    .query(async ({ ctx }) => {
      const rows = await ctx.services.db.savedQuery.findMany({ where: { OR: [{ ownerId: ctx.principal.id }, { shared: true }] }, orderBy: { updatedAt: 'desc' }, take: 500 });
      return rows.map((r) => view(r, ctx.principal));
    }),
  save: protectedProcedure
    .meta({ access: access.own })
    .input(saveQueryInput)
    .output(savedQueryView)
    .mutation(async ({ ctx, input }) => {
      const p = ctx.principal;
      const data = { name: input.name, sql: input.sql, params: input.params, shared: input.shared, ownerLabel: p.label };
      const row = await ctx.services.db.$transaction(async (tx) => {
        const before = input.id ? await tx.savedQuery.findUnique({ where: { id: input.id } }) : await tx.savedQuery.findUnique({ where: { ownerId_name: { ownerId: p.id, name: input.name } } });
        if (input.id && (!before || before.ownerId !== p.id)) throw new AppError('NOT_FOUND', `saved query ${input.id} is not one of yours`, [{ field: 'id', message: 'unknown saved query' }]);
        if (input.id && before && before.name !== input.name) {
          const clash = await tx.savedQuery.findUnique({ where: { ownerId_name: { ownerId: p.id, name: input.name } } });
          if (clash) throw new AppError('ALREADY_EXISTS', `you already have a query named ${input.name}`, [{ field: 'name', message: 'name taken' }]);
        }
        const after = before ? await tx.savedQuery.update({ where: { id: before.id }, data }) : await tx.savedQuery.create({ data: { ...data, ownerId: p.id } });
        await ctx.audit(tx, { target: `saved-query:${after.id}`, before: before ?? undefined, after });
        return after;
      });
      return view(row, p);
    }),
  remove: protectedProcedure
    .meta({ access: access.own })
    .input(z.object({ id: z.string().min(1) }))
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await ctx.services.db.$transaction(async (tx) => {
        const before = await tx.savedQuery.findUnique({ where: { id: input.id } });
        if (!before || !mayRemove(before, ctx.principal)) {
          throw new AppError('NOT_FOUND', `saved query ${input.id} does not exist or is not yours`, [{ field: 'id', message: 'unknown saved query' }]);
        }
        await tx.savedQuery.delete({ where: { id: before.id } });
        await ctx.audit(tx, { target: `saved-query:${before.id}`, before });
      });
      return { id: input.id };
    }),
});
