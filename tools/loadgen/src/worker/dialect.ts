import type { ServerFrame } from '@tribune/contracts';

/**
 * How a client speaks to a system: Tribune's JSON frames (Tribune and the raw peer), or Socket.IO 4 over a bare
 * WebSocket (engine.io v4 packets: `40` connects the namespace, `42["event",data]` is an event, the server's `2` ping
 * is answered `3`). The Socket.IO peer emits Tribune-shaped objects as event data, so counting `"text":"b:` in the raw
 * bytes works for both.
 */
export type Dialect = 'tribune' | 'socketio';

type Send = (data: string) => void;

export function joinFrame(dialect: Dialect, room: string, since?: string): string {
  const frame = { type: 'join', room, ...(since === undefined ? {} : { since }) };
  return dialect === 'socketio' ? `42${JSON.stringify(['join', frame])}` : JSON.stringify(frame);
}

export function sendFrame(dialect: Dialect, room: string, cid: string, text: string): string {
  const frame = { type: 'send', room, cid, text };
  return dialect === 'socketio' ? `42${JSON.stringify(['send', frame])}` : JSON.stringify(frame);
}

/**
 * What to do as the socket opens and for each frame before the application's: returns true when the frame was
 * protocol plumbing (answered or ignored), false for an application frame. `ready` runs once the client may join.
 */
export function opened(dialect: Dialect, send: Send, ready: () => void): void {
  if (dialect === 'socketio') send('40');
  else ready();
}

export function plumbing(dialect: Dialect, data: Buffer, send: Send, ready: () => void): boolean {
  if (dialect !== 'socketio') return false;
  const first = data[0];
  if (first === 0x32 /* '2': ping */ && data.length === 1) {
    send('3');
    return true;
  }
  if (first === 0x30 /* '0': engine.io open */) return true;
  if (first === 0x34 && data[1] === 0x30 /* '40': namespace connected */) {
    ready();
    return true;
  }
  return first !== 0x34 || data[1] !== 0x32; // anything but an event is plumbing
}

/** The application frame in a (non-plumbing) message. */
export function decode(dialect: Dialect, data: Buffer): ServerFrame {
  const text = data.toString('utf8');
  if (dialect === 'socketio') return (JSON.parse(text.slice(2)) as [string, ServerFrame])[1];
  return JSON.parse(text) as ServerFrame;
}
