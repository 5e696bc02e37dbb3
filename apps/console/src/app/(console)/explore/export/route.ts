import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { z } from 'zod';
import { createCaller } from '../../../../server/api/root';
import { createContext } from '../../../../server/api/trpc';
import { AppError, APP_ERROR_CODES } from '../../../../server/app-error';
import { getServices } from '../../../../server/services';

const body = z.object({ sql: z.string(), params: z.record(z.string(), z.string()).default({}) });

/**
 * POST /explore/export `{ sql, params }` → the result as a CSV download. The CSV is made by `explore.csv` (same access
 * rule, checks and limits as the table; ClickHouse's serializer), called through the tRPC caller with this request's
 * session cookie or API token.
 */
export async function POST(req: Request): Promise<Response> {
  const services = getServices();
  // JSON only: a cross-site form or a "simple" fetch cannot send this content type without a CORS preflight.
  if (!(req.headers.get('content-type') ?? '').startsWith('application/json')) {
    return Response.json({ code: 'INVALID_INPUT', message: 'send { sql, params } as application/json' }, { status: 415 });
  }
  const parsed = body.safeParse(await req.json().catch(() => null));
  if (!parsed.success) return Response.json({ code: 'INVALID_INPUT', message: 'send { sql, params } as JSON' }, { status: 400 });
  try {
    const caller = createCaller(await createContext(services, { headers: req.headers }));
    const { csv, filename } = await caller.explore.csv(parsed.data);
    return new Response(csv, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"`, 'cache-control': 'no-store' } });
  } catch (err) {
    const cause = err instanceof TRPCError ? err.cause : err;
    if (AppError.is(cause)) {
      const status = getHTTPStatusCodeFromError(new TRPCError({ code: APP_ERROR_CODES[cause.code] }));
      return Response.json({ code: cause.code, message: cause.message, issues: cause.issues }, { status });
    }
    services.logger.error({ module: 'explore', err }, 'explore_export_failed');
    return Response.json({ code: 'INTERNAL', message: 'the export failed' }, { status: 500 });
  }
}
