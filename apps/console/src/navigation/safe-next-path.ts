const BASE = 'http://console.invalid';

/**
 * The login page's `next`, kept only when it is a path of this site; anything else becomes `/`. Refused: `//host`
 * and `/\host` (browsers read `\` as `/`), absolute URLs, `javascript:` and other schemes, control characters
 * (browsers drop tabs and newlines, so `/\t/host` would become `//host`). The result is re-serialized from the
 * parsed URL, so what is assigned is exactly what was checked.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(next)) return '/';
  // The same checks on the percent-decoded form: `/%5Chost` or `/%2F%2Fhost` is no path of ours either.
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return '/';
  }
  if (decoded.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(decoded)) return '/';
  try {
    const url = new URL(next, BASE);
    if (url.origin !== BASE) return '/';
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return '/';
  }
}
