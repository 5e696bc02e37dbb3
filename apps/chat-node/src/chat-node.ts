import { v7 as uuidv7 } from 'uuid';
import { ERROR_CODES, type ClientFrame, type FanoutEnvelope } from '@tribune/contracts';
import type { Logger } from '@tribune/service-kit';
import type { Fanout } from './fanout/fanout';
import { HISTORY_LENGTH } from './fanout/fanout';
import { ackStatus } from './messaging/ack-status';
import type { SendMessage } from './messaging/send-message';
import type { Random } from './delivery/lane-plan';
import { RoomDelivery, type DeliverySettings } from './delivery/room-delivery';
import type { ChatMetrics } from './metrics';
import { MODERATOR_ROLE, type ModActions, type ModFrame } from './moderation/mod-actions';
import type { Presence } from './presence/presence';
import { RoomRegistry } from './rooms/room-registry';
import type { RoomAdmission } from './rules/live-rules';
import type { RoomCounters } from './stats/room-stats';
import type { ConnectionHandler } from './transport/ws-gateway';
import type { Session } from './transport/session';

export interface ChatNodeDeps {
  /** Whether a room may be joined (it is in the published room list and not archived). */
  admitRoom?: (room: string) => RoomAdmission;
  /** What a viewer joining `room` is told is in force (closed, slow mode…), '' for nothing: sent as a `notice` after `joined`. */
  roomNotice?: (room: string) => string;
  fanout: Fanout;
  presence: Presence;
  sendMessage: SendMessage;
  /** Moderator tools (`mod` frames); none: every `mod` frame is refused as unavailable. */
  modActions?: ModActions;
  maxPendingSends: number;
  maxRoomsPerConnection: number;
  logger: Logger;
  metrics: ChatMetrics;
  delivery: DeliverySettings;
  /** How long a room stays subscribed, its ring fed, after its last local viewer left. */
  roomLingerMs: number;
  /** Live figures per room (joins, delivery latency, sampled deliveries); none: not counted. */
  counters?: RoomCounters;
  random?: Random;
}

interface LocalRoom {
  subscribed: Promise<void>;
  delivery: RoomDelivery;
  linger: NodeJS.Timeout | null;
}

/**
 * The node's behaviour per connection: joins and leaves (with the room subscription and the
 * presence count that follow), sends through the pipeline, and delivery of fanned-out traffic
 * to local viewers (batched per room, see delivery/). The transport gives it decoded frames; it answers with server frames.
 */
export class ChatNode implements ConnectionHandler {
  private readonly rooms = new RoomRegistry<Session>();
  /** Rooms this node receives: subscription (awaited by every join, so nobody is told "joined" before it is live), delivery, linger. */
  private readonly local = new Map<string, LocalRoom>();
  /** When each connection joined each of its rooms: the first-time-chatter wait counts from it. */
  private readonly joinedAt = new WeakMap<Session, Map<string, number>>();
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
        this.join(session, frame.room, frame.since).catch((err: unknown) => this.frameFailed(session, 'join', err));
        return;
      case 'leave':
        this.leave(session, frame.room);
        return;
      case 'send':
        this.send(session, frame).catch((err: unknown) => this.frameFailed(session, 'send', err));
        return;
      case 'mod':
        this.mod(session, frame).catch((err: unknown) => this.frameFailed(session, 'mod', err));
        return;
    }
  }

  /** Last resort for a frame whose handling threw past its own error handling: that viewer is told, nobody else notices. */
  private frameFailed(session: Session, frame: string, err: unknown): void {
    this.log.error({ err, session: session.id, frame }, 'frame_failed');
    session.send({ type: 'error', code: ERROR_CODES.INTERNAL, message: 'internal error' });
  }

  /** Delivers one envelope from the room channel (parsed once for the node) to this node's viewers of the room. */
  deliver(envelope: FanoutEnvelope): void {
    switch (envelope.kind) {
      case 'message':
        // Batched per room: one frame per flush, encoded once for every local viewer.
        this.local.get(envelope.message.room)?.delivery.add(envelope.message);
        return;
      case 'deleted': {
        // Out of this node's ring too (no later join or `since` gets it), then each viewer here is told.
        const id = envelope.id;
        this.local.get(envelope.room)?.delivery.removeMessages((m) => m.id === id, [id]);
        return;
      }
      case 'purged': {
        const userId = envelope.userId;
        const removed = this.local.get(envelope.room)?.delivery.removeMessages((m) => m.user.id === userId) ?? [];
        this.log.info({ room: envelope.room, user: userId, removed: removed.length }, 'user_purged');
        return;
      }
      case 'notice':
        this.local.get(envelope.room)?.delivery.broadcast({ type: 'notice', room: envelope.room, text: envelope.text });
        return;
    }
  }

  /** Tells this node's viewers of `room` something about it (a mode changed): every node tells its own viewers. */
  notice(room: string, text: string): void {
    this.local.get(room)?.delivery.broadcast({ type: 'notice', room, text });
  }

  /**
   * The room channels were interrupted (the Redis subscriber reconnected): messages published meanwhile never
   * reached the rings, so each ring starts over (refilled from Redis at the next join; a `since` from before the gap
   * is answered `recovered: false`), and once the subscription is confirmed live the room's shared history is read
   * back and whatever this node never delivered is delivered now — so a message published to a restarted Redis
   * before this node resubscribed still reaches its viewers.
   */
  fanoutReconnected(): void {
    for (const [room, local] of this.local) {
      const before = local.delivery.markGap();
      this.deps.fanout
        .catchUpAfterReconnect(room)
        .then((history) => {
          if (this.local.get(room) !== local) return;
          const added = local.delivery.backfill(history, before);
          if (added > 0) this.log.info({ room, added }, 'fanout_backfilled');
        })
        .catch((err: unknown) => this.log.warn({ err, room }, 'fanout_backfill_failed'));
    }
  }

  /** This node's viewer count per room it holds (re-asserted into presence on every heartbeat). */
  localCounts(): Map<string, number> {
    return new Map(this.rooms.roomNames().map((room) => [room, this.rooms.count(room)]));
  }

  /** Rooms with local viewers (for presence cleanup at shutdown). */
  localRooms(): string[] {
    return this.rooms.roomNames();
  }

  private async join(session: Session, room: string, since: string | undefined): Promise<void> {
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
    if (!session.rooms.has(room)) {
      let joins = this.joinedAt.get(session);
      if (!joins) this.joinedAt.set(session, (joins = new Map()));
      joins.set(room, Date.now());
    }
    session.rooms.add(room);
    this.rooms.join(room, session);
    const local = this.openRoom(room);
    try {
      await local.subscribed;
      // The count as it is when the write is issued: writes are ordered, so the last one wins with the truth.
      await presence.setLocalViewers(room, this.rooms.count(room));
      // History comes from the node's ring; Redis is read only when the node has none for the room.
      const [viewers] = await Promise.all([presence.totalViewers(room), local.delivery.seed(() => fanout.recentHistory(room, HISTORY_LENGTH))]);
      // The viewer may have left or disconnected while we were reading.
      if (!session.rooms.has(room) || this.local.get(room) !== local) return;
      // Snapshot and admission in one synchronous step: every later flush reaches the viewer live.
      const { history, recovered } = local.delivery.catchUp(since, HISTORY_LENGTH);
      local.delivery.admit(session);
      session.send({ type: 'joined', room, history, viewers, ...(recovered === undefined ? {} : { recovered }) });
      this.deps.counters?.add(room, Date.now(), 'joins');
      const inForce = this.deps.roomNotice?.(room);
      if (inForce) session.send({ type: 'notice', room, text: inForce });
    } catch (err) {
      this.log.error({ err, room }, 'join_failed');
      this.leave(session, room);
      session.send({ type: 'error', code: ERROR_CODES.UNAVAILABLE, message: `could not join ${room}, try again` });
    }
  }

  /** The room's local state, subscribing to its channel when the node has none (or stopping its linger). */
  private openRoom(room: string): LocalRoom {
    const open = this.local.get(room);
    if (open) {
      if (open.linger) clearTimeout(open.linger);
      open.linger = null;
      return open;
    }
    const local: LocalRoom = {
      subscribed: this.deps.fanout.subscribeRoom(room),
      delivery: new RoomDelivery({ room, settings: this.deps.delivery, metrics: this.deps.metrics, counters: this.deps.counters, random: this.deps.random }),
      linger: null,
    };
    this.local.set(room, local);
    // A failed subscription is not kept: the next join tries again.
    local.subscribed.catch(() => {
      if (this.local.get(room) !== local) return;
      this.local.delete(room);
      local.delivery.stop();
    });
    return local;
  }

  private leave(session: Session, room: string): void {
    if (!session.rooms.delete(room)) return;
    this.joinedAt.get(session)?.delete(room);
    const { last } = this.rooms.leave(room, session);
    const local = this.local.get(room);
    local?.delivery.remove(session);
    if (last && local) this.closeLater(room, local);
    this.deps.presence.setLocalViewers(room, this.rooms.count(room)).catch((err: unknown) => this.log.warn({ err, room }, 'presence_update_failed'));
  }

  /**
   * The room stays subscribed for `roomLingerMs` after its last local viewer left, so its ring keeps
   * being fed and viewers who drop and come back (a reconnect storm) recover from it by `since`.
   */
  private closeLater(room: string, local: LocalRoom): void {
    const close = () => {
      local.linger = null;
      if (this.rooms.count(room) > 0 || this.local.get(room) !== local) return;
      this.local.delete(room);
      local.delivery.stop();
      void local.subscribed
        .catch(() => undefined)
        // Not when a join reopened the room meanwhile: its subscription is the live one.
        .then(() => (this.local.has(room) ? undefined : this.deps.fanout.unsubscribeRoom(room)))
        .catch((err: unknown) => this.log.warn({ err, room }, 'unsubscribe_failed'));
    };
    if (this.deps.roomLingerMs <= 0) return close();
    local.linger = setTimeout(close, this.deps.roomLingerMs);
    local.linger.unref();
  }

  /**
   * A moderator's action from the chat itself. Only a viewer whose token carries `moderator` (checked here, on the
   * node); the room must be one the site published. Applied on every node through Redis (mod-actions.ts), then acked.
   */
  private async mod(session: Session, frame: ModFrame): Promise<void> {
    if (session.identity.kind !== 'viewer' || !session.identity.user.roles.includes(MODERATOR_ROLE)) {
      session.send({ type: 'error', code: ERROR_CODES.NOT_MODERATOR, message: `mod frames need a viewer token with the ${MODERATOR_ROLE} role` });
      return;
    }
    if ((this.deps.admitRoom?.(frame.room) ?? 'ok') === 'unknown') {
      session.send({ type: 'error', code: ERROR_CODES.UNKNOWN_ROOM, message: `no room ${frame.room}` });
      return;
    }
    const actions = this.deps.modActions;
    if (!actions) {
      session.send({ type: 'error', code: ERROR_CODES.UNAVAILABLE, message: 'moderator tools are not available on this node' });
      return;
    }
    const outcome = await actions.apply(session.identity.user, frame, (room, id) => this.local.get(room)?.delivery.find(id));
    if (!outcome.applied) {
      session.send({ type: 'error', code: ERROR_CODES.UNAVAILABLE, message: outcome.why });
      return;
    }
    session.send({ type: 'mod_ack', action: frame.action, room: frame.room, ...(frame.cid === undefined ? {} : { cid: frame.cid }) });
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
      const joinedAt = this.joinedAt.get(session)?.get(frame.room);
      const outcome = await this.deps.sendMessage.run({ room: frame.room, text: frame.text, cid: frame.cid, user: session.identity.user, ...(joinedAt === undefined ? {} : { joinedAt }) });
      if (outcome.shadowEcho) session.send({ type: 'message', ...outcome.shadowEcho });
      session.send({
        type: 'ack',
        cid: frame.cid,
        id: outcome.id,
        ...ackStatus(outcome),
        ...(outcome.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: outcome.retryAfterSeconds }),
      });
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

