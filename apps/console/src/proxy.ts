import { NextResponse, type NextRequest } from 'next/server';
import { readConfig, type Config } from './config';
import { securityHeaders } from './server/security/security-headers';

let settings: Config | undefined;

/**
 * Security headers on every page and API response (Next 16 Proxy, the successor of middleware): a fresh CSP nonce
 * per request — Next reads it from the request's CSP header and puts it on its own scripts — and HSTS when
 * COOKIE_SECURE. Read at run time, not build time: `npm start` reuses one build across configurations.
 */
export function proxy(request: NextRequest) {
  settings ??= readConfig();
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const headers = securityHeaders({ nonce, secure: settings.COOKIE_SECURE, development: process.env.NODE_ENV === 'development', connectTo: settings.CHAT_NODE_URLS });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', headers['Content-Security-Policy']!);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

// Static chunks and images carry the constant headers from next.config.ts; everything else passes here.
export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'] };
