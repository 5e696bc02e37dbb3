// @tribune/client: a typed client of Tribune chat nodes for browsers and Node (README.md).
export { TribuneClient } from './tribune-client.js';
export type { ClientEvents, ConnectionState, JoinedEvent, MessagesEvent, SendResult, StateChange, TribuneClientOptions } from './tribune-client.js';
export { CLIENT_ERROR_CODES, SendRefusedError, TribuneError } from './errors.js';
export type { ClientErrorCode, TribuneErrorCode } from './errors.js';
export { CLOSE_CODES, ERROR_CODES, MAX_TEXT_LENGTH } from './protocol.js';
export type { ChatMessage, ChatUser, MessageStatus, ProtocolErrorCode, ServerFrame, ClientFrame } from './protocol.js';
export { backoffDelay, type BackoffOptions } from './backoff.js';
export { jwtExpiryMs } from './jwt-expiry.js';
export type { TokenProvider } from './token-source.js';
export type { WebSocketConstructor, WebSocketLike } from './websocket-like.js';
