import type { ServerFrame } from '@tribune/contracts';
import type { Identity } from '../auth/viewer-token';

/** One viewer connection as the node sees it, independent of the socket library. */
export interface Session {
  readonly id: string;
  readonly identity: Identity;
  readonly ip: string;
  /** Rooms this connection joined. */
  readonly rooms: Set<string>;
  /** Sends of this connection still waiting for Kafka. */
  pendingSends: number;
  send(frame: ServerFrame): void;
  /**
   * Writes a text frame encoded once for many recipients (room fan-out): the same bytes to every
   * socket, nothing counted or measured per viewer. False when it was not written (the socket is
   * closing, or this write would pass the buffer bound and the reader was cut off).
   */
  sendShared(bytes: Buffer): boolean;
  close(code: number, reason: string): void;
}
