import type { NextConfig } from 'next';
import { STATIC_SECURITY_HEADERS } from './src/server/security/security-headers';

const config: NextConfig = {
  // Workspace packages ship TypeScript source (see the root README): Next compiles them with the app.
  transpilePackages: ['@tribune/contracts', '@tribune/service-kit', '@tribune/moderation', '@tribune/analytics'],
  // Node-only clients with optional native/worker bits stay outside the bundle and are required at runtime.
  serverExternalPackages: ['pino', 'pino-pretty', 'thread-stream', 'ioredis', '@clickhouse/client', 'pg', '@prisma/adapter-pg', 'prom-client'],
  // `npm run typecheck` (tsc -p .) is the type gate, run by the test command; not doing it twice in every build saves ~15 s on 2 cores.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // Every Tribune service answers /healthz, /readyz and /metrics at the root (DESIGN.md); Next serves them under /api.
  // The constant security headers on everything, static files included; CSP (with a per-request nonce) and HSTS
  // (only when COOKIE_SECURE, read at run time) come from src/proxy.ts.
  async headers() {
    return [{ source: '/:path*', headers: Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value })) }];
  },
  async rewrites() {
    return [
      { source: '/healthz', destination: '/api/healthz' },
      { source: '/readyz', destination: '/api/readyz' },
      { source: '/metrics', destination: '/api/metrics' },
    ];
  },
};

export default config;
