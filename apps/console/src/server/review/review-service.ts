import { systemAudit, type Audit } from '../audit/record-audit';
import type { HeldMessage, ModerationEvent, ReviewDecision } from '@tribune/contracts';
import type { Logger } from '@tribune/service-kit';
import type { Redis } from 'ioredis';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../app-error';
import type { Db } from '../db/prisma';
import type { DecisionRecorder } from './decision-recorder';
import type { ReviewQueueStore } from './review-queue-store';
import { publishRoomMessage } from './room-publisher';

/** `node` of the moderation events the console writes. */
export const CONSOLE_NODE = 'console';

export interface DecisionOutcome {
  item: HeldMessage;
  decision: ReviewDecision;
  /** approved: whether the room got it (false: recorded, but Redis refused the publish) */
  delivered: boolean;
}

export interface ReviewService {
  list(room: string | null): Promise<HeldMessage[]>;
  /** An operator's decision: recorded in PostgreSQL and Kafka (`chat.moderation`), then, if approved, delivered. */
  /** `room` must be the message's (a moderator's scope was judged on it); `audit` writes the row in the decision's transaction. */
  decide(input: { id: string; room: string; decision: 'approved' | 'rejected'; by: string; audit?: Audit }): Promise<DecisionOutcome>;
  /** Rejects, as `expired`, every message held longer than the expiry; how many. */
  expireDue(now?: number): Promise<number>;
  /** Per room, how many wait (the queue-depth metric). */
  depths(): Promise<Record<string, number>>;
}

export interface ReviewServiceDeps {
  db: Db;
  redis: Redis;
  prefix: string;
  store: ReviewQueueStore;
  recorder: DecisionRecorder;
  expireAfterMs: number;
  logger: Logger;
  onDecision?: (decision: ReviewDecision) => void;
}

const isUniqueViolation = (err: unknown) => typeof err === 'object' && err !== null && (err as { code?: string }).code === 'P2002';

export function createReviewService(deps: ReviewServiceDeps): ReviewService {
  const { db, store, recorder } = deps;
  const log = deps.logger.child({ module: 'review' });
  const minutes = deps.expireAfterMs / 60_000;

  function moderationEvent(item: HeldMessage, decision: ReviewDecision, by: string | null): ModerationEvent {
    const reason = decision === 'expired' ? `review: expired after ${minutes} min` : `review: ${decision} by ${by}`;
    return {
      v: 1,
      id: uuidv7(),
      ts: Date.now(),
      room: item.room,
      messageId: item.id,
      userId: item.user.id,
      source: 'operator',
      action: decision === 'approved' ? 'approve' : 'reject',
      ...(item.hits[0] ? { hit: item.hits[0] } : {}),
      node: CONSOLE_NODE,
      rulesVersion: item.rulesVersion,
      reason,
    };
  }

  /**
   * The one write path of a decision: claim the message in Redis (exactly one decider wins), then in one PostgreSQL
   * transaction the decision row (where an audit row joins it) and the Kafka record, awaited; a failure puts the
   * message back. Only a recorded decision is delivered or announced.
   */
  async function settle(id: string, decision: ReviewDecision, by: string | null, room: string | null, audit?: Audit): Promise<DecisionOutcome> {
    const item = await store.claim(id);
    if (!item) throw new AppError('ALREADY_DECIDED', `message ${id} is not waiting for review (decided or expired)`, [{ field: 'id', message: 'not in the queue' }]);
    if (room !== null && item.room !== room) {
      await store.restore(item);
      throw new AppError('NOT_FOUND', `message ${id} is not held in room ${room}`, [{ field: 'room', message: 'not the message’s room' }]);
    }
    try {
      await db.$transaction(async (tx) => {
        await tx.reviewDecision.create({ data: { messageId: item.id, roomId: item.room, userId: item.user.id, decision, decidedBy: by } });
        await audit?.(tx, { target: `held:${item.id}`, room: item.room, after: { decision, user: item.user.id, text: item.text } });
        await recorder.record(moderationEvent(item, decision, by));
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('ALREADY_DECIDED', `message ${id} was already decided`, [{ field: 'id', message: 'already decided' }]);
      await store.restore(item).catch((e: unknown) => log.error({ err: e, id }, 'review_restore_failed'));
      throw new AppError('DEPENDENCY_UNAVAILABLE', 'the decision could not be recorded (Kafka or PostgreSQL): the message stays in the queue', [], { cause: err });
    }
    deps.onDecision?.(decision);
    let delivered = false;
    if (decision === 'approved') {
      try {
        // The original id and ts: viewers, history and `join.since` see the message it always was.
        await publishRoomMessage(deps.redis, deps.prefix, { room: item.room, id: item.id, user: item.user, text: item.deliveredText, ts: item.ts });
        delivered = true;
      } catch (err) {
        log.error({ err, id, room: item.room }, 'review_approved_not_delivered');
      }
    }
    await store.publish({ v: 1, kind: 'decided', id: item.id, room: item.room, decision, by, ts: Date.now() }).catch((err: unknown) => log.warn({ err, id }, 'review_event_not_published'));
    log.info({ id, room: item.room, decision, by, delivered }, 'review_decided');
    return { item, decision, delivered };
  }

  return {
    list: (room) => store.list(room),
    decide: ({ id, room, decision, by, audit }) => settle(id, decision, by, room, audit),
    async expireDue(now = Date.now()) {
      let expired = 0;
      for (const id of await store.heldBefore(now - deps.expireAfterMs, 500)) {
        try {
          await settle(id, 'expired', null, null, systemAudit('review.expire'));
          expired++;
        } catch (err) {
          // Decided meanwhile by a moderator or another console: nothing to do. Anything else: next sweep.
          if (!(AppError.is(err) && err.code === 'ALREADY_DECIDED')) log.warn({ err: err instanceof Error ? err.message : String(err), id }, 'review_expiry_failed');
        }
      }
      return expired;
    },
    depths: () => store.depths(),
  };
}
