import { COOKBOOK } from '@tribune/analytics';
import { access } from '../../../access/access-rules';
import { exportCsv, runExplore } from '../../../explore/run-query';
import { createTRPCRouter, protectedProcedure } from '../../trpc';
import { cookbookOutput, exploreCsvOutput, exploreQueryInput, exploreRunOutput } from './explore.types';

/** Reads for every role (analysts, moderators, admins); only one SELECT runs, with the limits (explore/run-query.ts). */
const reader = protectedProcedure.meta({ access: access.read });

export const exploreRouter = createTRPCRouter({
  run: reader
    .input(exploreQueryInput)
    .output(exploreRunOutput)
    .query(async ({ ctx, input }) => {
      const limits = exploreLimits(ctx.services.config);
      const result = await runExplore(ctx.services.clickhouseReader, input, limits);
      ctx.services.logger.info({ module: 'explore', principal: ctx.principal.label, rows: result.rows.length, truncated: result.truncated, ms: result.elapsedMs }, 'explore_query');
      return { ...result, maxRows: limits.maxRows };
    }),
  /** The result as CSV (ClickHouse's serializer); the /explore/export route hands it to the browser as a download. */
  csv: reader
    .input(exploreQueryInput)
    .output(exploreCsvOutput)
    .query(async ({ ctx, input }) => {
      const csv = await exportCsv(ctx.services.clickhouseReader, input, exploreLimits(ctx.services.config));
      ctx.services.logger.info({ module: 'explore', principal: ctx.principal.label, bytes: csv.length }, 'explore_export');
      return { filename: `explore-${new Date().toISOString().replace(/[:.]/g, '-')}.csv`, csv };
    }),
  cookbook: reader.output(cookbookOutput).query(() => {
    const now = new Date();
    return COOKBOOK.map((e) => ({ id: e.id, title: e.title, description: e.description, sql: e.sql, params: e.defaults(now), chart: e.chart }));
  }),
});

function exploreLimits(config: { EXPLORE_MAX_ROWS: number; EXPLORE_CSV_MAX_ROWS: number; EXPLORE_MAX_SECONDS: number }) {
  return { maxRows: config.EXPLORE_MAX_ROWS, csvMaxRows: config.EXPLORE_CSV_MAX_ROWS, maxSeconds: config.EXPLORE_MAX_SECONDS };
}
