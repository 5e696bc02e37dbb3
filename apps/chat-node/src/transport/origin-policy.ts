/**
 * Browsers always send Origin, so the allowlist stops other sites from opening sockets with a
 * viewer's cookies or tokens. Clients without an Origin (servers, SDKs, CLIs) are not browsers
 * and are let through; `*` in the list allows every origin (development).
 */
export function isOriginAllowed(origin: string | undefined, allowlist: readonly string[]): boolean {
  if (origin === undefined || origin === '') return true;
  if (allowlist.includes('*')) return true;
  const normalized = origin.toLowerCase().replace(/\/+$/, '');
  return allowlist.some((allowed) => allowed.toLowerCase().replace(/\/+$/, '') === normalized);
}
