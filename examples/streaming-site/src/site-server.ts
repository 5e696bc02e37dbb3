import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Config } from './config.js';
import { renderPage } from './page.js';
import { signViewerToken, type SiteUser } from './viewer-token.js';

const ROLE_CHOICES = new Set(['subscriber', 'moderator']);
const COOKIE = 'site_session';

/**
 * The streaming site: `/` (the player and the chat), `/token` (the logged-in user's viewer token, 401 for a
 * visitor), and a stand-in for the site's own login (`POST /login` with a display name, `POST /logout`): a real
 * site has its accounts already and only adds `/token`.
 */
export function createSiteServer(config: Config): Server {
  // In memory: this is an example. A real site reads its own session store.
  const sessions = new Map<string, SiteUser>();

  const userOf = (req: IncomingMessage): SiteUser | undefined => {
    const cookie = req.headers.cookie ?? '';
    const id = /(?:^|;\s*)site_session=([\w-]+)/.exec(cookie)?.[1];
    return id ? sessions.get(id) : undefined;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://site.local');
    if (req.method === 'GET' && url.pathname === '/') {
      const html = renderPage({
        user: userOf(req),
        room: url.searchParams.get('room') ?? config.ROOM,
        nodes: url.searchParams.get('nodes') ?? config.CHAT_NODE_URLS,
        widgetUrl: config.WIDGET_URL,
        lang: url.searchParams.get('lang') === 'ko' ? 'ko' : 'en',
        theme: url.searchParams.get('theme') === 'dark' ? 'dark' : 'light',
      });
      send(res, 200, 'text/html; charset=utf-8', html);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/token') {
      const user = userOf(req);
      res.setHeader('cache-control', 'no-store');
      if (!user) return send(res, 401, 'application/json', JSON.stringify({ error: 'not logged in' }));
      const token = await signViewerToken(user, { secret: config.CHAT_TOKEN_SECRET, kid: config.CHAT_TOKEN_KID, issuer: config.CHAT_TOKEN_ISSUER, audience: config.CHAT_TOKEN_AUDIENCE }, config.TOKEN_TTL_SECONDS);
      return send(res, 200, 'application/json', JSON.stringify({ token }));
    }
    if (req.method === 'POST' && url.pathname === '/login') {
      const form = new URLSearchParams(await readBody(req));
      const name = (form.get('name') ?? '').trim().slice(0, 64);
      if (!name) return send(res, 400, 'text/plain', 'a name is needed');
      const role = form.get('role') ?? '';
      const id = randomBytes(16).toString('base64url');
      sessions.set(id, { id: `site-${randomBytes(6).toString('hex')}`, name, roles: ROLE_CHOICES.has(role) ? [role] : [] });
      res.setHeader('set-cookie', `${COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax`);
      return redirect(res, req.headers.referer);
    }
    if (req.method === 'POST' && url.pathname === '/logout') {
      res.setHeader('set-cookie', `${COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
      return redirect(res, req.headers.referer);
    }
    send(res, 404, 'text/plain', 'not found');
  };

  return createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      process.stderr.write(`streaming-site: ${err instanceof Error ? err.stack : String(err)}\n`);
      if (!res.headersSent) send(res, 500, 'text/plain', 'internal error');
      else res.end();
    });
  });
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function redirect(res: ServerResponse, referer: string | undefined): void {
  // Back to the page the form was on (keeps its query), same site only.
  const to = referer && new URL(referer, 'http://x').pathname === '/' ? new URL(referer).search : '';
  res.writeHead(303, { location: `/${to}` });
  res.end();
}

async function readBody(req: IncomingMessage, limit = 4096): Promise<string> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > limit) throw new Error('body too large');
  }
  return body;
}
