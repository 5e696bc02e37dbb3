import { access } from '../../../access/access-rules';
import { rulesSnapshot } from '@tribune/contracts';
import { compile } from '@tribune/moderation';
import { protectedProcedure } from '../../trpc';
import { roomSpamRulesInput, roomSpamRulesOutput } from './room-spam-rules.types';

/**
 * The spam rules that apply to a room, read from the latest committed rules version (what nodes enforce, or are about
 * to): the engine's own `spamFor`, so the page and the nodes cannot disagree on which rule replaces which.
 */
export const roomSpamRulesRoute = protectedProcedure
  .meta({ access: access.read })
  .input(roomSpamRulesInput)
  .output(roomSpamRulesOutput)
  .query(async ({ ctx, input }) => {
    const latest = await ctx.services.db.rulesVersion.findFirst({ orderBy: { version: 'desc' } });
    const parsed = latest ? rulesSnapshot.safeParse(latest.snapshot) : null;
    if (!latest || !parsed?.success) return { version: latest?.version ?? 0, rules: [], exemptRoles: [] };
    const compiled = compile(parsed.data.rules);
    return { version: latest.version, rules: [...compiled.spamFor(input.id)], exemptRoles: parsed.data.rules.exemptRoles };
  });
