/**
 * The part of the WHATWG WebSocket the SDK uses. Browsers (and Node ≥ 22) have it as the global
 * `WebSocket`; in Node 20 pass the `ws` package's `WebSocket`, which implements the same interface.
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
}

/**
 * A WebSocket class: the global `WebSocket`, `ws`'s `WebSocket`, undici's. Typed loosely on purpose: their
 * handler signatures differ in event types the SDK does not read; the SDK uses only `WebSocketLike`.
 */
export type WebSocketConstructor = new (url: string) => object;

/** `WebSocket.OPEN`. */
export const OPEN = 1;
