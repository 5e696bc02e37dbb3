import { access } from '../../../access/access-rules';
import { protectedProcedure, createTRPCRouter } from '../../trpc';
import {
  createOperatorInput,
  listOperatorsOutput,
  listSessionsInput,
  listSessionsOutput,
  operatorIdInput,
  operatorView,
  setOperatorDisabledInput,
  updateOperatorInput,
  withTemporaryPassword,
} from './operators.types';

// Admins only: operators and their sessions (services/operators/operator-admin.ts; each change audited in its transaction).
const admin = protectedProcedure.meta({ access: access.admin });

export const operatorsRouter = createTRPCRouter({
  list: admin.output(listOperatorsOutput).query(({ ctx }) => ctx.services.operators.list()),
  create: admin
    .input(createOperatorInput)
    .output(withTemporaryPassword)
    .mutation(({ ctx, input }) => ctx.services.operators.create(input, ctx.audit)),
  update: admin
    .input(updateOperatorInput)
    .output(operatorView)
    .mutation(({ ctx, input }) => ctx.services.operators.update(input, ctx.principal.kind === 'operator' ? ctx.principal.id : null, ctx.audit)),
  setDisabled: admin
    .input(setOperatorDisabledInput)
    .output(operatorView)
    .mutation(({ ctx, input }) => ctx.services.operators.setDisabled(input, ctx.principal.kind === 'operator' ? ctx.principal.id : null, ctx.audit)),
  resetPassword: admin
    .input(operatorIdInput)
    .output(withTemporaryPassword)
    .mutation(({ ctx, input }) => ctx.services.operators.resetPassword(input.id, ctx.audit)),
  sessions: admin
    .input(listSessionsInput)
    .output(listSessionsOutput)
    .query(async ({ ctx, input }) => {
      const [rows, mine] = await Promise.all([ctx.services.operators.listSessions(input.operatorId), ctx.services.auth.sessionIdOf(ctx.sessionToken)]);
      return rows.map((s) => ({ ...s, current: s.id === mine }));
    }),
  revokeSession: admin
    .input(operatorIdInput)
    .output(operatorIdInput)
    .mutation(({ ctx, input }) => ctx.services.operators.revokeSession(input.id, ctx.audit)),
});
