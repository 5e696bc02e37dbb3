import { z } from 'zod';
import { access } from '../../../access/access-rules';
import { createTRPCRouter, protectedProcedure } from '../../trpc';

export const listAuditInput = z.object({
  /** Operator id, token id, or `system`. */
  actor: z.string().min(1).optional(),
  room: z.string().min(1).optional(),
  /** A procedure path (`words.add`) or a prefix ending in `.` (`operators.`). */
  action: z.string().min(1).optional(),
  from: z.date().optional(),
  to: z.date().optional(),
  /** Rows older than this id (the previous page's last `id`). */
  before: z.string().regex(/^\d+$/).optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
const auditRow = z.object({
  id: z.string(),
  at: z.date(),
  actorKind: z.string(),
  actorId: z.string().nullable(),
  actorLabel: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  room: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
});

export const auditRouter = createTRPCRouter({
  /** The audit trail, newest first (admins). */
  list: protectedProcedure
    .meta({ access: access.admin })
    .input(listAuditInput)
    .output(z.array(auditRow))
    .query(async ({ ctx, input }) => {
      const actor = input.actor === 'system' ? { actorKind: 'system' } : input.actor ? { actorId: input.actor } : {};
      const action = input.action ? (input.action.endsWith('.') ? { action: { startsWith: input.action } } : { action: input.action }) : {};
      const rows = await ctx.services.db.auditLog.findMany({
        where: {
          ...actor,
          ...action,
          ...(input.room ? { room: input.room } : {}),
          ...(input.from || input.to ? { at: { ...(input.from ? { gte: input.from } : {}), ...(input.to ? { lte: input.to } : {}) } } : {}),
          ...(input.before ? { id: { lt: BigInt(input.before) } } : {}),
        },
        orderBy: { id: 'desc' },
        take: input.limit,
      });
      return rows.map((r) => ({ ...r, id: r.id.toString() }));
    }),
});
