import { WebSocket } from 'ws';
import { CLOSE_CODES, type ServerFrame } from '@tribune/contracts';
import type { Logger } from '@tribune/service-kit';
import type { Identity } from '../auth/viewer-token';
import type { ChatMetrics } from '../metrics';
import { encodeServerFrame } from './frame-codec';
import type { Session } from './session';
import { exceedsBuffer } from './slow-reader';

/** The part of a `ws` socket a session uses (a test can stand in for it). */
export type SessionSocket = Pick<WebSocket, 'readyState' | 'bufferedAmount' | 'send' | 'close' | 'terminate'>;

const TEXT_FRAME = { binary: false } as const;

/** Close reasons are limited to 123 bytes by the protocol. */
export function closeReason(text: string): string {
  let out = text.slice(0, 123);
  while (Buffer.byteLength(out) > 123) out = out.slice(0, -1);
  return out;
}

/** A connection's outbound side: encodes frames and cuts off readers that fall too far behind. */
/** Sessions opened by this process so far: a session's id (in logs, with the node's id beside it). */
let opened = 0;

export class WsSession implements Session {
  /**
   * Short and flat: a `randomUUID()` string is a rope of ~14 cons cells in V8 (~450 bytes per idle connection in a
   * heap snapshot); the node id in every log line already tells nodes apart.
   */
  readonly id = `s${(++opened).toString(36)}`;
  readonly rooms = new Set<string>();
  pendingSends = 0;
  alive = true;
  private closing = false;

  constructor(
    private readonly ws: SessionSocket,
    readonly identity: Identity,
    readonly ip: string,
    private readonly maxBufferedBytes: number,
    private readonly metrics: Pick<ChatMetrics, 'disconnects' | 'framesOut'>,
    private readonly log: Logger,
  ) {}

  send(frame: ServerFrame): void {
    const text = encodeServerFrame(frame);
    if (!this.writable(Buffer.byteLength(text))) return;
    this.ws.send(text);
    this.metrics.framesOut.inc({ type: frame.type });
  }

  sendShared(bytes: Buffer): boolean {
    if (!this.writable(bytes.length)) return false;
    // A Buffer is written as is (ws puts a 2-10 byte header before it); a string would be measured
    // and UTF-8 encoded again for every socket. `binary: false` keeps it a text frame, as the protocol says.
    this.ws.send(bytes, TEXT_FRAME);
    return true;
  }

  /** Open and able to take `bytes` more; a reader past the buffer bound is cut off here. */
  private writable(bytes: number): boolean {
    if (this.closing || this.ws.readyState !== WebSocket.OPEN) return false;
    if (!exceedsBuffer(this.ws.bufferedAmount, bytes, this.maxBufferedBytes)) return true;
    this.metrics.disconnects.inc({ reason: 'slow_reader' });
    this.log.info({ session: this.id, buffered: this.ws.bufferedAmount }, 'slow_reader_disconnected');
    this.close(CLOSE_CODES.SLOW_READER, 'slow reader: too much unread data');
    // The close frame queues behind the unread data; do not wait for a reader that is not reading.
    setTimeout(() => this.ws.terminate(), 1000).unref();
    return false;
  }

  close(code: number, why: string): void {
    if (this.closing) return;
    this.closing = true;
    this.ws.close(code, closeReason(why));
  }
}
