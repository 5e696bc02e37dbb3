import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, securityHeaders } from './security-headers';

const base = { nonce: 'bm9uY2U=', secure: false, development: false, connectTo: ['ws://127.0.0.1:7000/ws', 'wss://chat.example/ws', 'wss://chat.example/other'] };

describe('security headers', () => {
  it('forbid framing, sniffing and foreign scripts; allow only nonce scripts and the chat nodes for WebSockets', () => {
    const h = securityHeaders(base);
    expect(h).toMatchObject({ 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'strict-origin-when-cross-origin' });
    const csp = h['Content-Security-Policy']!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self' 'nonce-bm9uY2U=' 'strict-dynamic'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("connect-src 'self' ws://127.0.0.1:7000 wss://chat.example;");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('send HSTS and upgrade requests only behind TLS (COOKIE_SECURE)', () => {
    expect(securityHeaders(base)).not.toHaveProperty('Strict-Transport-Security');
    expect(contentSecurityPolicy(base)).not.toContain('upgrade-insecure-requests');
    const secure = securityHeaders({ ...base, secure: true });
    expect(secure['Strict-Transport-Security']).toBe('max-age=63072000; includeSubDomains');
    expect(secure['Content-Security-Policy']).toContain('upgrade-insecure-requests');
  });

  it("allow 'unsafe-eval' under next dev only", () => {
    expect(contentSecurityPolicy({ ...base, development: true })).toMatch(/script-src [^;]*'unsafe-eval'/);
  });
});
