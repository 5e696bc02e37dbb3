import { ERROR_CODES, type ErrorCode } from '@tribune/contracts';

/** An error that maps to a protocol `error` frame: `code` is stable and documented in docs/protocol.md. */
export class ProtocolError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}

/** A dependency (Kafka, Redis) refused or timed out; the caller may retry later. */
export class UnavailableError extends Error {
  readonly code = ERROR_CODES.UNAVAILABLE;
  readonly retriable = true;
  constructor(
    readonly dependency: 'kafka' | 'redis',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UnavailableError';
  }
}
