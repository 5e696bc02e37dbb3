import type { MessageStatus } from '@tribune/contracts';
import type { DecisionAction } from '@tribune/moderation';

const STATUS_BY_ACTION: Record<DecisionAction, MessageStatus> = {
  allow: 'accepted',
  mask: 'masked',
  hold: 'held',
  shadow: 'shadowed',
  block: 'blocked',
  reject: 'rejected',
  timeout: 'rejected',
};

/** The agreed mapping from an engine decision to the status the sender and analytics see. */
export function statusForAction(action: DecisionAction): MessageStatus {
  return STATUS_BY_ACTION[action];
}

/** Statuses whose message is delivered to the whole room. */
export function isDelivered(status: MessageStatus): boolean {
  return status === 'accepted' || status === 'masked';
}
