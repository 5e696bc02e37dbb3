import { v7 as uuidv7 } from 'uuid';
import { ERROR_CODES, type ClientFrame, type FanoutEnvelope, type ServerFrame } from '@tribune/contracts';
import type { Logger } from '@tribune/service-kit';
import type { Fanout } from './fanout/fanout';
import { HISTORY_LENGTH } from './fanout/fanout';
import type { SendMessage } from './messaging/send-message';
import type { ChatMetrics } from './metrics';
import type { Presence } from './presence/presence';
import { RoomRegistry } from './rooms/room-registry';
import { encodeServerFrame } from './transport/frame-codec';
import type { RoomAdmission } from './rules/live-rules';
import type { ConnectionHandler } from './transport/ws-gateway';
import type { Session } from './transport/session';

export interface ChatNodeDeps {
  /** Whether a room may be joined (it is in the published room list and not archived). */
  admitRoom?: (room: string) => RoomAdmission;
  fanout: Fanout;
  presence: Presence;
  sendMessage: SendMessage;
  maxPendingSends: number;
  maxRoomsPerConnection: number;
  logger: Logger;
  metrics: ChatMetrics;
}

/**
 * The node's behaviour per connection: joins and leaves (with the room subscription and the
 * presence count that follow), sends through the pipeline, and delivery of fanned-out traffic
 * to local viewers. The transport gives it decoded frames; it answers with server frames.
 */
export class ChatNode implements ConnectionHandler {
  private readonly rooms = new RoomRegistry<Session>();
  /** The room's subscription, awaited by every join so nobody is told "joined" before it is live. */
  private readonly subscriptions = new Map<string, Promise<void>>();
  private readonly log: Logger;

  constructor(private readonly deps: ChatNodeDeps) {
    this.log = deps.logger.child({ module: 'chat_node' });
  }

  opened(session: Session): void {
    this.log.debug({ session: session.id, kind: session.identity.kind }, 'connection_opened');
  }

  closed(session: Session): void {
    for (const room of [...session.rooms]) this.leave(session, room);
    this.log.debug({ session: session.id }, 'connection_closed');
  }

  frame(session: Session, frame: ClientFrame): void {
    switch (frame.type) {
      case 'ping':
        session.send({ type: 'pong' });
        return;
      case 'join':
        this.join(session, frame.room).catch((err: unknown) => this.frameFailed(session, 'join', err));
        return;
      case 'leave':
        this.leave(session, frame.room);
        return;
      case 'send':
        this.send(session, frame).catch((err: unknown) => this.frameFailed(session, 'send', err));
        return;
    }
  }

  /** Last resort for a frame whose handling threw past its own error handling: that viewer is told, nobody else notices. */
  private frameFailed(session: Session, frame: string, err: unknown): void {
    this.log.error({ err, session: session.id, frame }, 'frame_failed');
    session.send({ type: 'error', code: ERROR_CODES.INTERNAL, message: 'internal error' });
  }

  /** Delivers one envelope from the room channel to this node's viewers of the room. */
  deliver(envelope: FanoutEnvelope): void {
    let room: string;
    let frame: ServerFrame;
    switch (envelope.kind) {
      case 'message':
        room = envelope.message.room;
        frame = { type: 'message', ...envelope.message };
        this.deps.metrics.fanoutSeconds.observe(Math.max(0, Date.now() - envelope.message.ts) / 1000);
        break;
      case 'deleted':
        room = envelope.room;
        frame = { type: 'deleted', room: envelope.room, id: envelope.id };
        break;
      case 'notice':
        room = envelope.room;
        frame = { type: 'notice', room: envelope.room, text: envelope.text };
        break;
    }
    const members = this.rooms.members(room);
    if (members.size === 0) return;
    // Encoded once per message, not once per viewer: a room can hold thousands on one node.
    const text = encodeServerFrame(frame);
    for (const session of members) session.sendEncoded(frame.type, text);
  }

  /** This node's viewer count per room it holds (re-asserted into presence on every heartbeat). */
  localCounts(): Map<string, number> {
    return new Map(this.rooms.roomNames().map((room) => [room, this.rooms.count(room)]));
  }

  /** Rooms with local viewers (for presence cleanup at shutdown). */
  localRooms(): string[] {
    return this.rooms.roomNames();
  }

  private async join(session: Session, room: string): Promise<void> {
    const { fanout, presence, maxRoomsPerConnection } = this.deps;
    const admission = this.deps.admitRoom?.(room) ?? 'ok';
    if (admission !== 'ok') {
      const why = admission === 'archived' ? `room ${room} is archived: it takes no viewers` : `no room ${room}: join a room the site published`;
      session.send({ type: 'error', code: ERROR_CODES.UNKNOWN_ROOM, message: why });
      return;
    }
    if (!session.rooms.has(room) && session.rooms.size >= maxRoomsPerConnection) {
      session.send({ type: 'error', code: ERROR_CODES.RATE_LIMITED, message: `at most ${maxRoomsPerConnection} rooms per connection` });
      return;
    }
    session.rooms.add(room);
    const { first } = this.rooms.join(room, session);
    try {
      if (first) this.subscriptions.set(room, fanout.subscribeRoom(room));
      await this.subscriptions.get(room);
      // The count as it is when the write is issued: writes are ordered, so the last one wins with the truth.
      await presence.setLocalViewers(room, this.rooms.count(room));
      const [history, viewers] = await Promise.all([fanout.recentHistory(room, HISTORY_LENGTH), presence.totalViewers(room)]);
      // The viewer may have left or disconnected while we were reading.
      if (!session.rooms.has(room)) return;
      session.send({ type: 'joined', room, history, viewers });
    } catch (err) {
      this.log.error({ err, room }, 'join_failed');
      this.leave(session, room);
      session.send({ type: 'error', code: ERROR_CODES.UNAVAILABLE, message: `could not join ${room}, try again` });
    }
  }

  private leave(session: Session, room: string): void {
    if (!session.rooms.delete(room)) return;
    const { last } = this.rooms.leave(room, session);
    if (last) {
      const subscribed = this.subscriptions.get(room);
      this.subscriptions.delete(room);
      void (subscribed ?? Promise.resolve())
        .catch(() => undefined)
        .then(() => (this.rooms.count(room) === 0 ? this.deps.fanout.unsubscribeRoom(room) : undefined))
        .catch((err: unknown) => this.log.warn({ err, room }, 'unsubscribe_failed'));
    }
    this.deps.presence.setLocalViewers(room, this.rooms.count(room)).catch((err: unknown) => this.log.warn({ err, room }, 'presence_update_failed'));
  }

  private async send(session: Session, frame: Extract<ClientFrame, { type: 'send' }>): Promise<void> {
    if (session.identity.kind !== 'viewer') {
      session.send({ type: 'error', code: ERROR_CODES.READ_ONLY, message: 'guests cannot send: connect with a viewer token' });
      return;
    }
    if (!session.rooms.has(frame.room)) {
      session.send({ type: 'error', code: ERROR_CODES.NOT_JOINED, message: `join ${frame.room} before sending to it` });
      return;
    }
    if (session.pendingSends >= this.deps.maxPendingSends) {
      session.send({ type: 'error', code: ERROR_CODES.RATE_LIMITED, message: 'too many messages awaiting acknowledgement' });
      return;
    }
    session.pendingSends += 1;
    try {
      const outcome = await this.deps.sendMessage.run({ room: frame.room, text: frame.text, cid: frame.cid, user: session.identity.user });
      if (outcome.shadowEcho) session.send({ type: 'message', ...outcome.shadowEcho });
      session.send({ type: 'ack', cid: frame.cid, id: outcome.id, status: outcome.status, ...(outcome.reason ? { reason: outcome.reason } : {}) });
      if (outcome.notRecorded) session.send({ type: 'error', code: ERROR_CODES.UNAVAILABLE, message: 'chat is temporarily unavailable, message not sent' });
      if (outcome.deliveryFailed) session.send({ type: 'error', code: ERROR_CODES.UNAVAILABLE, message: `message ${outcome.id} was recorded but not delivered to the room` });
    } catch (err) {
      this.log.error({ err, room: frame.room }, 'send_failed');
      // Every send gets its ack, so the client can settle its `cid`; the id is fresh and names no recorded message.
      session.send({ type: 'ack', cid: frame.cid, id: uuidv7(), status: 'rejected', reason: ERROR_CODES.INTERNAL });
      session.send({ type: 'error', code: ERROR_CODES.INTERNAL, message: 'internal error, message not sent' });
    } finally {
      session.pendingSends -= 1;
    }
  }
}
