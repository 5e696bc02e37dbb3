import { AppError } from '../../server/app-error';
import { getServices } from '../../server/services';
import { createWidgetBundleLoader } from '../../server/widget/widget-bundle';

export const dynamic = 'force-dynamic';

let load: ReturnType<typeof createWidgetBundleLoader> | undefined;

/**
 * `/widget.js`: the `<tribune-chat>` element, one ESM file (packages/widget). Sites load it from another origin with
 * `<script type="module">`, which is a CORS request: hence `Access-Control-Allow-Origin: *` (the file is public).
 */
export async function GET(request: Request) {
  const { config, logger } = getServices();
  load ??= createWidgetBundleLoader(config.WIDGET_BUNDLE_PATH);
  const cors = { 'access-control-allow-origin': '*' };
  try {
    const { body, etag } = await load();
    const headers = { ...cors, etag, 'cache-control': 'public, max-age=300', 'x-content-type-options': 'nosniff' };
    if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
    return new Response(new Uint8Array(body), { headers: { ...headers, 'content-type': 'text/javascript; charset=utf-8' } });
  } catch (err) {
    if (!AppError.is(err) || err.code !== 'WIDGET_NOT_BUILT') throw err;
    logger.warn({ module: 'widget', err: err.message }, 'widget_not_built');
    // A plain answer naming the fix (a browser does not run a module script answered non-2xx anyway).
    return new Response(`${err.code}: ${err.message}\n`, { status: 503, headers: { ...cors, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
  }
}
