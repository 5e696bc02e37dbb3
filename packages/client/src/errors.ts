import type { MessageStatus, ProtocolErrorCode } from './protocol.js';

/** Codes the SDK adds to the protocol's own (`ProtocolErrorCode`). */
export const CLIENT_ERROR_CODES = {
  /** No ack within `ackTimeoutMs`: the message may or may not have been recorded. */
  ACK_TIMEOUT: 'ack_timeout',
  /** No `joined` within `joinTimeoutMs`. */
  JOIN_TIMEOUT: 'join_timeout',
  /** `send` while no connection is open. */
  NOT_CONNECTED: 'not_connected',
  /** The connection dropped before the ack (or `joined`) arrived: the message may or may not have been recorded. */
  DISCONNECTED: 'disconnected',
  /** `close()` was called. */
  CLOSED: 'closed',
  /** The node refused the token (close 4001) and no token callback can give another. */
  BAD_TOKEN: 'bad_token',
  /** The node refused the page's Origin (close 4003): retrying cannot help. */
  ORIGIN_NOT_ALLOWED: 'origin_not_allowed',
  /** The token callback threw or returned something that is not a token. */
  TOKEN_FAILED: 'token_failed',
  /** The ack refused the message (`blocked`, `rejected`): see `SendRefusedError`. */
  SEND_REFUSED: 'send_refused',
  /** A frame from the node that is not valid JSON or not a frame of the protocol. */
  INVALID_FRAME: 'invalid_frame',
  /** Arguments the node would refuse anyway (room name, text length). */
  INVALID_ARGUMENT: 'invalid_argument',
} as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[keyof typeof CLIENT_ERROR_CODES];
export type TribuneErrorCode = ProtocolErrorCode | ClientErrorCode;

/** Every error the SDK gives (rejections and `error` events) is one of these, with a stable `code`. */
export class TribuneError extends Error {
  override readonly name: string = 'TribuneError';
  constructor(
    readonly code: TribuneErrorCode,
    message: string,
    /** The room concerned, when there is one. */
    readonly room?: string,
  ) {
    super(message);
  }
}

/** `send()` was answered with an ack that refused the message. */
export class SendRefusedError extends TribuneError {
  override readonly name = 'SendRefusedError';
  constructor(
    room: string,
    readonly cid: string,
    /** The message id the node gave (for `reason: "internal"` a fresh id that names no message). */
    readonly id: string,
    readonly status: Extract<MessageStatus, 'blocked' | 'rejected'>,
    /** The protocol's reason: `word:<rule>`, `spam:<kind>`, `timed_out`, `unavailable`, `internal`, … */
    readonly reason: string | undefined,
  ) {
    super(CLIENT_ERROR_CODES.SEND_REFUSED, `message ${status}${reason ? ` (${reason})` : ''}`, room);
  }

  /** Not recorded because the node could not record it: sending again may work. */
  get retriable(): boolean {
    return this.reason === 'unavailable' || this.reason === 'internal';
  }
}
