import { ERROR_CODES, SANCTION_REASONS, type ChatMessage, type ChatUser, type MessageStatus } from '@tribune/contracts';
import type { Logger } from '@tribune/service-kit';
import { UnavailableError } from '../errors';
import type { Decision } from '@tribune/moderation';
import { buildEvents, type EventBatch } from '../events/build-events';
import type { EventSink } from '../events/event-sink';
import type { Fanout } from '../fanout/fanout';
import type { ChatMetrics } from '../metrics';
import { isDelivered, statusForAction } from '../moderation/message-status';
import type { Judge } from '../moderation/moderator';
import type { ReviewQueue } from '../review/review-queue';
import type { ActiveSanction, Sanctions } from '../sanctions/sanctions';

/** `ack.reason` of a send refused because its sender is timed out in the room. */
export const TIMED_OUT = SANCTION_REASONS.TIMED_OUT;
/** `ack.reason` of a send refused because its sender is banned from the room or from every room. */
export const BANNED = SANCTION_REASONS.BANNED;
/** `ack.reason` of a message recorded in Kafka whose publish to the room failed (Redis unreachable). */
export const NOT_DELIVERED = 'not_delivered';

export interface SendRequest {
  room: string;
  text: string;
  cid: string;
  user: ChatUser;
  /** ms since epoch when this connection joined the room (the first-time-chatter wait counts from it). */
  joinedAt?: number;
}

export interface SendOutcome {
  id: string;
  status: MessageStatus;
  reason?: string;
  /** A room mode's wait refused the message: whole seconds until the user may send (`ack.retryAfterSeconds`). */
  retryAfterSeconds?: number;
  /** For a shadowed message: what the sender alone is shown, as if it had been delivered. */
  shadowEcho?: ChatMessage;
  /** Kafka did not confirm the events: nothing was delivered. */
  notRecorded?: boolean;
  /** Kafka has the message, but publishing it to the room failed: viewers did not get it. */
  deliveryFailed?: boolean;
}

export interface SendMessageDeps {
  nodeId: string;
  moderator: Judge;
  sink: EventSink;
  fanout: Fanout;
  sanctions: Sanctions;
  /** Where held messages wait for a moderator; none: a held message is only recorded. */
  reviewQueue?: ReviewQueue;
  logger: Logger;
  metrics: Pick<ChatMetrics, 'messages' | 'fanoutErrors' | 'sanctionErrors'> & Partial<Pick<ChatMetrics, 'heldQueued'>>;
}

/**
 * The send pipeline: sanctions → judge → record in Kafka (and wait for it) → sanction → deliver.
 * A banned or timed-out sender's message is refused unjudged but still recorded. Nothing is delivered
 * or acknowledged before Kafka accepted the events; a Kafka failure
 * is reported as `rejected` / `unavailable`, so the sender is never told a message was accepted
 * that is not recorded.
 */
export class SendMessage {
  private readonly log: Logger;

  constructor(private readonly deps: SendMessageDeps) {
    this.log = deps.logger.child({ module: 'send' });
  }

  async run(request: SendRequest): Promise<SendOutcome> {
    const { moderator, fanout, metrics } = this.deps;
    const ts = Date.now();
    const sanction = await this.sanctionOf(request);
    if (sanction) return this.refuseSanctioned(request, ts, sanction);
    const { decision, rulesVersion } = await moderator.judge({ text: request.text, user: request.user, room: request.room, ts, ...(request.joinedAt === undefined ? {} : { joinedAt: request.joinedAt }) });
    const status = statusForAction(decision.action);
    const events = this.build(request, ts, decision, status, rulesVersion);
    const id = events.message.id;
    if (!(await this.record(events))) return { id, status: 'rejected', reason: ERROR_CODES.UNAVAILABLE, notRecorded: true };
    metrics.messages.inc({ status });
    // Only once Kafka has the decision: a mute nobody can see in the analytics would be unexplained.
    if (decision.action === 'timeout') await this.timeOut(request, decision.timeoutSeconds, decision.reason);
    const reason = status === 'accepted' ? undefined : reasonFor(decision.reason, decision.hits[0]?.kind);
    const delivered: ChatMessage = { room: request.room, id, user: request.user, text: decision.text, ts };
    if (status === 'shadowed') return { id, status, reason, shadowEcho: delivered };
    if (status === 'held') await this.queueForReview(events, decision.text);
    if (!isDelivered(status)) return { id, status, reason, ...(decision.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: decision.retryAfterSeconds }) };
    try {
      await fanout.publishMessage(delivered);
      return { id, status, reason };
    } catch (err) {
      // Recorded in Kafka with its status, so the ack stays truthful; the sender is also told
      // that viewers did not receive it.
      metrics.fanoutErrors.inc();
      this.log.error({ err, id, room: request.room }, 'fanout_publish_failed');
      return { id, status, reason: reason ?? NOT_DELIVERED, deliveryFailed: true };
    }
  }

  /**
   * A failed check lets the message through to the rules: Redis being down already stops delivery
   * to the room, and refusing every send would also stop recording them.
   */
  private async sanctionOf(request: SendRequest): Promise<ActiveSanction | null> {
    try {
      return await this.deps.sanctions.active(request.room, request.user.id);
    } catch (err) {
      this.deps.metrics.sanctionErrors.inc({ op: 'check' });
      this.log.warn({ err, room: request.room, user: request.user.id }, 'timeout_check_failed');
      return null;
    }
  }

  /**
   * Not judged (the spam state is not fed by a sanctioned user), but recorded like any refusal: the decision's reason
   * says which sanction (`banned:global`, `banned:room`, `timed_out`). The ack says `banned` or `timed_out`, with the
   * whole seconds left when the sanction expires.
   */
  private async refuseSanctioned(request: SendRequest, ts: number, sanction: ActiveSanction): Promise<SendOutcome> {
    const reason = sanction.kind === 'ban' ? BANNED : TIMED_OUT;
    const recorded = sanction.kind === 'ban' ? `${BANNED}:${sanction.scope}` : TIMED_OUT;
    const decision: Decision = { action: 'reject', text: request.text, hits: [], reason: recorded };
    const events = this.build(request, ts, decision, 'rejected', this.deps.moderator.rulesVersion());
    const id = events.message.id;
    if (!(await this.record(events))) return { id, status: 'rejected', reason: ERROR_CODES.UNAVAILABLE, notRecorded: true };
    this.deps.metrics.messages.inc({ status: 'rejected' });
    const left = sanction.until === null ? undefined : Math.max(1, Math.ceil((sanction.until - Date.now()) / 1000));
    return { id, status: 'rejected', reason, ...(left === undefined ? {} : { retryAfterSeconds: left }) };
  }

  /**
   * After Kafka has it, as every side effect: a held message that Redis refused stays recorded as held (the sender is
   * told `held` all the same) but nobody can review it; counted and logged, never thrown into the ack.
   */
  private async queueForReview(events: EventBatch, deliveredText: string): Promise<void> {
    const queue = this.deps.reviewQueue;
    if (!queue) return;
    const m = events.message;
    try {
      await queue.enqueue({
        v: 1,
        id: m.id,
        ts: m.ts,
        room: m.room,
        user: m.user,
        text: m.text,
        deliveredText,
        hits: m.hits,
        ...(events.moderation[0]?.reason ? { reason: events.moderation[0].reason } : {}),
        node: m.node,
        rulesVersion: m.rulesVersion,
      });
      this.deps.metrics.heldQueued?.inc({ outcome: 'queued' });
    } catch (err) {
      this.deps.metrics.heldQueued?.inc({ outcome: 'failed' });
      this.log.error({ err, id: m.id, room: m.room }, 'held_not_queued');
    }
  }

  private async timeOut(request: SendRequest, seconds: number | undefined, reason: string | undefined): Promise<void> {
    // compile() requires timeoutSeconds on a timeout rule, so this is a guard, not a path.
    if (seconds === undefined) return;
    try {
      await this.deps.sanctions.timeOut(request.room, request.user.id, seconds, { by: 'engine', reason: reason ?? null });
      this.log.info({ room: request.room, user: request.user.id, seconds }, 'user_timed_out');
    } catch (err) {
      this.deps.metrics.sanctionErrors.inc({ op: 'apply' });
      this.log.error({ err, room: request.room, user: request.user.id, seconds }, 'timeout_not_applied');
    }
  }

  private build(request: SendRequest, ts: number, decision: Decision, status: MessageStatus, rulesVersion: number): EventBatch {
    return buildEvents({ ...request, ts }, decision, status, { node: this.deps.nodeId, rulesVersion });
  }

  /** False when Kafka did not confirm: not confirmed, so not delivered, and the sender learns why. */
  private async record(events: EventBatch): Promise<boolean> {
    try {
      await this.deps.sink.record(events);
      return true;
    } catch (err) {
      if (!(err instanceof UnavailableError)) throw err;
      this.deps.metrics.messages.inc({ status: 'unrecorded' });
      return false;
    }
  }
}

function reasonFor(engineReason: string | undefined, hitKind: 'word' | 'spam' | undefined): string {
  if (engineReason) return engineReason;
  if (hitKind === 'word') return 'word_rule';
  if (hitKind === 'spam') return 'spam_rule';
  return 'moderation';
}
