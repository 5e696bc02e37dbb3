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
  /** Sends a frame already encoded once for many recipients (room fan-out). */
  sendEncoded(type: ServerFrame['type'], text: string): void;
  close(code: number, reason: string): void;
}
