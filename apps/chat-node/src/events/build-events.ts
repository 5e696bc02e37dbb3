import { v7 as uuidv7 } from 'uuid';
import type { ChatUser, MessageEvent, MessageStatus, ModerationEvent } from '@tribune/contracts';
import type { Decision } from '@tribune/moderation';

export interface ReceivedMessage {
  room: string;
  user: ChatUser;
  text: string;
  cid: string;
  ts: number;
}

export interface EventBatch {
  message: MessageEvent;
  moderation: ModerationEvent[];
}

/**
 * The Kafka record of one received message and of every decision about it: one moderation
 * event per rule hit, or a single hit-less one when the engine refused without naming a rule.
 */
export function buildEvents(
  received: ReceivedMessage,
  decision: Decision,
  status: MessageStatus,
  context: { node: string; rulesVersion: number; newId?: () => string },
): EventBatch {
  const newId = context.newId ?? uuidv7;
  const message: MessageEvent = {
    v: 1,
    id: newId(),
    ts: received.ts,
    room: received.room,
    user: received.user,
    text: received.text,
    ...(decision.text !== received.text ? { deliveredText: decision.text } : {}),
    status,
    hits: decision.hits,
    cid: received.cid,
    node: context.node,
    rulesVersion: context.rulesVersion,
  };
  const base = {
    v: 1 as const,
    ts: received.ts,
    room: received.room,
    messageId: message.id,
    userId: received.user.id,
    source: 'engine' as const,
    node: context.node,
    rulesVersion: context.rulesVersion,
    ...(decision.reason ? { reason: decision.reason } : {}),
  };
  // A timeout event says for how long the user is muted (the longest timeout among the hits).
  const timeoutReason =
    decision.action === 'timeout' && decision.timeoutSeconds !== undefined
      ? { reason: `${decision.reason ? `${decision.reason} ` : ''}timeout:${decision.timeoutSeconds}s` }
      : {};
  const moderation: ModerationEvent[] = decision.hits.map((hit) => ({ ...base, id: newId(), action: hit.action, hit, ...(hit.action === 'timeout' ? timeoutReason : {}) }));
  if (moderation.length === 0 && decision.action !== 'allow') moderation.push({ ...base, id: newId(), action: decision.action, ...timeoutReason });
  return { message, moderation };
}
