import { clientFrame, ERROR_CODES, type ClientFrame, type ServerFrame } from '@tribune/contracts';
import { ProtocolError } from '../errors';

export type DecodeResult = { ok: true; frame: ClientFrame } | { ok: false; error: ProtocolError };

/**
 * Turns one WebSocket message into a client frame, or a protocol error that the caller sends
 * back as an `error` frame; a bad frame never closes the connection.
 */
export function decodeClientFrame(data: unknown, isBinary: boolean): DecodeResult {
  if (isBinary) return fail(ERROR_CODES.BAD_FRAME, 'binary frames are not supported; send JSON text');
  const text = toText(data);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail(ERROR_CODES.BAD_JSON, 'frame is not valid JSON');
  }
  const parsed = clientFrame.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
    return fail(ERROR_CODES.BAD_FRAME, `${where}${first?.message ?? 'invalid frame'}`);
  }
  return { ok: true, frame: parsed.data };
}

export function encodeServerFrame(frame: ServerFrame): string {
  return JSON.stringify(frame);
}

/** A frame for many sockets, encoded once to the bytes every one of them is sent (`Session.sendShared`). */
export function encodeSharedFrame(frame: ServerFrame): Buffer {
  return Buffer.from(JSON.stringify(frame));
}

function toText(data: unknown): string {
  if (typeof data === 'string') return data;
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[]).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return String(data);
}

function fail(code: ProtocolError['code'], message: string): DecodeResult {
  return { ok: false, error: new ProtocolError(code, message) };
}
