/**
 * The console's response headers against XSS, clickjacking, sniffing and downgrade (applied by src/proxy.ts to every
 * page and API response; the constant ones also by next.config.ts to static files).
 *
 * Scripts: only this origin's with the request's nonce ('strict-dynamic' lets those load Next's chunks). Styles allow
 * 'unsafe-inline': React renders `style` attributes (recharts, a few layouts) which a nonce cannot cover, and style
 * injection is far less dangerous than script. connect-src adds the chat nodes' WebSocket origins (demo page).
 */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  // frame-ancestors 'none' in the CSP is the modern form; X-Frame-Options covers browsers without CSP level 2.
  'X-Frame-Options': 'DENY',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export interface SecurityHeaderOptions {
  nonce: string;
  /** COOKIE_SECURE: served over TLS, so HSTS and upgrade-insecure-requests apply. */
  secure: boolean;
  /** `next dev` needs 'unsafe-eval' (React's dev tooling); production never does. */
  development: boolean;
  /** WebSocket URLs the demo page may open (CHAT_NODE_URLS). */
  connectTo: readonly string[];
}

/** HSTS: two years, subdomains included, when the console is behind TLS. */
export const HSTS = 'max-age=63072000; includeSubDomains';

function origins(urls: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of urls) {
    try {
      const url = new URL(raw);
      out.add(`${url.protocol}//${url.host}`);
    } catch {
      // the config schema validated them; a bad one simply adds nothing
    }
  }
  return [...out];
}

export function contentSecurityPolicy(o: SecurityHeaderOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${o.nonce}' 'strict-dynamic'${o.development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${["'self'", ...origins(o.connectTo)].join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(o.secure ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}

/** Every header a response gets, CSP and (when secure) HSTS included. */
export function securityHeaders(o: SecurityHeaderOptions): Record<string, string> {
  return {
    ...STATIC_SECURITY_HEADERS,
    'Content-Security-Policy': contentSecurityPolicy(o),
    ...(o.secure ? { 'Strict-Transport-Security': HSTS } : {}),
  };
}
