import { ERROR_CODES, type ChatMessage, type ChatUser, type MessageStatus } from '@tribune/contracts';
import type { Logger } from '@tribune/service-kit';
import { UnavailableError } from '../errors';
import { buildEvents } from '../events/build-events';
import type { EventSink } from '../events/event-sink';
import type { Fanout } from '../fanout/fanout';
import type { ChatMetrics } from '../metrics';
import { isDelivered, statusForAction } from '../moderation/message-status';
import type { Judge } from '../moderation/moderator';

export interface SendRequest {
  room: string;
  text: string;
  cid: string;
  user: ChatUser;
}

export interface SendOutcome {
  id: string;
  status: MessageStatus;
  reason?: string;
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
  logger: Logger;
  metrics: Pick<ChatMetrics, 'messages' | 'fanoutErrors'>;
}

/**
 * The send pipeline: judge → record in Kafka (and wait for it) → deliver. Nothing is delivered
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
    const { moderator, sink, fanout, nodeId, metrics } = this.deps;
    const ts = Date.now();
    const { decision, rulesVersion } = moderator.judge({ text: request.text, user: request.user, room: request.room, ts });
    const status = statusForAction(decision.action);
    const events = buildEvents({ ...request, ts }, decision, status, { node: nodeId, rulesVersion });
    const id = events.message.id;
    try {
      await sink.record(events);
    } catch (err) {
      if (!(err instanceof UnavailableError)) throw err;
      metrics.messages.inc({ status: 'unrecorded' });
      // Not confirmed by Kafka, so not delivered: the sender learns it was refused and why.
      return { id, status: 'rejected', reason: ERROR_CODES.UNAVAILABLE, notRecorded: true };
    }
    metrics.messages.inc({ status });
    const reason = status === 'accepted' ? undefined : reasonFor(decision.reason, decision.hits[0]?.kind);
    const delivered: ChatMessage = { room: request.room, id, user: request.user, text: decision.text, ts };
    if (status === 'shadowed') return { id, status, reason, shadowEcho: delivered };
    if (!isDelivered(status)) return { id, status, reason };
    try {
      await fanout.publishMessage(delivered);
      return { id, status, reason };
    } catch (err) {
      // Recorded in Kafka with its status, so the ack stays truthful; the sender is also told
      // that viewers did not receive it.
      metrics.fanoutErrors.inc();
      this.log.error({ err, id, room: request.room }, 'fanout_publish_failed');
      return { id, status, reason, deliveryFailed: true };
    }
  }
}

function reasonFor(engineReason: string | undefined, hitKind: 'word' | 'spam' | undefined): string {
  if (engineReason) return engineReason;
  if (hitKind === 'word') return 'word_rule';
  if (hitKind === 'spam') return 'spam_rule';
  return 'moderation';
}
