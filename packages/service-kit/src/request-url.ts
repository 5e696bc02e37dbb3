/**
 * The request target of an HTTP request as a URL, or `null` when it is not one.
 *
 * A client chooses the request target: `GET http://a:b:c/ws HTTP/1.1` (absolute form, bad port) is a valid
 * request line to Node's HTTP parser, and `new URL()` throws on it. Every handler that needs a path or a query
 * goes through here and answers 400 on `null`, so a hostile request line cannot reach an exception.
 */
export function parseRequestUrl(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://request.invalid');
  } catch {
    return null;
  }
}

/** A complete HTTP/1.1 response for a raw socket (an upgrade that is refused before any WebSocket exists). */
export function rawHttpResponse(status: 400 | 404 | 405 | 500 | 503, reason: string): string {
  const text: Record<typeof status, string> = { 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 500: 'Internal Server Error', 503: 'Service Unavailable' };
  const body = `${reason}\n`;
  return `HTTP/1.1 ${status} ${text[status]}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}
