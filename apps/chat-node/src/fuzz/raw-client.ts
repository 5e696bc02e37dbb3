import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** What came back on one raw connection. */
export interface RawExchange {
  /** The HTTP status of the response (101 for an upgrade), or null when none arrived. */
  status: number | null;
  /** Text frames the server sent after a 101, as received. */
  texts: string[];
  /** Payloads of the pong frames the server sent (answers to our protocol-level pings). */
  pongs: string[];
  /** Frames of other kinds the server sent (opcode). */
  otherOpcodes: number[];
  /** The close frame's code, when the server sent one (1005 when it had no code). */
  closeCode: number | null;
  /** The server ended the TCP connection. */
  ended: boolean;
  /** Bytes that do not parse as server frames (a server must never send them). */
  garbage: boolean;
  /** The exchange hit its deadline: neither the expected answer nor a close. */
  timedOut: boolean;
}

export interface FrameSpec {
  fin: boolean;
  rsv: number;
  opcode: number;
  masked: boolean;
  payload: Buffer;
  /** Declared payload length when it differs from the payload (only ever larger than maxPayload here). */
  declaredLength?: number;
}

/** Encodes a client frame exactly as specified, valid or not. */
export function encodeFrame(f: FrameSpec): Buffer {
  const len = f.declaredLength ?? f.payload.length;
  const head: number[] = [(f.fin ? 0x80 : 0) | ((f.rsv & 7) << 4) | (f.opcode & 0x0f)];
  const mask = f.masked ? 0x80 : 0;
  if (len < 126) head.push(mask | len);
  else if (len < 65536) head.push(mask | 126, len >> 8, len & 0xff);
  else {
    head.push(mask | 127);
    const big = Buffer.alloc(8);
    big.writeBigUInt64BE(BigInt(len));
    head.push(...big);
  }
  if (!f.masked) return Buffer.concat([Buffer.from(head), f.payload]);
  const key = randomBytes(4);
  const body = Buffer.from(f.payload);
  for (let i = 0; i < body.length; i++) body[i] = body[i]! ^ key[i & 3]!;
  return Buffer.concat([Buffer.from(head), key, body]);
}

export const textFrame = (text: string): FrameSpec => ({ fin: true, rsv: 0, opcode: 1, masked: true, payload: Buffer.from(text) });

/**
 * One raw TCP exchange: writes `request`, reads the HTTP response head, then (after a 101) parses server
 * frames. Resolves when `done` says so, the server closes, or `timeoutMs` passes; the socket is then destroyed.
 */
export function exchange(
  port: number,
  request: Buffer,
  opts: { afterUpgrade?: Buffer[]; done: (x: RawExchange) => boolean; timeoutMs: number },
): Promise<RawExchange> {
  return new Promise((resolve) => {
    const x: RawExchange = { status: null, texts: [], pongs: [], otherOpcodes: [], closeCode: null, ended: false, garbage: false, timedOut: false };
    let buf: Buffer = Buffer.alloc(0);
    let upgraded = false;
    let settled = false;
    const socket: Socket = connect({ host: '127.0.0.1', port });
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(x);
    };
    const timer = setTimeout(() => {
      x.timedOut = true;
      finish();
    }, opts.timeoutMs);
    socket.on('error', () => finish());
    socket.on('close', () => {
      x.ended = true;
      finish();
    });
    socket.on('end', () => {
      x.ended = true;
      finish();
    });
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (x.status === null) {
        const headEnd = buf.indexOf('\r\n\r\n');
        const line = /^HTTP\/1\.1 (\d{3}) /.exec(buf.subarray(0, Math.min(buf.length, 64)).toString('latin1'));
        if (!line) {
          if (buf.length >= 16) x.garbage = true;
          if (x.garbage) return finish();
          return;
        }
        if (headEnd < 0) return;
        x.status = Number(line[1]);
        buf = buf.subarray(headEnd + 4);
        if (x.status === 101) {
          upgraded = true;
          for (const frame of opts.afterUpgrade ?? []) socket.write(frame);
        }
      }
      if (upgraded) buf = parseFrames(buf, x);
      if (opts.done(x)) finish();
    });
  });
}

/** Parses complete server frames off the front of `buf` into `x`; returns what is left. */
function parseFrames(buf: Buffer, x: RawExchange): Buffer {
  for (;;) {
    if (buf.length < 2) return buf;
    const b0 = buf[0]!;
    const b1 = buf[1]!;
    if (b1 & 0x80 || b0 & 0x70) {
      x.garbage = true; // a server frame is never masked and never sets RSV bits here
      return Buffer.alloc(0);
    }
    let len = b1 & 0x7f;
    let off = 2;
    if (len === 126) {
      if (buf.length < 4) return buf;
      len = buf.readUInt16BE(2);
      off = 4;
    } else if (len === 127) {
      if (buf.length < 10) return buf;
      len = Number(buf.readBigUInt64BE(2));
      off = 10;
    }
    if (buf.length < off + len) return buf;
    const payload = buf.subarray(off, off + len);
    const opcode = b0 & 0x0f;
    if (opcode === 1) x.texts.push(payload.toString('utf8'));
    else if (opcode === 10) x.pongs.push(payload.toString('latin1'));
    else if (opcode === 8) x.closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
    else x.otherOpcodes.push(opcode);
    buf = buf.subarray(off + len);
  }
}

/** A well-formed upgrade request for `target`. */
export function upgradeRequest(target: string, extraHeaders: string[] = []): Buffer {
  const key = randomBytes(16).toString('base64');
  const lines = [`GET ${target} HTTP/1.1`, 'Host: 127.0.0.1', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Key: ${key}`, 'Sec-WebSocket-Version: 13', ...extraHeaders];
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}
